import ExcelJS from 'exceljs';
import { computedMetLabel, type FigureKind, type ReportData } from './data';

/**
 * The statistics report as an Excel workbook, laid out like the reports officials file: the
 * national motto and the issuing line, the title, the unit, the criteria set and its basis, the
 * map, which data it holds, the place and date line; then the sheets "Tổng hợp", "Đơn vị",
 * "Tiêu chí", "Chỉ tiêu" and "Mục tiêu". Figures are real numbers (percentages as fractions with
 * a % format), so they can be summed and charted; Excel shows them with the reader's separators
 * (1.234,5 and 70,5% on a Vietnamese system).
 */

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const FONT = 'Times New Roman';
const thin: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FF000000' } };
const borders: Partial<ExcelJS.Borders> = { top: thin, left: thin, bottom: thin, right: thin };
const headerFill: ExcelJS.Fill = {
  type: 'pattern',
  pattern: 'solid',
  fgColor: { argb: 'FFE8F0E0' },
};
const totalFill: ExcelJS.Fill = {
  type: 'pattern',
  pattern: 'solid',
  fgColor: { argb: 'FFF2F2F2' },
};

const FORMAT = {
  count: '#,##0',
  decimal: '#,##0.0',
  percent: '0.0%',
  countChange: '+#,##0;-#,##0;0',
  pointChange: '+0.0" điểm %";-0.0" điểm %";0.0" điểm %"',
  decimalChange: '+0.0;-0.0;0.0',
  date: 'dd/mm/yyyy',
} as const;

const STATUS_COLOURS: Record<string, string> = {
  met: 'FF1B5E20',
  on_track: 'FF0D47A1',
  behind: 'FFB71C1C',
  no_data: 'FF616161',
  no_source: 'FF616161',
};

type CellValue = string | number | Date | null | undefined;

interface Column {
  header: string;
  width: number;
  format?: string;
  align?: 'left' | 'center' | 'right';
}

