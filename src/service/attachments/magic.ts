// What a file really is, from its first bytes (its "magic number"), not from its name or the
// Content-Type a client claims: PNG (ISO/IEC 15948 signature 89 50 4E 47 0D 0A 1A 0A), JPEG
// (ISO/IEC 10918-1 SOI marker FF D8 followed by a marker FF) and PDF (ISO 32000 header "%PDF-").
export type FileType = 'png' | 'jpeg' | 'pdf';

export const contentTypes: Record<FileType, string> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  pdf: 'application/pdf',
};

const starts = (b: Uint8Array, sig: readonly number[]) =>
  b.length >= sig.length && sig.every((x, i) => b[i] === x);

export function sniff(bytes: Uint8Array): FileType | undefined {
  if (starts(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (starts(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (starts(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf';
  return undefined;
}

/** The type a file name's extension promises, or undefined for other extensions. */
export function typeOfName(name: string): FileType | undefined {
  const ext = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase();
  switch (ext) {
    case 'png':
      return 'png';
    case 'jpg':
    case 'jpeg':
      return 'jpeg';
    case 'pdf':
      return 'pdf';
    default:
      return undefined;
  }
}
