import pdfmake from 'pdfmake';
import { configurePdfmake, PDF_FONT, PDF_TYPE } from '../../files/pdf';
import type {
  Content,
  CustomTableLayout,
  TableCell,
  TDocumentDefinitions,
} from 'pdfmake/interfaces';
import { formatNumber } from '../../../domain/criteria';
import { bandsChart, childrenChart, criteriaChart, MAX_CHART_CHILDREN } from './charts';
import {
  computedMetLabel,
  formatChange,
  formatFigure,
  formatPercent,
  shareOf,
  type ReportData,
} from './data';

/**
 * The statistics report as an A4 PDF: the issuing line and the national motto, the place and date
 * line, the title and what the figures cover, key figures, charts (ECharts, server-side SVG), the
 * children table, the criteria and the targets; "Trang 1/3" in the footer. Text is set in Roboto
 * (the TrueType files shipped with pdfmake, full Vietnamese coverage), embedded as a subset: the
 * PDF reads the same on any machine. The app's Be Vietnam Pro is shipped only as per-script WOFF
 * subsets (latin / vietnamese), none of which holds every letter of a Vietnamese sentence.
 */

export { configurePdfmake, PDF_FONT, PDF_TYPE };

// A4 in points, margins of an administrative document (left 22 mm, right 15 mm, top/bottom 18 mm).
const PAGE_WIDTH = 595.28;
const MARGINS: [number, number, number, number] = [62, 50, 42, 56];
const CONTENT_WIDTH = PAGE_WIDTH - MARGINS[0] - MARGINS[2];

const COLOURS = {
  header: '#e8f0e0',
  total: '#f2f2f2',
  rule: '#9e9e9e',
  muted: '#555555',
  box: '#f5f8f2',
  status: {
    met: '#1b5e20',
    on_track: '#0d47a1',
    behind: '#b71c1c',
    no_data: '#616161',
    no_source: '#616161',
  },
  result: { met: '#1b5e20', not_met: '#b71c1c', unclassified: '#8d6e00', unevaluated: '#616161' },
} as const;

const tableLayout: CustomTableLayout = {
  hLineWidth: () => 0.5,
  vLineWidth: () => 0.5,
  hLineColor: () => COLOURS.rule,
  vLineColor: () => COLOURS.rule,
  paddingLeft: () => 3,
  paddingRight: () => 3,
  paddingTop: () => 2,
  paddingBottom: () => 2,
};

function headerCells(titles: string[]): TableCell[] {
  return titles.map((title) => ({
    text: title,
    bold: true,
    fillColor: COLOURS.header,
    alignment: 'center',
    fontSize: 8,
  }));
}

function number(value: string, extra: Record<string, unknown> = {}): TableCell {
  return { text: value, alignment: 'right', ...extra };
}

function heading(text: string): Content {
  return { text, style: 'heading', headlineLevel: 1 };
}

function note(text: string): Content {
  return { text, style: 'note' };
}

