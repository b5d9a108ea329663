import { describe, expect, it } from 'vitest';
import {
  EVIDENCE_ACCEPT,
  evidenceKind,
  evidenceUrl,
  formatFileSize,
  thumbnailUrl,
  uploadUrl,
} from './evidenceDisplay';

describe('evidence display', () => {
  it('formats sizes the Vietnamese way', () => {
    expect(formatFileSize(0)).toBe('0 byte');
    expect(formatFileSize(512)).toBe('512 byte');
    expect(formatFileSize(1100)).toBe('1 KB');
    expect(formatFileSize(340 * 1024)).toBe('340 KB');
    expect(formatFileSize(1_258_291)).toBe('1,2 MB');
    expect(formatFileSize(20 * 1024 * 1024)).toBe('20 MB');
    expect(formatFileSize(1536 * 1024 * 1024)).toBe('1.536 MB');
  });

  it('tells the kind of a file by the media type found in its content', () => {
    expect(evidenceKind('application/pdf')).toBe('pdf');
    expect(evidenceKind('image/webp')).toBe('image');
    expect(evidenceKind('application/msword')).toBe('document');
    expect(evidenceKind('application/vnd.oasis.opendocument.spreadsheet')).toBe('spreadsheet');
    expect(evidenceKind('application/zip')).toBe('other');
  });

  it('builds the API addresses and the accept hint', () => {
    expect(evidenceUrl('a1')).toBe('/api/v1/evidence/a1');
    expect(thumbnailUrl('a1')).toBe('/api/v1/evidence/a1/thumbnail');
    expect(uploadUrl('04381', '17.1', 'xa-ntm-2021-2025', 2025)).toBe(
      '/api/v1/units/04381/values/17.1/evidence?set=xa-ntm-2021-2025&year=2025',
    );
    expect(EVIDENCE_ACCEPT.split(',')).toEqual(
      expect.arrayContaining(['.pdf', '.docx', '.xls', 'image/jpeg', 'application/pdf']),
    );
  });
});
