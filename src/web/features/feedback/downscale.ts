/**
 * Photos are made smaller on the phone before they are sent (a 12-megapixel photo over 3G would
 * take minutes): at most 1600 px on the longer side, JPEG at quality 0.8, turned upright by the
 * browser. The server checks and re-encodes them again (and drops their EXIF, GPS included).
 */

export const MAX_SIDE = 1600;
export const QUALITY = 0.8;

/** The size that fits inside `max` × `max` keeping the proportions (never enlarged). */
export function fitInside(width: number, height: number, max = MAX_SIDE) {
  const scale = Math.min(1, max / Math.max(width, height));
  return { width: Math.round(width * scale), height: Math.round(height * scale) };
}

function blobToDataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : '');
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(blob);
  });
}

/** A photo file → a downscaled JPEG as a data URL (data:image/jpeg;base64,…). */
export async function downscalePhoto(file: File): Promise<string> {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  const size = fitInside(bitmap.width, bitmap.height);
  const canvas = document.createElement('canvas');
  canvas.width = size.width;
  canvas.height = size.height;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no canvas');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, size.width, size.height);
  context.drawImage(bitmap, 0, 0, size.width, size.height);
  bitmap.close();
  const blob = await new Promise<Blob | null>((resolve) =>
    canvas.toBlob(resolve, 'image/jpeg', QUALITY),
  );
  if (!blob) throw new Error('no jpeg');
  return blobToDataUrl(blob);
}