function pageSetup(orientation: 'portrait' | 'landscape'): Partial<ExcelJS.PageSetup> {
  return {
    paperSize: 9,
    orientation,
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    margins: { left: 0.6, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
  };
}

function mergedText(
  sheet: ExcelJS.Worksheet,
  row: number,
  from: number,
  to: number,
  text: string,
  font: Partial<ExcelJS.Font> = {},
  horizontal: 'left' | 'center' | 'right' = 'center',
  height?: number,
): void {
  if (to > from) sheet.mergeCells(row, from, row, to);
  const cell = sheet.getCell(row, from);
  cell.value = text;
  cell.font = { name: FONT, size: 12, ...font };
  cell.alignment = { horizontal, vertical: 'middle', wrapText: true };
  if (height) sheet.getRow(row).height = height;
}

/** The percent figure (0–100) as the fraction Excel's % format expects. */
function fraction(value: number | null): number | null {
  return value === null ? null : value / 100;
}

function figureFormat(kind: FigureKind): string {
  return kind === 'percent' ? FORMAT.percent : kind === 'decimal' ? FORMAT.decimal : FORMAT.count;
}

function changeFormat(kind: FigureKind): string {
  return kind === 'percent'
    ? FORMAT.pointChange
    : kind === 'decimal'
      ? FORMAT.decimalChange
      : FORMAT.countChange;
}

/** Header row of a table, styled; returns the row number. */
function headerRow(sheet: ExcelJS.Worksheet, row: number, titles: string[], height = 34): number {
  const excelRow = sheet.getRow(row);
  excelRow.height = height;
  titles.forEach((title, index) => {
    const cell = excelRow.getCell(index + 1);
    cell.value = title;
    cell.font = { name: FONT, size: 11, bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.fill = headerFill;
    cell.border = borders;
  });
  return row;
}

/** One bordered data row; `formats[i]` applies to column i+1. */
function dataRow(
  sheet: ExcelJS.Worksheet,
  row: number,
  values: CellValue[],
  columns: Column[],
  options: { bold?: boolean; fill?: ExcelJS.Fill; formats?: Array<string | undefined> } = {},
): ExcelJS.Row {
  const excelRow = sheet.getRow(row);
  values.forEach((value, index) => {
    const cell = excelRow.getCell(index + 1);
    cell.value = value ?? null;
    const column = columns[index];
    const format = options.formats?.[index] ?? column?.format;
    if (format && typeof value !== 'string') cell.numFmt = format;
    cell.font = { name: FONT, size: 11, bold: options.bold ?? false };
    cell.border = borders;
    cell.alignment = {
      vertical: 'middle',
      wrapText: true,
      horizontal:
        column?.align ?? (typeof value === 'number' || value instanceof Date ? 'right' : undefined),
    };
    if (options.fill) cell.fill = options.fill;
  });
  return excelRow;
}

/** The two-line heading of the table sheets (title, then scope and data lines). */
function sheetHeading(
  sheet: ExcelJS.Worksheet,
  data: ReportData,
  title: string,
  lastColumn: number,
): number {
  mergedText(
    sheet,
    1,
    1,
    lastColumn,
    `${title} - ${data.unitName} - năm ${data.summary.year}`,
    { bold: true, size: 13 },
    'left',
    22,
  );
  mergedText(
    sheet,
    2,
    1,
    lastColumn,
    `${data.mapLine} ${data.dataLine}`,
    { italic: true, size: 11 },
    'left',
    30,
  );
  return 4;
}

function setColumns(sheet: ExcelJS.Worksheet, columns: Column[]): void {
  sheet.columns = columns.map((column) => ({ width: column.width }));
}

function freeze(sheet: ExcelJS.Worksheet, header: number, xSplit = 0): void {
  sheet.views = [
    {
      state: 'frozen',
      xSplit,
      ySplit: header,
      topLeftCell: `${String.fromCharCode(65 + xSplit)}${header + 1}`,
    },
  ];
  sheet.pageSetup.printTitlesRow = `${header}:${header}`;
}

function noteLine(sheet: ExcelJS.Worksheet, row: number, lastColumn: number, text: string): void {
  mergedText(sheet, row, 1, lastColumn, text, { italic: true, size: 10 }, 'left', 28);
}

// --- Sheets ------------------------------------------------------------------------------------

function summarySheet(workbook: ExcelJS.Workbook, data: ReportData): void {
  const sheet = workbook.addWorksheet('Tổng hợp', { pageSetup: pageSetup('portrait') });
  const { summary } = data;
  const previousYear = summary.previousYear?.year ?? summary.year - 1;
  const columns: Column[] = [
    { header: 'Chỉ tiêu tổng hợp', width: 46 },
    { header: `Năm ${summary.year}`, width: 15 },
    { header: `Năm ${previousYear}`, width: 15 },
    { header: 'Thay đổi', width: 16 },
    { header: 'Ghi chú', width: 40 },
  ];
  setColumns(sheet, columns);
  const last = columns.length;
  // The head of an official report: issuing line on the left, national motto on the right.
  mergedText(sheet, 1, 1, 2, 'NỀN TẢNG SỐ NÔNG THÔN MỚI', { size: 11 });
  mergedText(sheet, 1, 3, last, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { bold: true, size: 11 });
  mergedText(sheet, 2, 1, 2, data.issuer, { bold: true, size: 11 });
  mergedText(sheet, 2, 3, last, 'Độc lập - Tự do - Hạnh phúc', { bold: true, underline: true });
  mergedText(sheet, 3, 3, last, data.dateLine, { italic: true });
  mergedText(sheet, 5, 1, last, data.title, { bold: true, size: 14 }, 'center', 24);
  mergedText(sheet, 6, 1, last, data.unitName, { bold: true, size: 13 });
  mergedText(sheet, 7, 1, last, data.setLine, { size: 11 }, 'left', 30);
  mergedText(sheet, 8, 1, last, data.mapLine, { size: 11 }, 'left');
  mergedText(sheet, 9, 1, last, `Số liệu: ${data.dataLine}`, { size: 11 }, 'left', 30);
  mergedText(sheet, 10, 1, last, data.sourceLine, { size: 11, italic: true }, 'left');

  let row = 12;
  mergedText(sheet, row++, 1, last, 'I. KẾT QUẢ CHUNG', { bold: true }, 'left');
  headerRow(
    sheet,
    row++,
    columns.map((column) => column.header),
  );
  for (const figure of data.figures) {
    const percent = figure.kind === 'percent';
    dataRow(
      sheet,
      row++,
      [
        figure.label,
        percent ? fraction(figure.value) : figure.value,
        percent ? fraction(figure.previous) : figure.previous,
        figure.change,
        figure.note,
      ],
      columns,
      {
        formats: [
          undefined,
          figureFormat(figure.kind),
          figureFormat(figure.kind),
          changeFormat(figure.kind),
        ],
      },
    );
  }
  if (summary.previousYear) {
    const otherSet = summary.previousYear.set !== summary.set.code;
    noteLine(
      sheet,
      row++,
      last,
      `Năm ${summary.previousYear.year} tính trên cùng địa giới với năm ${summary.year}` +
        (otherSet ? ` và theo bộ tiêu chí ${summary.previousYear.set}.` : '.') +
        ' Thay đổi của tỷ lệ tính bằng điểm phần trăm.',
    );
  } else {
    noteLine(sheet, row++, last, `Chưa có số liệu năm ${summary.year - 1} để so sánh.`);
  }

  row++;
  mergedText(
    sheet,
    row++,
    1,
    last,
    'II. PHÂN BỐ SỐ XÃ THEO SỐ TIÊU CHÍ ĐẠT',
    { bold: true },
    'left',
  );
  const bandColumns: Column[] = [
    { header: 'Nhóm', width: 0 },
    { header: `Số xã năm ${summary.year}`, width: 0, format: FORMAT.count },
    { header: `Tỷ lệ năm ${summary.year}`, width: 0, format: FORMAT.percent },
    { header: `Số xã năm ${previousYear}`, width: 0, format: FORMAT.count },
    { header: `Tỷ lệ năm ${previousYear}`, width: 0, format: FORMAT.percent },
  ];
  headerRow(
    sheet,
    row++,
    bandColumns.map((column) => column.header),
  );
  for (const band of data.bands) {
    dataRow(
      sheet,
      row++,
      [
        band.label,
        band.communes,
        fraction(band.share),
        band.previousCommunes,
        fraction(band.previousShare),
      ],
      bandColumns,
    );
  }
  noteLine(
    sheet,
    row++,
    last,
    'Tỷ lệ trên số xã đã đánh giá và đã được xếp vùng/nhóm. Các nhóm theo cách phân loại chính ' +
      `thức (${summary.set.criteriaTotal} tiêu chí; 15–18; 10–14; 5–9; dưới 5), quy đổi cho bộ có số ` +
      'tiêu chí khác.',
  );
}

function childrenSheet(workbook: ExcelJS.Workbook, data: ReportData): void {
  const sheet = workbook.addWorksheet('Đơn vị', { pageSetup: pageSetup('landscape') });
  const { summary } = data;
  // A province's children are communes since 2025: each gets its own result in words too.
  const communes = data.childLevel === 'commune';
  const columns: Column[] = [
    { header: 'STT', width: 6, align: 'center' },
    { header: 'Mã', width: 9, align: 'center' },
    { header: communes ? 'Xã' : 'Đơn vị', width: 30 },
    ...(communes ? [{ header: 'Kết quả', width: 18, align: 'center' as const }] : []),
    { header: 'Số xã', width: 9, format: FORMAT.count },
    { header: 'Số xã đã đánh giá', width: 11, format: FORMAT.count },
    { header: 'Số xã đạt đủ tiêu chí (theo số liệu)', width: 13, format: FORMAT.count },
    { header: 'Tỷ lệ xã đạt đủ tiêu chí', width: 11, format: FORMAT.percent },
    { header: 'Số tiêu chí đạt bình quân', width: 12, format: FORMAT.decimal },
    ...summary.bands.map((band) => ({
      header: `Số xã đạt ${band.label}`,
      width: 11,
      format: FORMAT.count,
    })),
    { header: 'Số xã chưa xếp vùng/nhóm', width: 11, format: FORMAT.count },
    { header: 'Số xã thiếu số liệu', width: 11, format: FORMAT.count },
    { header: 'Số chỉ tiêu thiếu số liệu', width: 11, format: FORMAT.count },
  ];
  setColumns(sheet, columns);
  const header = headerRow(
    sheet,
    sheetHeading(sheet, data, communes ? 'KẾT QUẢ TỪNG XÃ' : 'KẾT QUẢ THEO ĐƠN VỊ', columns.length),
    columns.map((column) => column.header),
    48,
  );
  freeze(sheet, header, 3);
  let row = header + 1;
  data.children.forEach((child, index) => {
    dataRow(
      sheet,
      row++,
      [
        index + 1,
        child.code,
        child.name,
        ...(communes ? [child.resultWord] : []),
        child.communes,
        child.evaluated,
        child.met,
        fraction(child.share),
        child.averageCriteriaMet,
        ...child.bands,
        child.unclassified,
        child.withMissing,
        child.missingCells,
      ],
      columns,
    );
  });
  const { totals } = summary;
  dataRow(
    sheet,
    row++,
    [
      '',
      '',
      'Tổng cộng',
      ...(communes ? [''] : []),
      totals.communes,
      totals.evaluated,
      totals.met,
      fraction(totals.communes > 0 ? (totals.met / totals.communes) * 100 : null),
      totals.averageCriteriaMet,
      ...summary.bands.map((band) => totals.bands[band.key] ?? 0),
      totals.unclassified,
      totals.withMissing,
      totals.missingCells,
    ],
    columns,
    { bold: true, fill: totalFill },
  );
  const notes = [
    `Tỷ lệ xã ${computedMetLabel(summary.set.criteriaTotal)} tính trên tổng số xã của đơn vị; ` +
      '"đạt chuẩn" chỉ dùng cho xã được công nhận bằng quyết định.',
  ];
  if (data.childrenWithoutCommunes > 0) {
    notes.push(
      `Không liệt kê ${data.childrenWithoutCommunes} đơn vị không có xã (phường, thị trấn…).`,
    );
  }
  if (totals.unmapped > 0) {
    notes.push(`${totals.unmapped} xã không quy được về địa giới đã chọn (không có trong bảng).`);
  }
  noteLine(sheet, row + 1, columns.length, notes.join(' '));
}

function criteriaSheet(workbook: ExcelJS.Workbook, data: ReportData): void {
  const sheet = workbook.addWorksheet('Tiêu chí', { pageSetup: pageSetup('portrait') });
  const columns: Column[] = [
    { header: 'STT', width: 6, align: 'center' },
    { header: 'Mã', width: 8, align: 'center' },
    { header: 'Tiêu chí', width: 46 },
    { header: 'Số xã đạt', width: 12, format: FORMAT.count },
    { header: 'Số xã không đạt', width: 12, format: FORMAT.count },
    { header: 'Số xã thiếu dữ liệu', width: 14, format: FORMAT.count },
    { header: 'Tỷ lệ xã đạt', width: 12, format: FORMAT.percent },
  ];
  setColumns(sheet, columns);
  const header = headerRow(
    sheet,
    sheetHeading(sheet, data, 'TỶ LỆ XÃ ĐẠT TỪNG TIÊU CHÍ', columns.length),
    columns.map((column) => column.header),
  );
  freeze(sheet, header, 0);
  let row = header + 1;
  data.criteria.forEach((criterion, index) => {
    dataRow(
      sheet,
      row++,
      [
        index + 1,
        criterion.code,
        criterion.name,
        criterion.met,
        criterion.notMet,
        criterion.missing,
        fraction(criterion.share),
      ],
      columns,
    );
  });
  noteLine(
    sheet,
    row + 1,
    columns.length,
    'Tỷ lệ trên số xã đã đánh giá và đã được xếp vùng/nhóm; "không đạt": có giá trị không đạt; "thiếu dữ liệu": còn chờ số liệu hoặc ngưỡng, không tính là không đạt.',
  );
}

function indicatorsSheet(workbook: ExcelJS.Workbook, data: ReportData): void {
  const sheet = workbook.addWorksheet('Chỉ tiêu', { pageSetup: pageSetup('landscape') });
  const columns: Column[] = [
    { header: 'STT', width: 6, align: 'center' },
    { header: 'Mã', width: 8, align: 'center' },
    { header: 'Chỉ tiêu', width: 60 },
    { header: 'Thuộc tiêu chí', width: 30 },
    { header: 'Số xã đạt', width: 11, format: FORMAT.count },
    { header: 'Số xã thiếu số liệu', width: 12, format: FORMAT.count },
    { header: 'Tỷ lệ xã đạt', width: 11, format: FORMAT.percent },
  ];
  setColumns(sheet, columns);
  const header = headerRow(
    sheet,
    sheetHeading(sheet, data, 'TỶ LỆ XÃ ĐẠT TỪNG CHỈ TIÊU', columns.length),
    columns.map((column) => column.header),
  );
  freeze(sheet, header, 0);
  let row = header + 1;
  data.indicators.forEach((indicator, index) => {
    dataRow(
      sheet,
      row++,
      [
        index + 1,
        indicator.code,
        indicator.name,
        indicator.criterion,
        indicator.met,
        indicator.missing,
        fraction(indicator.share),
      ],
      columns,
    );
  });
  noteLine(sheet, row + 1, columns.length, 'Tỷ lệ trên số xã đã có kết quả đánh giá.');
}

function targetsSheet(workbook: ExcelJS.Workbook, data: ReportData): void {
  const sheet = workbook.addWorksheet('Mục tiêu', { pageSetup: pageSetup('landscape') });
  const columns: Column[] = [
    { header: 'STT', width: 6, align: 'center' },
    { header: 'Mục tiêu', width: 44 },
    { header: 'Căn cứ', width: 22 },
    { header: 'Chỉ tiêu cần đạt', width: 13, align: 'center' },
    { header: 'Hiện tại', width: 11 },
    { header: 'Năm số liệu', width: 9, align: 'center' },
    { header: 'Mức cần đạt theo tiến độ', width: 12 },
    { header: 'Trạng thái', width: 16, align: 'center' },
    { header: 'Còn thiếu', width: 13 },
    { header: 'Hạn', width: 12, format: FORMAT.date, align: 'center' },
    { header: 'Ghi chú', width: 40 },
  ];
  setColumns(sheet, columns);
  const header = headerRow(
    sheet,
    sheetHeading(sheet, data, 'TIẾN ĐỘ THỰC HIỆN MỤC TIÊU', columns.length),
    columns.map((column) => column.header),
  );
  freeze(sheet, header, 2);
  let row = header + 1;
  data.targets.forEach((target, index) => {
    const percent = target.unit === '%';
    const quantity = percent ? FORMAT.percent : `#,##0" ${target.unit}"`;
    const excelRow = dataRow(
      sheet,
      row++,
      [
        index + 1,
        target.name,
        target.basis,
        target.targetText,
        percent ? fraction(target.current) : target.current,
        target.year,
        percent ? fraction(target.expected) : target.expected,
        target.statusWord,
        target.gapText,
        new Date(`${target.deadline}T00:00:00Z`),
        [target.sourceText, target.note].filter(Boolean).join(' '),
      ],
      columns,
      { formats: [undefined, undefined, undefined, undefined, quantity, '0', quantity] },
    );
    excelRow.getCell(8).font = {
      name: FONT,
      size: 11,
      bold: true,
      color: { argb: STATUS_COLOURS[target.status] ?? 'FF000000' },
    };
  });
  const notes = [
    'Trạng thái: Đạt; Đúng tiến độ (chưa đạt nhưng không thấp hơn mức cần đạt theo tiến độ đều ' +
      'từ năm đầu đến hạn); Chậm; Chưa có số liệu. Tỷ lệ xã tính trên tổng số xã.',
  ];
  if (data.targetsNote) notes.unshift(data.targetsNote);
  noteLine(sheet, row + 1, columns.length, notes.join(' '));
}

/** The xlsx file of the report. */
export async function buildReportWorkbook(data: ReportData): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Nền tảng số Nông thôn mới';
  workbook.title = `${data.title} - ${data.unitName}`;
  workbook.created = data.generatedAt;
  workbook.modified = data.generatedAt;
  summarySheet(workbook, data);
  childrenSheet(workbook, data);
  criteriaSheet(workbook, data);
  indicatorsSheet(workbook, data);
  targetsSheet(workbook, data);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
