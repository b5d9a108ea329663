import path from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
import { AppError } from '../../errors';

/**
 * What an uploaded evidence file may be, judged by its CONTENT (magic numbers read by
 * `file-type`), never by its name or the browser's Content-Type: PDF, JPEG/PNG/WebP/GIF images,
 * Word and Excel (DOCX/XLSX, and the legacy OLE DOC/XLS), OpenDocument text and spreadsheets.
 * Everything else is refused (422), whatever it is called. The original name is kept for display
 * after checks (no path, no control characters, at most 200 characters, NFC).
 */

export const MAX_NAME_LENGTH = 200;
/** Largest image decoded for a thumbnail (a 48 MP phone photo passes; a decompression bomb not). */
export const MAX_IMAGE_MEGAPIXELS = 100;
export const THUMBNAIL_MAX_PX = 320;

export type EvidenceKind = 'pdf' | 'image' | 'document' | 'spreadsheet';

interface AcceptedType {
  mediaType: string;
  kind: EvidenceKind;
  /** Usual extensions, the first one added to a download name that lacks a matching one. */
  extensions: readonly string[];
}

const MS_WORD = 'application/msword';
const MS_EXCEL = 'application/vnd.ms-excel';

/** Accepted types by media type. */
export const acceptedTypes: ReadonlyMap<string, AcceptedType> = new Map(
  (
    [
      ['application/pdf', 'pdf', ['pdf']],
      ['image/jpeg', 'image', ['jpg', 'jpeg', 'jfif']],
      ['image/png', 'image', ['png']],
      ['image/webp', 'image', ['webp']],
      ['image/gif', 'image', ['gif']],
      [
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        'document',
        ['docx'],
      ],
      [
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'spreadsheet',
        ['xlsx'],
      ],
      [MS_WORD, 'document', ['doc']],
      [MS_EXCEL, 'spreadsheet', ['xls']],
      ['application/vnd.oasis.opendocument.text', 'document', ['odt']],
      ['application/vnd.oasis.opendocument.spreadsheet', 'spreadsheet', ['ods']],
    ] as const
  ).map(([mediaType, kind, extensions]) => [mediaType, { mediaType, kind, extensions }]),
);

export function kindOf(mediaType: string): EvidenceKind | null {
  return acceptedTypes.get(mediaType)?.kind ?? null;
}

// Control characters (C0, DEL, C1), and the invisible marks that reorder text, which can make
// "gpj.exe" read as "exe.jpg" (U+202E) — refused in names.
// eslint-disable-next-line no-control-regex
const FORBIDDEN_IN_NAME = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

/** The name to keep for an uploaded file, or a 422 saying what is wrong with it. */
export function cleanFileName(raw: string | undefined): string {
  const name = (raw ?? '').normalize('NFC').trim();
  if (name === '') throw new AppError('values.evidence.name_missing', 422);
  if (FORBIDDEN_IN_NAME.test(name)) throw new AppError('values.evidence.name_control', 422);
  if (/[/\\]/.test(name) || name === '.' || name === '..') {
    throw new AppError('values.evidence.name_path', 422, { name });
  }
  const length = [...name].length;
  if (length > MAX_NAME_LENGTH) {
    throw new AppError('values.evidence.name_too_long', 422, { length, max: MAX_NAME_LENGTH });
  }
  return name;
}

function extensionOf(name: string): string {
  return path.extname(name).slice(1).toLowerCase();
}

const OLE_MAGIC = Buffer.from('d0cf11e0a1b11ae1', 'hex');
const END_OF_CHAIN = 0xfffffffe;
/** Sector numbers from here up are markers (free, end of chain, FAT, DIFAT), not sectors. */
const MAX_SECTOR = 0xfffffffa;
const STREAM = 2;
const ROOT_STORAGE = 5;

/**
 * The names of the streams in an OLE compound file's directory, read the way a reader of the
 * format does: the header (signature, byte order, sector size), the FAT (through the header's
 * DIFAT and the DIFAT chain), then the directory's chain of sectors, whose first entry must be
 * the root storage. Null when any of it is not what a compound file holds.
 */
export function compoundStreamNames(bytes: Buffer): string[] | null {
  if (bytes.length < 512 || !bytes.subarray(0, 8).equals(OLE_MAGIC)) return null;
  if (bytes.readUInt16LE(28) !== 0xfffe) return null;
  const major = bytes.readUInt16LE(26);
  const shift = bytes.readUInt16LE(30);
  if (!((major === 3 && shift === 9) || (major === 4 && shift === 12))) return null;
  const size = 1 << shift;
  const sectorCount = Math.floor((bytes.length - size) / size) + 1;
  // Where a sector starts (sector 0 follows the header), or null when it is not in the file.
  const offsetOf = (sector: number) =>
    sector < MAX_SECTOR && (sector + 2) * size <= bytes.length ? (sector + 1) * size : null;
  const fatSectors: number[] = [];
  for (let i = 0; i < 109; i++) {
    const sector = bytes.readUInt32LE(76 + i * 4);
    if (sector < MAX_SECTOR) fatSectors.push(sector);
  }
  let difat = bytes.readUInt32LE(68);
  for (let hops = 0; difat !== END_OF_CHAIN && difat < MAX_SECTOR; hops++) {
    const at = offsetOf(difat);
    if (at === null || hops > sectorCount) return null;
    for (let i = 0; i < size / 4 - 1; i++) {
      const sector = bytes.readUInt32LE(at + i * 4);
      if (sector < MAX_SECTOR) fatSectors.push(sector);
    }
    difat = bytes.readUInt32LE(at + size - 4);
  }
  if (fatSectors.length === 0) return null;
  const next = (sector: number): number | null => {
    const perSector = size / 4;
    const fatSector = fatSectors[Math.floor(sector / perSector)];
    const at = fatSector === undefined ? null : offsetOf(fatSector);
    return at === null ? null : bytes.readUInt32LE(at + (sector % perSector) * 4);
  };
  const names: string[] = [];
  let first = true;
  const seen = new Set<number>();
  for (let sector = bytes.readUInt32LE(48); sector !== END_OF_CHAIN;) {
    const at = offsetOf(sector);
    if (at === null || seen.has(sector)) return null;
    seen.add(sector);
    for (let entry = at; entry < at + size; entry += 128) {
      const type = bytes[entry + 66];
      if (type === 0) continue; // an unused entry
      const nameBytes = bytes.readUInt16LE(entry + 64);
      if (nameBytes < 2 || nameBytes > 64 || nameBytes % 2 !== 0) return null;
      if (first && type !== ROOT_STORAGE) return null;
      first = false;
      if (type === STREAM) names.push(bytes.toString('utf16le', entry, entry + nameBytes - 2));
    }
    const following = next(sector);
    if (following === null) return null;
    sector = following;
  }
  return first ? null : names;
}

