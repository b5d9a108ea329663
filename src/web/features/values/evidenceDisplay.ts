import { formatNumber } from '../../lib/format';

/**
 * Display helpers of the evidence list: what kind of file an item is (by the media type the server
 * found in its content), its size in the Vietnamese number format, and the API addresses.
 */

export type EvidenceKind = 'pdf' | 'image' | 'document' | 'spreadsheet' | 'other';

const kinds: Record<string, EvidenceKind> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'image',
  'image/png': 'image',
  'image/webp': 'image',
  'image/gif': 'image',
  'application/msword': 'document',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'document',
  'application/vnd.oasis.opendocument.text': 'document',
  'application/vnd.ms-excel': 'spreadsheet',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'spreadsheet',
  'application/vnd.oasis.opendocument.spreadsheet': 'spreadsheet',
};

export function evidenceKind(mediaType: string): EvidenceKind {
  return kinds[mediaType] ?? 'other';
}

/**
 * The `accept` hint of the file input (the server checks the content whatever is chosen). Media
 * types let phones offer the camera and the gallery; extensions cover desktop file pickers.
 */
export const EVIDENCE_ACCEPT = [
  '.pdf',
  '.jpg',
  '.jpeg',
  '.png',
  '.webp',
  '.gif',
  '.doc',
  '.docx',
  '.xls',
  '.xlsx',
  '.odt',
  '.ods',
  ...Object.keys(kinds),
].join(',');

/** 512 → "512 byte", 348160 → "340 KB", 1258291 → "1,2 MB" (decimal comma). */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${formatNumber(bytes, 0)} byte`;
  if (bytes < 1024 * 1024) return `${formatNumber(Math.max(1, Math.round(bytes / 1024)), 0)} KB`;
  return `${formatNumber(bytes / 1024 / 1024, 1)} MB`;
}

export const evidenceUrl = (id: string) => `/api/v1/evidence/${encodeURIComponent(id)}`;
export const thumbnailUrl = (id: string) => `${evidenceUrl(id)}/thumbnail`;
export const uploadUrl = (unitCode: string, indicator: string, setCode: string, year: number) =>
  `/api/v1/units/${encodeURIComponent(unitCode)}/values/${encodeURIComponent(indicator)}/evidence?` +
  new URLSearchParams({ set: setCode, year: String(year) }).toString();
