/**
 * Turns an upload into what is stored: the type from its content, images decoded and re-encoded with sharp
 * (which writes no metadata unless asked: EXIF, GPS position, camera serials are gone) after turning them
 * upright by their EXIF orientation, plus a small WebP thumbnail. PDFs are kept as sent.
 */
import sharp from 'sharp';
import { AppError } from '../../shared/errors';
import { EXTENSIONS, sniffType } from './sniff-type';

export interface ProcessedUpload {
  contentType: keyof typeof EXTENSIONS;
  data: Buffer;
  thumbnail: Buffer | null;
  /** The client's file name, cleaned, with the extension of the real type. */
  name: string;
}

/** Thumbnails fit in this many pixels each way: sharp on a phone screen, small on the wire. */
const THUMB_PX = 320;
/** Decompression bombs: a 40-megapixel photo is plenty. */
const MAX_PIXELS = 40_000_000;

export function cleanFileName(raw: string | undefined, ext: string): string {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
  // Control and bidi-override characters could disguise the name in a download dialog.
  const visible = base.replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069"]/g, '').trim();
  const stem = visible.replace(/\.[^.]*$/, '').slice(0, 100) || 'attachment';
  return `${stem}.${ext}`;
}

export async function processUpload(data: Buffer, rawName: string | undefined): Promise<ProcessedUpload> {
  const type = sniffType(data);
  if (type === 'image/heic') {
    throw new AppError('HEIC_UNSUPPORTED', {
      message: 'HEIC photos cannot be accepted yet: please send it as JPEG (on iPhone: Settings › Camera › Formats › Most Compatible).',
    });
  }
  if (type === null) {
    throw new AppError('UNSUPPORTED_TYPE', { message: 'Only photos (JPEG, PNG, WebP) and PDF files can be sent.' });
  }
  const name = cleanFileName(rawName, EXTENSIONS[type]);
  if (type === 'application/pdf') return { contentType: type, data, thumbnail: null, name };
  try {
    const image = () => sharp(data, { limitInputPixels: MAX_PIXELS }).rotate();
    const encoded =
      type === 'image/jpeg' ? image().jpeg({ quality: 85, mozjpeg: true }) : type === 'image/png' ? image().png() : image().webp({ quality: 85 });
    const [full, thumbnail] = await Promise.all([
      encoded.toBuffer(),
      image().resize(THUMB_PX, THUMB_PX, { fit: 'inside', withoutEnlargement: true }).webp({ quality: 70 }).toBuffer(),
    ]);
    return { contentType: type, data: full, thumbnail, name };
  } catch (err) {
    throw new AppError('UNSUPPORTED_TYPE', { message: 'The image could not be read: it may be damaged.', cause: err });
  }
}
