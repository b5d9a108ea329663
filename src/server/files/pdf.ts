import { createRequire } from 'node:module';
import path from 'node:path';
import pdfmake from 'pdfmake';

/**
 * What every PDF the platform writes shares (statistics reports, recognition decisions): the font
 * (Roboto, the TrueType files shipped with pdfmake, full Vietnamese coverage, embedded as a
 * subset) and pdfmake's configuration (no network, no file but the font files), and the date
 * line of an official document.
 */

export const PDF_TYPE = 'application/pdf';
export const PDF_FONT = 'Roboto';

const require = createRequire(import.meta.url);
const robotoDirectory = path.join(
  path.dirname(require.resolve('pdfmake/package.json')),
  'fonts',
  'Roboto',
);
const FONT_FILES = {
  normal: path.join(robotoDirectory, 'Roboto-Regular.ttf'),
  bold: path.join(robotoDirectory, 'Roboto-Medium.ttf'),
  italics: path.join(robotoDirectory, 'Roboto-Italic.ttf'),
  bolditalics: path.join(robotoDirectory, 'Roboto-MediumItalic.ttf'),
};
const fontPaths = new Set(Object.values(FONT_FILES));

let configured = false;
/** pdfmake is a process-wide singleton: configured once, before every render. */
export function configurePdfmake(): void {
  if (configured) return;
  pdfmake.addFonts({ [PDF_FONT]: { ...FONT_FILES } });
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((file) => fontPaths.has(file));
  configured = true;
}

/** "Lào Cai, ngày 05 tháng 11 năm 2025" (months 1–2 written 01, 02, as official documents do). */
export function officialDateLine(place: string, isoDate: string): string {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  const dd = day < 10 ? `0${day}` : String(day);
  const mm = month < 3 ? `0${month}` : String(month);
  return `${place}, ngày ${dd} tháng ${mm} năm ${year}`;
}
