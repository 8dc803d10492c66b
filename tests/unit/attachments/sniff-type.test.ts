import { sniffType } from '../../../server/attachments/sniff-type';
import { cleanFileName } from '../../../server/attachments/process-upload';

const bytes = (...parts: (number[] | string)[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));

describe('sniffType', () => {
  it('knows the accepted types by their first bytes', () => {
    expect(sniffType(bytes([0xff, 0xd8, 0xff, 0xe0], 'JFIF'))).toBe('image/jpeg');
    expect(sniffType(bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png');
    expect(sniffType(bytes('RIFF', [1, 2, 3, 4], 'WEBPVP8 '))).toBe('image/webp');
    expect(sniffType(bytes('%PDF-1.7\n'))).toBe('application/pdf');
    expect(sniffType(bytes([0, 0, 0, 0x18], 'ftypheic', [0, 0]))).toBe('image/heic');
    expect(sniffType(bytes([0, 0, 0, 0x18], 'ftypmif1', [0, 0]))).toBe('image/heic');
  });

  it('refuses everything else, whatever it is called: programs, HTML, SVG, AVIF, truncated headers', () => {
    for (const data of [
      bytes('MZ', [0x90, 0]),
      bytes([0x7f], 'ELF'),
      bytes('<html><script>'),
      bytes('<svg xmlns='),
      bytes([0, 0, 0, 0x1c], 'ftypavif'),
      bytes('RIFF', [0, 0, 0, 0], 'WAVE'),
      bytes([0xff, 0xd8]),
      bytes(),
    ]) {
      expect(sniffType(data)).toBeNull();
    }
  });
});

describe('cleanFileName', () => {
  it('keeps the name, gives it the real type’s extension and drops paths and control or bidi characters', () => {
    expect(cleanFileName('IMG_0001.JPG', 'jpg')).toBe('IMG_0001.jpg');
    expect(cleanFileName('invoice.exe', 'pdf')).toBe('invoice.pdf');
    expect(cleanFileName('../../etc/passwd', 'png')).toBe('passwd.png');
    expect(cleanFileName('C:\\Users\\pat\\photo.jpeg', 'jpg')).toBe('photo.jpg');
    expect(cleanFileName('evil\u202Egpj.exe', 'jpg')).toBe('evilgpj.jpg');
    expect(cleanFileName('a"b\nc.png', 'png')).toBe('abc.png');
    expect(cleanFileName(undefined, 'pdf')).toBe('attachment.pdf');
    expect(cleanFileName('.hidden', 'png')).toBe('attachment.png');
    expect(cleanFileName('照片.jpg', 'jpg')).toBe('照片.jpg');
  });
});
