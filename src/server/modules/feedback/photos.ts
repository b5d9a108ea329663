import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
import { AppError } from '../../errors';
import type { FileStore } from '../../files/store';
import { MAX_PHOTO_BYTES, MAX_PHOTOS } from './api';
import type { StoredPhoto } from './service';

/**
 * The photos of a report, checked and stored before its transaction (the file store is
 * content-addressed: bytes stored for a report that is then refused are harmless and never
 * served). Each photo must be a JPEG, PNG or WebP by its content (magic bytes, not its name), at
 * most 3 MB; at most 4. It is then re-encoded as a JPEG of at most 1600 px, turned upright:
 * re-encoding drops every EXIF field, the GPS position of the phone included.
 */

export const PHOTO_MAX_PX = 1600;
export const THUMBNAIL_PX = 320;
const accepted = new Set(['image/jpeg', 'image/png', 'image/webp']);

export async function preparePhotos(
  photos: ReadonlyArray<{ data: string }>,
  store: FileStore,
): Promise<StoredPhoto[]> {
  if (photos.length > MAX_PHOTOS) {
    throw new AppError('feedback.photo_count', 422, { max: MAX_PHOTOS });
  }
  const stored: StoredPhoto[] = [];
  for (const [index, photo] of photos.entries()) {
    const number = index + 1;
    const bytes = Buffer.from(photo.data.replace(/^data:[^,]*,/, ''), 'base64');
    if (bytes.length === 0) throw new AppError('feedback.photo_type', 422, { number, found: '—' });
    if (bytes.length > MAX_PHOTO_BYTES) {
      throw new AppError('feedback.photo_too_large', 413, { number, limit: '3 MB' });
    }
    const type = await fileTypeFromBuffer(bytes);
    if (!type || !accepted.has(type.mime)) {
      throw new AppError('feedback.photo_type', 422, {
        number,
        found: type ? type.ext.toUpperCase() : '?',
      });
    }
    let image: Buffer;
    let thumbnail: Buffer;
    try {
      const source = () =>
        sharp(bytes, { limitInputPixels: 50_000_000, failOn: 'error' }).autoOrient();
      image = await source()
        .resize(PHOTO_MAX_PX, PHOTO_MAX_PX, { fit: 'inside', withoutEnlargement: true })
        .flatten({ background: '#ffffff' })
        .jpeg({ quality: 82 })
        .toBuffer();
      thumbnail = await source()
        .resize(THUMBNAIL_PX, THUMBNAIL_PX, { fit: 'inside', withoutEnlargement: true })
        .flatten({ background: '#ffffff' })
        .jpeg({ quality: 75 })
        .toBuffer();
    } catch (error) {
      throw new AppError('feedback.photo_unreadable', 422, { number }, { cause: error });
    }
    stored.push({
      sha256: await store.putFile(image),
      sizeBytes: image.length,
      thumbnailSha256: await store.putFile(thumbnail),
    });
  }
  return stored;
}