/**
 * A legacy Office (OLE compound) file is Word when its directory holds a "WordDocument" stream,
 * Excel when it holds a "Workbook" (or Excel 5 "Book") stream — read from the directory, never
 * from a search of the bytes. Any other compound file (PowerPoint, Outlook message, installer…),
 * or bytes that only look like one, is refused.
 */
function legacyOfficeType(bytes: Buffer, name: string): string | null {
  const streams = compoundStreamNames(bytes);
  if (!streams) return null;
  const word = streams.includes('WordDocument');
  const excel = streams.includes('Workbook') || streams.includes('Book');
  if (word && excel) return extensionOf(name) === 'xls' ? MS_EXCEL : MS_WORD;
  if (word) return MS_WORD;
  if (excel) return MS_EXCEL;
  return null;
}

/** The media type found in the content, or a 422 naming what was found. */
export async function detectMediaType(bytes: Buffer, name: string): Promise<string> {
  const found = await fileTypeFromBuffer(bytes);
  if (found?.ext === 'cfb') {
    const legacy = legacyOfficeType(bytes, name);
    if (legacy) return legacy;
    throw new AppError('values.evidence.type_refused', 422, {
      name,
      found: '@values.evidence.other_office',
    });
  }
  if (found && acceptedTypes.has(found.mime)) return found.mime;
  throw new AppError('values.evidence.type_refused', 422, {
    name,
    found: found ? found.ext.toUpperCase() : '@values.evidence.unknown_content',
  });
}

/**
 * A JPEG thumbnail of an image: at most 320 px on its longer side, turned upright by its EXIF
 * orientation, transparency on white. A damaged image (or one over the pixel limit) is a 422.
 */
export async function makeThumbnail(bytes: Buffer, name: string): Promise<Buffer> {
  try {
    return await sharp(bytes, {
      limitInputPixels: MAX_IMAGE_MEGAPIXELS * 1_000_000,
      failOn: 'error',
    })
      .autoOrient()
      .resize(THUMBNAIL_MAX_PX, THUMBNAIL_MAX_PX, { fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 75 })
      .toBuffer();
  } catch (error) {
    throw new AppError(
      'values.evidence.image_unreadable',
      422,
      { name, megapixels: MAX_IMAGE_MEGAPIXELS },
      { cause: error },
    );
  }
}

export interface CheckedUpload {
  name: string;
  bytes: Buffer;
  mediaType: string;
  kind: EvidenceKind;
  /** JPEG thumbnail (images only). */
  thumbnail: Buffer | null;
}

/** Checks an uploaded file (name, emptiness, type by content) and makes its thumbnail. */
export async function checkUpload(
  rawName: string | undefined,
  bytes: Buffer,
): Promise<CheckedUpload> {
  const name = cleanFileName(rawName);
  if (bytes.length === 0) throw new AppError('values.evidence.empty', 422, { name });
  const mediaType = await detectMediaType(bytes, name);
  const kind = kindOf(mediaType)!;
  const thumbnail = kind === 'image' ? await makeThumbnail(bytes, name) : null;
  return { name, bytes, mediaType, kind, thumbnail };
}

/**
 * The name a download is saved under: the original one, with the extension of its real type
 * added when the name says otherwise (a PNG uploaded as "scan.pdf" downloads as "scan.pdf.png",
 * so the reader's computer opens it with the right program).
 */
export function downloadName(name: string, mediaType: string): string {
  const type = acceptedTypes.get(mediaType);
  if (!type || type.extensions.includes(extensionOf(name))) return name;
  return `${name}.${type.extensions[0]}`;
}

/**
 * `Content-Disposition` with an ASCII fallback name and the exact UTF-8 one (RFC 6266 / 5987):
 * `attachment; filename="Bien ban.pdf"; filename*=UTF-8''Bi%C3%AAn%20b%E1%BA%A3n.pdf`.
 */
export function contentDisposition(type: 'inline' | 'attachment', name: string): string {
  const ascii =
    name
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[đĐ]/g, (letter) => (letter === 'đ' ? 'd' : 'D'))
      .replace(/[^\x20-\x7e]|["\\%;]/g, '_') || 'file';
  const encoded = encodeURIComponent(name).replace(
    /['()*!]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
