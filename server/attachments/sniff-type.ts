/**
 * What a file is, by its first bytes (magic numbers), never by its name or the type the client claims. Five
 * signatures, checked by hand: the well-known file-type package is ESM-only, which the CommonJS test runner
 * cannot load untransformed, and sharp re-checks every image by decoding it anyway.
 */
export type SniffedType = 'image/jpeg' | 'image/png' | 'image/webp' | 'application/pdf' | 'image/heic';

const startsWith = (data: Uint8Array, bytes: number[], at = 0) => bytes.every((b, i) => data[at + i] === b);
const ascii = (data: Uint8Array, from: number, to: number) => String.fromCharCode(...data.subarray(from, to));

/** HEIF brands that mean an HEVC-coded image (iPhone photos); AVIF (av01) is a different story. */
const HEIC_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1']);

export function sniffType(data: Uint8Array): SniffedType | null {
  if (startsWith(data, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(data, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (ascii(data, 0, 4) === 'RIFF' && ascii(data, 8, 12) === 'WEBP') return 'image/webp';
  if (ascii(data, 0, 5) === '%PDF-') return 'application/pdf';
  if (data.length >= 12 && ascii(data, 4, 8) === 'ftyp' && HEIC_BRANDS.has(ascii(data, 8, 12))) return 'image/heic';
  return null;
}

/** The extension a stored file's name gets for its real type (`invoice.exe` that is a PDF becomes `invoice.pdf`). */
export const EXTENSIONS: Record<Exclude<SniffedType, 'image/heic'>, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'application/pdf': 'pdf',
};