/** Issuing line on the left, national motto on the right, the date line below the motto. */
function documentHead(data: ReportData): Content {
  const left = 190;
  const right = CONTENT_WIDTH - left;
  const rule = (width: number, length: number): Content => ({
    canvas: [
      {
        type: 'line',
        x1: (width - length) / 2,
        y1: 1,
        x2: (width + length) / 2,
        y2: 1,
        lineWidth: 0.6,
      },
    ],
    margin: [0, 1, 0, 0],
  });
  return {
    columns: [
      {
        width: left,
        stack: [
          { text: 'NỀN TẢNG SỐ NÔNG THÔN MỚI', fontSize: 10 },
          { text: data.issuer, fontSize: 10, bold: true },
          rule(left, 60),
        ],
        alignment: 'center',
      },
      {
        width: right,
        stack: [
          { text: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', fontSize: 10, bold: true },
          { text: 'Độc lập - Tự do - Hạnh phúc', fontSize: 10.5, bold: true },
          rule(right, 150),
          { text: data.dateLine, italics: true, fontSize: 10, margin: [0, 8, 0, 0] },
        ],
        alignment: 'center',
      },
    ],
    columnGap: 0,
    margin: [0, 0, 0, 18],
  };
}

function titleBlock(data: ReportData): Content[] {
  return [
    { text: data.title, style: 'title' },
    { text: data.unitName, style: 'subtitle' },
    {
      stack: [data.setLine, data.mapLine, `Số liệu: ${data.dataLine}`, data.sourceLine],
      style: 'lines',
    },
  ];
}

function keyFigures(data: ReportData): Content {
  const { totals, previousYear, set } = data.summary;
  const metShare = shareOf(totals.met, totals.communes);
  const before = previousYear
    ? shareOf(previousYear.totals.met, previousYear.totals.communes)
    : null;
  const box = (label: string, value: string, detail: string): TableCell => ({
    stack: [
      { text: label, fontSize: 8, color: COLOURS.muted },
      { text: value, fontSize: 15, bold: true, margin: [0, 2, 0, 1] },
      { text: detail, fontSize: 8 },
    ],
    fillColor: COLOURS.box,
    margin: [4, 4, 4, 4],
  });
  return {
    table: {
      widths: ['*', '*', '*', '*'],
      body: [
        [
          box(
            `Xã ${computedMetLabel(set.criteriaTotal)}`,
            `${formatNumber(totals.met)}/${formatNumber(totals.communes)}`,
            `${formatPercent(metShare)} tổng số xã`,
          ),
          box(
            'Tiêu chí đạt bình quân',
            formatFigure(totals.averageCriteriaMet, 'decimal'),
            `trên ${set.criteriaTotal} tiêu chí mỗi xã`,
          ),
          box(
            'Xã còn thiếu số liệu',
            formatNumber(totals.withMissing),
            `${formatNumber(totals.missingCells)} chỉ tiêu chưa có số liệu`,
          ),
          box(
            previousYear ? `So với năm ${previousYear.year}` : 'So với năm trước',
            previousYear && metShare !== null && before !== null
              ? formatChange(metShare - before, 'percent')
              : '—',
            previousYear && before !== null
              ? `tỷ lệ đạt đủ tiêu chí từ ${formatPercent(before)} ${
                  (metShare ?? 0) >= before ? 'lên' : 'xuống'
                } ${formatPercent(metShare)}`
              : 'chưa có số liệu năm trước',
          ),
        ],
      ],
    },
    layout: {
      ...tableLayout,
      hLineColor: () => '#ffffff',
      vLineColor: () => '#ffffff',
      vLineWidth: () => 3,
    },
    margin: [0, 4, 0, 8],
  };
}

function figuresTable(data: ReportData): Content {
  const { summary } = data;
  const previousYear = summary.previousYear?.year ?? summary.year - 1;
  return {
    table: {
      headerRows: 1,
      keepWithHeaderRows: 1,
      widths: ['*', 52, 52, 62, 120],
      body: [
        headerCells([
          'Chỉ tiêu tổng hợp',
          `Năm ${summary.year}`,
          `Năm ${previousYear}`,
          'Thay đổi',
          'Ghi chú',
        ]),
        ...data.figures.map((figure): TableCell[] => [
          figure.label,
          number(formatFigure(figure.value, figure.kind)),
          number(formatFigure(figure.previous, figure.kind)),
          number(formatChange(figure.change, figure.kind)),
          { text: figure.note, fontSize: 7.5, color: COLOURS.muted },
        ]),
      ],
    },
    layout: tableLayout,
  };
}

function bandsTable(data: ReportData): Content {
  const { summary } = data;
  const previousYear = summary.previousYear?.year ?? summary.year - 1;
  return {
    table: {
      headerRows: 1,
      keepWithHeaderRows: 1,
      widths: ['*', 60, 60, 60, 60],
      body: [
        headerCells([
          'Số tiêu chí đạt',
          `Số xã năm ${summary.year}`,
          `Tỷ lệ năm ${summary.year}`,
          `Số xã năm ${previousYear}`,
          `Tỷ lệ năm ${previousYear}`,
        ]),
        ...data.bands.map((band): TableCell[] => [
          band.label,
          number(formatNumber(band.communes)),
          number(formatPercent(band.share)),
          number(band.previousCommunes === null ? '—' : formatNumber(band.previousCommunes)),
          number(formatPercent(band.previousShare)),
        ]),
      ],
    },
    layout: tableLayout,
  };
}

function childrenTable(data: ReportData): Content {
  const { totals } = data.summary;
  return {
    table: {
      headerRows: 1,
      keepWithHeaderRows: 1,
      dontBreakRows: true,
      widths: [20, '*', 36, 44, 40, 44, 44, 44],
      body: [
        headerCells([
          'STT',
          'Đơn vị',
          'Số xã',
          'Đã đánh giá',
          'Đạt đủ tiêu chí (theo số liệu)',
          'Tỷ lệ đạt đủ tiêu chí',
          'Tiêu chí đạt bình quân',
          'Xã thiếu số liệu',
        ]),
        ...data.children.map((child, index): TableCell[] => [
          { text: String(index + 1), alignment: 'center' },
          child.name,
          number(formatNumber(child.communes)),
          number(formatNumber(child.evaluated)),
          number(formatNumber(child.met)),
          number(formatPercent(child.share)),
          number(formatFigure(child.averageCriteriaMet, 'decimal')),
          number(formatNumber(child.withMissing)),
        ]),
        [
          { text: '', fillColor: COLOURS.total },
          { text: 'Tổng cộng', bold: true, fillColor: COLOURS.total },
          ...[
            formatNumber(totals.communes),
            formatNumber(totals.evaluated),
            formatNumber(totals.met),
            formatPercent(shareOf(totals.met, totals.communes)),
            formatFigure(totals.averageCriteriaMet, 'decimal'),
            formatNumber(totals.withMissing),
          ].map((text) => number(text, { bold: true, fillColor: COLOURS.total })),
        ],
      ],
    },
    layout: tableLayout,
    fontSize: 8,
  };
}

/** The children are communes (a province after 2025): each commune's own result. */
function communesTable(data: ReportData): Content {
  const { totals, set } = data.summary;
  return {
    table: {
      headerRows: 1,
      keepWithHeaderRows: 1,
      dontBreakRows: true,
      widths: [24, '*', 90, 70, 70],
      body: [
        headerCells(['STT', 'Xã', 'Kết quả', 'Số tiêu chí đạt', 'Số chỉ tiêu thiếu số liệu']),
        ...data.children.map((child, index): TableCell[] => [
          { text: String(index + 1), alignment: 'center' },
          child.name,
          {
            text: child.resultWord,
            alignment: 'center',
            bold: child.result === 'met',
            color: COLOURS.result[child.result],
          },
          {
            text:
              child.averageCriteriaMet === null
                ? '—'
                : `${formatNumber(child.averageCriteriaMet)}/${set.criteriaTotal}`,
            alignment: 'center',
          },
          number(child.evaluated > 0 ? formatNumber(child.missingCells) : '—'),
        ]),
        [
          { text: '', fillColor: COLOURS.total },
          {
            text:
              `Tổng cộng: ${formatNumber(totals.communes)} xã, ${formatNumber(totals.evaluated)} ` +
              'xã đã đánh giá',
            bold: true,
            fillColor: COLOURS.total,
          },
          {
            text: `${formatNumber(totals.met)} xã đạt (${formatPercent(
              shareOf(totals.met, totals.communes),
            )})`,
            bold: true,
            alignment: 'center',
            fillColor: COLOURS.total,
          },
          {
            text: `bình quân ${formatFigure(totals.averageCriteriaMet, 'decimal')}`,
            bold: true,
            alignment: 'center',
            fillColor: COLOURS.total,
          },
          number(formatNumber(totals.missingCells), { bold: true, fillColor: COLOURS.total }),
        ],
      ],
    },
    layout: tableLayout,
    fontSize: 8,
  };
}

function criteriaTable(data: ReportData): Content {
  return {
    table: {
      headerRows: 1,
      keepWithHeaderRows: 1,
      dontBreakRows: true,
      widths: [24, '*', 46, 46, 50, 46],
      body: [
        headerCells([
          'Mã',
          'Tiêu chí',
          'Số xã đạt',
          'Số xã không đạt',
          'Số xã thiếu dữ liệu',
          'Tỷ lệ đạt',
        ]),
        ...data.criteria.map((criterion): TableCell[] => [
          { text: criterion.code, alignment: 'center' },
          criterion.name,
          number(formatNumber(criterion.met)),
          number(formatNumber(criterion.notMet)),
          number(formatNumber(criterion.missing)),
          number(formatPercent(criterion.share)),
        ]),
      ],
    },
    layout: tableLayout,
    fontSize: 8,
  };
}

function targetsTable(data: ReportData): Content {
  return {
    table: {
      headerRows: 1,
      keepWithHeaderRows: 1,
      dontBreakRows: true,
      widths: ['*', 48, 52, 62, 50, 48],
      body: [
        headerCells(['Mục tiêu', 'Cần đạt', 'Hiện tại', 'Trạng thái', 'Còn thiếu', 'Hạn']),
        ...data.targets.map((target): TableCell[] => [
          {
            stack: [
              target.name,
              { text: `Căn cứ: ${target.basis}`, fontSize: 7, color: COLOURS.muted },
              ...(target.sourceText
                ? [{ text: target.sourceText, fontSize: 7, color: COLOURS.muted }]
                : []),
            ],
          },
          { text: target.targetText, alignment: 'center' },
          number(
            target.year === null ? target.currentText : `${target.currentText} (${target.year})`,
          ),
          {
            text: target.statusWord,
            bold: true,
            alignment: 'center',
            color: COLOURS.status[target.status],
          },
          { text: target.gapText, alignment: 'center' },
          { text: target.deadlineText, alignment: 'center' },
        ]),
      ],
    },
    layout: tableLayout,
    fontSize: 8,
  };
}

function svgBlock(svg: string | null, caption: string): Content[] {
  if (!svg) return [];
  return [
    { svg, width: CONTENT_WIDTH, font: PDF_FONT, margin: [0, 4, 0, 2] },
    { text: caption, style: 'caption' },
  ];
}

/** A title kept on the page of what opens the section (a chart); the rest flows after. */
function section(title: Content, opening: Content[], rest: Content[]): Content[] {
  if (opening.length === 0) return [title, ...rest];
  return [{ stack: [title, ...opening], unbreakable: true }, ...rest];
}

/** The document definition (exported for tests and measurements). */
export function reportDocument(data: ReportData, pages: { count: number }): TDocumentDefinitions {
  const { summary } = data;
  const childrenSvg = childrenChart(data, CONTENT_WIDTH);
  const communes = data.childLevel === 'commune';
  const childrenNotes: string[] = [];
  if (data.childrenWithoutCommunes > 0) {
    childrenNotes.push(
      `Không liệt kê ${data.childrenWithoutCommunes} đơn vị không có xã (phường, thị trấn…).`,
    );
  }
  if (!childrenSvg && !communes && data.children.length > MAX_CHART_CHILDREN) {
    childrenNotes.push(`Biểu đồ bỏ qua vì có hơn ${MAX_CHART_CHILDREN} đơn vị; xem bảng.`);
  }
  const content: Content[] = [
    documentHead(data),
    ...titleBlock(data),
    heading('I. KẾT QUẢ CHUNG'),
    keyFigures(data),
    figuresTable(data),
    note(
      summary.previousYear
        ? `Năm ${summary.previousYear.year} tính trên cùng địa giới với năm ${summary.year}` +
            (summary.previousYear.set !== summary.set.code
              ? `, theo bộ tiêu chí ${summary.previousYear.set}.`
              : '.') +
            ' Thay đổi của tỷ lệ tính bằng điểm phần trăm.'
        : `Chưa có số liệu năm ${summary.year - 1} để so sánh.`,
    ),
    ...section(
      { text: 'Phân bố số xã theo số tiêu chí đạt', style: 'subheading' },
      svgBlock(
        bandsChart(data, CONTENT_WIDTH),
        'Biểu đồ 1. Số xã theo số tiêu chí đạt (nhóm phân loại chính thức).',
      ),
      [bandsTable(data), note('Tỷ lệ trên số xã đã đánh giá và đã được xếp vùng/nhóm.')],
    ),
    ...section(
      heading(communes ? 'II. KẾT QUẢ TỪNG XÃ' : 'II. KẾT QUẢ THEO ĐƠN VỊ'),
      svgBlock(
        childrenSvg,
        `Biểu đồ 2. Tỷ lệ xã ${computedMetLabel(data.summary.set.criteriaTotal)} của từng đơn vị.`,
      ),
      [
        data.children.length === 0
          ? note('Không có đơn vị cấp dưới có xã.')
          : communes
            ? communesTable(data)
            : childrenTable(data),
        ...(childrenNotes.length > 0 ? [note(childrenNotes.join(' '))] : []),
      ],
    ),
    ...section(
      heading('III. TỶ LỆ XÃ ĐẠT TỪNG TIÊU CHÍ'),
      svgBlock(
        criteriaChart(data, CONTENT_WIDTH),
        'Biểu đồ 3. Tỷ lệ xã đạt từng tiêu chí (trên số xã đã đánh giá), theo thứ tự của bộ ' +
          'tiêu chí.',
      ),
      [criteriaTable(data)],
    ),
    heading('IV. TIẾN ĐỘ THỰC HIỆN MỤC TIÊU'),
    data.targets.length > 0 ? targetsTable(data) : note(data.targetsNote ?? 'Chưa có mục tiêu.'),
    ...(data.targets.length > 0
      ? [
          note(
            'Trạng thái: Đạt; Đúng tiến độ (chưa đạt nhưng không thấp hơn mức cần đạt theo tiến độ ' +
              'đều từ năm đầu đến hạn); Chậm; Chưa có số liệu. Tỷ lệ xã tính trên tổng số xã.',
          ),
        ]
      : []),
  ];
  return {
    pageSize: 'A4',
    pageMargins: MARGINS,
    language: 'vi-VN',
    info: {
      title: `${data.title} - ${data.unitName}`,
      author: 'Nền tảng số Nông thôn mới',
      subject: `${data.setLine} ${data.mapLine}`,
      creator: 'Nền tảng số Nông thôn mới',
      producer: 'Nền tảng số Nông thôn mới (pdfmake)',
      creationDate: data.generatedAt,
    },
    content,
    defaultStyle: { font: PDF_FONT, fontSize: 9, lineHeight: 1.15 },
    styles: {
      title: { fontSize: 14, bold: true, alignment: 'center', margin: [0, 0, 0, 2] },
      subtitle: { fontSize: 12, bold: true, alignment: 'center', margin: [0, 0, 0, 6] },
      lines: { fontSize: 8.5, italics: true, alignment: 'center', margin: [0, 0, 0, 8] },
      heading: { fontSize: 11, bold: true, margin: [0, 10, 0, 4] },
      subheading: { fontSize: 9.5, bold: true, margin: [0, 8, 0, 0] },
      caption: {
        fontSize: 7.5,
        italics: true,
        alignment: 'center',
        color: COLOURS.muted,
        margin: [0, 0, 0, 4],
      },
      note: { fontSize: 7.5, italics: true, color: COLOURS.muted, margin: [0, 2, 0, 2] },
    },
    // A heading never ends a page: it moves to the next one with what follows.
    pageBreakBefore: (node, following) =>
      node.headlineLevel === 1 && following.getFollowingNodesOnPage().length === 0,
    footer: (currentPage, pageCount) => {
      pages.count = pageCount;
      return {
        columns: [
          {
            text: `${data.title} - ${data.unitName}`,
            fontSize: 7,
            color: COLOURS.muted,
          },
          { text: `Trang ${currentPage}/${pageCount}`, alignment: 'right', fontSize: 8, width: 70 },
        ],
        margin: [MARGINS[0], 20, MARGINS[2], 0],
      };
    },
  };
}

/** The PDF file of the report and its number of pages. */
export async function buildReportPdf(
  data: ReportData,
  options: { compress?: boolean } = {},
): Promise<{ data: Buffer; pages: number }> {
  configurePdfmake();
  const pages = { count: 0 };
  const definition = reportDocument(data, pages);
  definition.compress = options.compress ?? true;
  const buffer = await pdfmake.createPdf(definition).getBuffer();
  return { data: buffer, pages: pages.count };
}
