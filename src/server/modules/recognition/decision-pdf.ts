import pdfmake from 'pdfmake';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import { configurePdfmake, officialDateLine, PDF_FONT } from '../../files/pdf';
import { displayDate } from '../units/model';

/**
 * The decision recognising a unit (công nhận … đạt chuẩn nông thôn mới) or revoking that
 * recognition (thu hồi), as an A4 PDF laid out like an administrative decision under Nghị định
 * 30/2020/NĐ-CP: the issuer and the national motto side by side, the number and the place and date
 * line, "QUYẾT ĐỊNH" and its subject, the authority, the bases in italics, "QUYẾT ĐỊNH:", the
 * articles, then "Nơi nhận:" and the signature block. Page numbers from page 2 on, centred in the
 * top margin, only when the decision runs over one page (as Nghị định 30 wants). Set in the Roboto
 * the reports embed (`reports/pdf.ts`): no system font, no network. The same input gives the same
 * bytes (the metadata dates and the file ID come from `issuedOn`), so the file's SHA-256 can be
 * published and checked.
 */

export interface DecisionDocument {
  purpose: 'recognition' | 'revocation';
  /** `name`, e.g. 'ỦY BAN NHÂN DÂN TỈNH LÀO CAI'; `parent`: the line above it, optional. */
  issuer: { name: string; parent?: string };
  /** '125/QĐ-UBND' */
  number: string;
  /** 'Lào Cai' */
  place: string;
  /** ISO date; printed "Lào Cai, ngày 05 tháng 11 năm 2025". */
  issuedOn: string;
  /** 'QUYẾT ĐỊNH' */
  title: string;
  /** 'Về việc công nhận xã Lâm Giang, tỉnh Lào Cai đạt chuẩn nông thôn mới năm 2025' */
  subject: string;
  /** 'CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LÀO CAI' */
  authority: string;
  /** Each "Căn cứ …;" line, printed as given. */
  bases: string[];
  /** The text of Điều 1, Điều 2…, numbered when printed; a "\n" starts a new paragraph. */
  articles: string[];
  /** The "Nơi nhận:" list, printed "- …;" (the last one "- …."). */
  recipients: string[];
  /** `title`: 'KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH' or 'CHỦ TỊCH' (one line per "\n"). */
  signer: { title: string; name: string };
  /** Printed small at the foot: where the public copy is, e.g. the register address. */
  footnote?: string;
}

// --- Layout -------------------------------------------------------------------------------------

const MM = 72 / 25.4;
const PAGE_WIDTH = 595.28;
/** Left 30 mm, top 20 mm, right 20 mm, bottom 20 mm. */
const MARGINS: [number, number, number, number] = [30 * MM, 20 * MM, 20 * MM, 20 * MM];
const CONTENT_WIDTH = PAGE_WIDTH - MARGINS[0] - MARGINS[2];
const ISSUER_WIDTH = 180;
const MOTTO_WIDTH = CONTENT_WIDTH - ISSUER_WIDTH;
/** The first line of a paragraph is indented 1 cm. */
const INDENT = 10 * MM;
const BODY_SIZE = 13;

/** A centred horizontal rule of `length` in a block of `width`. */
function rule(width: number, length: number, margin: [number, number, number, number]): Content {
  return {
    canvas: [
      {
        type: 'line',
        x1: (width - length) / 2,
        y1: 0,
        x2: (width + length) / 2,
        y2: 0,
        lineWidth: 0.6,
      },
    ],
    margin,
  };
}

function upper(text: string): string {
  return text.toLocaleUpperCase('vi-VN');
}

/**
 * The issuer's lines: "ỦY BAN NHÂN DÂN" over "TỈNH LÀO CAI", as decisions print it (a name written
 * with "\n" is broken there; any other wraps where it must).
 */
function issuerLines(name: string): string[] {
  const text = upper(name.trim());
  if (text.includes('\n')) return text.split('\n').map((line) => line.trim());
  const committee = /^(ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN)\s+(.+)$/.exec(text);
  return committee ? [committee[1]!, committee[2]!] : [text];
}

/** Issuer and number on the left, motto and date line on the right; no borders. */
function head(document: DecisionDocument): Content {
  const issuer: Content = {
    stack: [
      ...(document.issuer.parent ? [{ text: upper(document.issuer.parent), fontSize: 12 }] : []),
      ...issuerLines(document.issuer.name).map((line) => ({
        text: line,
        fontSize: 12,
        bold: true,
      })),
      rule(ISSUER_WIDTH, 60, [0, 3, 0, 0]),
    ],
    alignment: 'center',
  };
  const motto: Content = {
    stack: [
      { text: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', fontSize: 11.5, bold: true },
      { text: 'Độc lập - Tự do - Hạnh phúc', fontSize: 13, bold: true },
      rule(MOTTO_WIDTH, 178, [0, 3, 0, 0]),
    ],
    alignment: 'center',
  };
  return {
    table: {
      widths: [ISSUER_WIDTH, MOTTO_WIDTH],
      body: [
        [issuer, motto],
        [
          { text: `Số: ${document.number}`, fontSize: BODY_SIZE, alignment: 'center' },
          {
            text: decisionDateLine(document.place, document.issuedOn),
            fontSize: BODY_SIZE,
            italics: true,
            alignment: 'center',
          },
        ],
      ],
    },
    layout: {
      hLineWidth: () => 0,
      vLineWidth: () => 0,
      paddingLeft: () => 0,
      paddingRight: () => 0,
      paddingTop: (row) => (row === 1 ? 6 : 0),
      paddingBottom: () => 0,
    },
    margin: [0, 0, 0, 18],
  };
}

function paragraph(text: Content[] | string, extra: Record<string, unknown> = {}): Content {
  return {
    text,
    alignment: 'justify',
    leadingIndent: INDENT,
    margin: [0, 0, 0, 6],
    ...extra,
  };
}

function articles(document: DecisionDocument): Content[] {
  return document.articles.flatMap((article, index) => {
    const [first = '', ...rest] = article.split('\n');
    return [
      paragraph([{ text: `Điều ${index + 1}. `, bold: true }, first]),
      ...rest.map((line) => paragraph(line)),
    ];
  });
}

/** "- Như Điều 3;" … "- Lưu: VT." */
function recipientLines(recipients: string[]): string[] {
  return recipients.map((recipient, index) => {
    const bare = recipient
      .trim()
      .replace(/^-\s*/, '')
      .replace(/[;.]\s*$/, '');
    return `- ${bare}${index === recipients.length - 1 ? '.' : ';'}`;
  });
}

/** "Nơi nhận:" on the left, the signature block on the right, never split across pages. */
function foot(document: DecisionDocument): Content {
  return {
    columns: [
      {
        width: 215,
        stack: [
          { text: 'Nơi nhận:', bold: true, italics: true, fontSize: 12 },
          ...recipientLines(document.recipients).map((line) => ({ text: line, fontSize: 11 })),
        ],
        margin: [0, 2, 0, 0],
      },
      {
        width: '*',
        stack: [
          ...document.signer.title
            .split('\n')
            .map((line) => ({ text: upper(line.trim()), bold: true })),
          { text: document.signer.name, bold: true, margin: [0, 80, 0, 0] },
        ],
        alignment: 'center',
        fontSize: BODY_SIZE,
      },
    ],
    columnGap: 10,
    unbreakable: true,
    margin: [0, 12, 0, 0],
  };
}

/** The pdfmake definition of a decision (exported for tests). */
export function decisionDefinition(document: DecisionDocument): TDocumentDefinitions {
  const issued = issuedMoment(document.issuedOn);
  const content: Content[] = [
    head(document),
    { text: upper(document.title), fontSize: 14, bold: true, alignment: 'center' },
    {
      text: document.subject,
      fontSize: 14,
      bold: true,
      alignment: 'center',
      margin: [40, 2, 40, 0],
    },
    rule(CONTENT_WIDTH, 120, [0, 4, 0, 14]),
    {
      text: upper(document.authority),
      fontSize: 14,
      bold: true,
      alignment: 'center',
      margin: [0, 0, 0, 12],
    },
    ...document.bases.map((basis) => paragraph(basis, { italics: true })),
    {
      text: 'QUYẾT ĐỊNH:',
      fontSize: 14,
      bold: true,
      alignment: 'center',
      margin: [0, 8, 0, 10],
    },
    ...articles(document),
    foot(document),
  ];
  return {
    pageSize: 'A4',
    pageOrientation: 'portrait',
    pageMargins: MARGINS,
    language: 'vi-VN',
    compress: true,
    info: {
      title: `${upper(document.title)} ${document.number}`,
      subject: document.subject,
      author: upper(document.issuer.name),
      creator: 'Nền tảng số Nông thôn mới',
      producer: 'Nền tảng số Nông thôn mới (pdfmake)',
      creationDate: issued,
    },
    content,
    defaultStyle: { font: PDF_FONT, fontSize: BODY_SIZE, lineHeight: 1.2 },
    header: (currentPage, pageCount) =>
      pageCount > 1 && currentPage > 1
        ? {
            text: String(currentPage),
            alignment: 'center',
            fontSize: BODY_SIZE,
            margin: [MARGINS[0], 10 * MM, MARGINS[2], 0],
          }
        : null,
    footer: (currentPage, pageCount) =>
      document.footnote && currentPage === pageCount
        ? {
            text: document.footnote,
            fontSize: 8,
            italics: true,
            color: '#444444',
            lineHeight: 1.1,
            margin: [MARGINS[0], 6 * MM, MARGINS[2], 0],
          }
        : null,
  };
}

function issuedMoment(isoDate: string): Date {
  const moment = /^\d{4}-\d{2}-\d{2}$/.test(isoDate)
    ? new Date(`${isoDate}T00:00:00+07:00`)
    : new Date(Number.NaN);
  if (Number.isNaN(moment.getTime())) throw new Error(`not an ISO date: "${isoDate}"`);
  return moment;
}

/** The decision as a PDF file; the same document gives the same bytes. */
export async function renderDecisionPdf(document: DecisionDocument): Promise<Buffer> {
  configurePdfmake();
  return pdfmake.createPdf(decisionDefinition(document)).getBuffer();
}

/** "Lào Cai, ngày 05 tháng 11 năm 2025" (day under 10 and months 1–2 written with a 0). */
export function decisionDateLine(place: string, isoDate: string): string {
  issuedMoment(isoDate);
  return officialDateLine(place, isoDate);
}

// --- Wording ------------------------------------------------------------------------------------

/** What `decisionDocumentFor` needs: plain values, no database rows. */
export interface DecisionRecord {
  purpose: 'recognition' | 'revocation';
  /** 'đạt chuẩn nông thôn mới' | 'đạt chuẩn nông thôn mới nâng cao' | … */
  kindLabel: string;
  /** 'Xã Lâm Giang' */
  unitName: string;
  /** 'Lào Cai' (or 'Tỉnh Lào Cai', 'Thành phố Hà Nội') */
  provinceName: string;
  /** The year of the recognition (of the recognition revoked, for a revocation). */
  year: number;
  /** '125/QĐ-UBND', or '125' (then completed with `issuerSymbol`). */
  number: string;
  issuedOn: string;
  effectiveOn: string;
  signerName: string;
  /** 'Chủ tịch', 'Phó Chủ tịch' (printed "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"), or a full block. */
  signerTitle: string;
  /** 'Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2021–2025 (318/QĐ-TTg)' */
  setName: string;
  /** Numbers of texts ('18/2022/QĐ-TTg', '131/2025/NĐ-CP') or whole "Căn cứ …" lines, in order. */
  legalBasis: string[];
  /** 'Ủy ban nhân dân tỉnh Lào Cai', 'Thủ tướng Chính phủ' */
  issuerName: string;
  /** The issuer's symbol in decision numbers: 'UBND', 'TTg'. */
  issuerSymbol: string;
  /** For a revocation: the decision revoked. */
  originalDecision?: { number: string; issuedOn: string };
  /**
   * The appraisal the decision rests on, printed as its own basis before "Theo đề nghị…", e.g.
   * 'Căn cứ kết quả thẩm định của Hội đồng thẩm định tỉnh ngày 20/10/2025'.
   */
  appraisalNote?: string;
  footnote?: string;
}

/**
 * Texts the wording cites with their date and title, as the references describe them
 * (`shared/reference/procedures.md` §1, `domain-facts.md` §1).
 */
const KNOWN_TEXTS: Record<string, { date: string; title?: string }> = {
  '18/2022/QĐ-TTg': {
    date: '02/08/2022',
    title:
      'ban hành Quy định điều kiện, trình tự, thủ tục, hồ sơ xét, công nhận, công bố và thu hồi ' +
      'quyết định công nhận địa phương đạt chuẩn nông thôn mới, đạt chuẩn nông thôn mới nâng ' +
      'cao, đạt chuẩn nông thôn mới kiểu mẫu và hoàn thành nhiệm vụ xây dựng nông thôn mới giai ' +
      'đoạn 2021 - 2025',
  },
  '03/2024/QĐ-TTg': {
    date: '07/03/2024',
    title: 'sửa đổi, bổ sung một số điều của Quyết định số 18/2022/QĐ-TTg',
  },
  '131/2025/NĐ-CP': {
    date: '12/06/2025',
    title:
      'quy định phân định thẩm quyền của chính quyền địa phương 02 cấp trong lĩnh vực quản lý ' +
      'nhà nước của Bộ Nông nghiệp và Môi trường',
  },
  '263/QĐ-TTg': { date: '22/02/2022' },
  '318/QĐ-TTg': { date: '08/03/2022' },
  '319/QĐ-TTg': { date: '08/03/2022' },
  '320/QĐ-TTg': { date: '08/03/2022' },
  '321/QĐ-TTg': { date: '08/03/2022' },
  '51/2025/QĐ-TTg': { date: '29/12/2025' },
};

const CENTRAL_CITIES = new Set(['Hà Nội', 'Hồ Chí Minh', 'Hải Phòng', 'Đà Nẵng', 'Cần Thơ', 'Huế']);
const KIND_PREFIX = /^(tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn|đặc khu)\s+/i;

function bareName(name: string): string {
  return name.trim().replace(KIND_PREFIX, '');
}

/** 'Xã Lâm Giang' → 'xã Lâm Giang' (the kind in lower case inside a sentence). */
function inSentence(name: string): string {
  return name.trim().replace(KIND_PREFIX, (kind) => kind.toLocaleLowerCase('vi-VN'));
}

function withEnding(text: string, ending: ';' | '.'): string {
  return `${text.trim().replace(/[;.]\s*$/, '')}${ending}`;
}

/** 'tỉnh Lào Cai', 'thành phố Hà Nội'. */
function provinceInSentence(provinceName: string): { phrase: string; kind: string } {
  if (KIND_PREFIX.test(provinceName.trim())) {
    const phrase = inSentence(provinceName);
    return { phrase, kind: phrase.startsWith('thành phố') ? 'thành phố' : 'tỉnh' };
  }
  const kind = CENTRAL_CITIES.has(provinceName.trim()) ? 'thành phố' : 'tỉnh';
  return { phrase: `${kind} ${provinceName.trim()}`, kind };
}

function documentType(code: string): string {
  if (/\/QĐ-/.test(code)) return 'Quyết định';
  if (/\/NĐ-/.test(code)) return 'Nghị định';
  if (/\/NQ-/.test(code)) return 'Nghị quyết';
  if (/\/TT-/.test(code)) return 'Thông tư';
  return 'văn bản';
}

/** What the symbol after the last "-" says of who issued a text. */
function textIssuer(code: string, province: string): string | null {
  const symbol = code.split('-').at(-1) ?? '';
  if (symbol === 'TTg') return 'Thủ tướng Chính phủ';
  if (symbol === 'CP') return 'Chính phủ';
  if (symbol === 'UBND') return `Ủy ban nhân dân ${province}`;
  if (symbol === 'BNNMT') return 'Bộ trưởng Bộ Nông nghiệp và Môi trường';
  if (symbol === 'BNNPTNT') return 'Bộ trưởng Bộ Nông nghiệp và Phát triển nông thôn';
  return null;
}

/** "Quyết định số 18/2022/QĐ-TTg ngày 02/08/2022 của Thủ tướng Chính phủ ban hành …". */
function citation(code: string, province: string, title?: string): string {
  const known = KNOWN_TEXTS[code];
  const issuer = textIssuer(code, province);
  return [
    `${documentType(code)} số ${code}`,
    known ? `ngày ${known.date}` : null,
    issuer ? `của ${issuer}` : null,
    title ?? known?.title ?? null,
  ]
    .filter(Boolean)
    .join(' ');
}

/** 'Bộ tiêu chí … (318/QĐ-TTg)' → its name and the number of the text that issued it. */
function splitSetName(setName: string): { name: string; code: string | null } {
  const match = /^(.*?)\s*\(([^()]+)\)\s*$/.exec(setName.trim());
  return match ? { name: match[1]!, code: match[2]!.trim() } : { name: setName.trim(), code: null };
}

/** "Phó Chủ tịch" → "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"; a block already written is kept. */
function signatureTitle(signerTitle: string): string {
  const title = signerTitle.trim();
  if (title.includes('\n') || /^(KT|TM|TL|TUQ|Q)\.\s/i.test(title)) return upper(title);
  const deputy = /^phó\s+(.+)$/i.exec(title);
  return deputy ? `KT. ${upper(deputy[1]!)}\n${upper(title)}` : upper(title);
}

function fullNumber(number: string, symbol: string): string {
  return number.includes('/') ? number.trim() : `${number.trim()}/QĐ-${symbol}`;
}

/** What comes after a level once it is reached, for Điều 2. */
function nextLevel(kindLabel: string): string {
  if (/kiểu mẫu/i.test(kindLabel)) return '';
  if (/nâng cao/i.test(kindLabel)) return ', phấn đấu đạt chuẩn nông thôn mới kiểu mẫu';
  if (/đạt chuẩn nông thôn mới/i.test(kindLabel)) {
    return ', phấn đấu đạt chuẩn nông thôn mới nâng cao';
  }
  return '';
}

/** The decision's wording from plain values (pure: no I/O, no clock). */
export function decisionDocumentFor(record: DecisionRecord): DecisionDocument {
  const revocation = record.purpose === 'revocation';
  if (revocation && !record.originalDecision) {
    throw new Error('a revocation decision names the decision it revokes');
  }
  issuedMoment(record.issuedOn);
  issuedMoment(record.effectiveOn);

  const peoplesCommittee = /^(ủy|uỷ) ban nhân dân/i.test(record.issuerName.trim());
  const primeMinister = /^thủ tướng/i.test(record.issuerName.trim());
  const province = provinceInSentence(record.provinceName);
  const unitIsProvince = bareName(record.unitName) === bareName(record.provinceName);
  const unit = unitIsProvince ? province.phrase : inSentence(record.unitName);
  const unitPhrase = unitIsProvince ? province.phrase : `${unit}, ${province.phrase}`;
  const unitCommittee = `Ủy ban nhân dân ${unit}`;
  const recognised = `${unitPhrase} ${record.kindLabel.trim()} năm ${record.year}`;
  // The ministry and the provincial department of agriculture merged with environment in 2025.
  const agriculture =
    record.issuedOn >= '2025-03-01'
      ? 'Nông nghiệp và Môi trường'
      : 'Nông nghiệp và Phát triển nông thôn';
  const authorityInSentence = peoplesCommittee
    ? `Chủ tịch Ủy ban nhân dân ${province.phrase}`
    : primeMinister
      ? 'Thủ tướng Chính phủ'
      : record.issuerName.trim();
  const issuerUpper = upper(record.issuerName.trim());

  const set = splitSetName(record.setName);
  const bases: string[] = [
    peoplesCommittee
      ? 'Căn cứ Luật Tổ chức chính quyền địa phương;'
      : 'Căn cứ Luật Tổ chức Chính phủ;',
  ];
  for (const basis of record.legalBasis) {
    const text = basis.trim();
    if (text === '' || (set.code !== null && text === set.code)) continue;
    bases.push(
      withEnding(/^căn cứ\s/i.test(text) ? text : `Căn cứ ${citation(text, province.phrase)}`, ';'),
    );
  }
  if (set.code) {
    bases.push(
      withEnding(`Căn cứ ${citation(set.code, province.phrase, `ban hành ${set.name}`)}`, ';'),
    );
  }
  const original = record.originalDecision
    ? {
        number: fullNumber(record.originalDecision.number, record.issuerSymbol),
        date: displayDate(record.originalDecision.issuedOn),
      }
    : null;
  if (original) {
    bases.push(
      `Căn cứ Quyết định số ${original.number} ngày ${original.date} của ${authorityInSentence} ` +
        `về việc công nhận ${recognised};`,
    );
  }
  if (record.appraisalNote?.trim()) {
    const note = record.appraisalNote.trim();
    bases.push(withEnding(/^(căn cứ|xét|theo)\s/i.test(note) ? note : `Căn cứ ${note}`, ';'));
  }
  bases.push(
    peoplesCommittee
      ? `Theo đề nghị của Giám đốc Sở ${agriculture}.`
      : `Theo đề nghị của Bộ trưởng Bộ ${agriculture}.`,
  );

  const effect =
    record.effectiveOn === record.issuedOn
      ? 'Quyết định này có hiệu lực kể từ ngày ký.'
      : `Quyết định này có hiệu lực kể từ ngày ${displayDate(record.effectiveOn)}.`;
  const setClause = set.code ? `${set.name} ban hành kèm theo Quyết định số ${set.code}` : set.name;
  const articles = revocation
    ? [
        `Thu hồi Quyết định số ${original!.number} ngày ${original!.date} của ` +
          `${authorityInSentence} về việc công nhận ${recognised}.`,
        `${effect}\n${unitCommittee} có trách nhiệm khắc phục các tiêu chí không còn đạt chuẩn, ` +
          `tiếp tục thực hiện xây dựng nông thôn mới để được xét, công nhận lại theo quy định.`,
      ]
    : [
        `Công nhận ${recognised} theo ${setClause}.`,
        `${effect}\n${unitCommittee} có trách nhiệm duy trì và tiếp tục nâng cao chất lượng các ` +
          `tiêu chí đã đạt${nextLevel(record.kindLabel)}.`,
      ];
  articles.push(
    peoplesCommittee
      ? `Chánh Văn phòng Ủy ban nhân dân ${province.kind}, Giám đốc Sở ${agriculture}, Thủ trưởng ` +
          `các sở, ban, ngành có liên quan${unitIsProvince ? '' : `, Chủ tịch ${unitCommittee}`} ` +
          'và các tổ chức, cá nhân có liên quan chịu trách nhiệm thi hành Quyết định này./.'
      : `Bộ trưởng Bộ ${agriculture}, Chủ tịch Ủy ban nhân dân ${province.phrase}` +
          `${unitIsProvince ? '' : `, Chủ tịch ${unitCommittee}`} và Thủ trưởng các cơ quan có ` +
          'liên quan chịu trách nhiệm thi hành Quyết định này./.',
  );

  // Abbreviated as decisions print them (b/c: để báo cáo).
  const recipients = peoplesCommittee
    ? [
        'Như Điều 3',
        `Bộ ${agriculture} (b/c)`,
        'Văn phòng Điều phối NTM Trung ương',
        `TT. ${province.kind === 'tỉnh' ? 'Tỉnh ủy' : 'Thành ủy'}, TT. HĐND ${province.kind}`,
        `Chủ tịch, các PCT UBND ${province.kind}`,
        `Ủy ban MTTQ Việt Nam ${province.kind}`,
        `Cổng thông tin điện tử ${province.kind}`,
        'Lưu: VT',
      ]
    : [
        'Như Điều 3',
        'Văn phòng Điều phối NTM Trung ương',
        'Cổng Thông tin điện tử Chính phủ',
        'Lưu: VT',
      ];

  return {
    purpose: record.purpose,
    issuer: { name: issuerUpper },
    number: fullNumber(record.number, record.issuerSymbol),
    place: peoplesCommittee ? bareName(record.provinceName) : 'Hà Nội',
    issuedOn: record.issuedOn,
    title: 'QUYẾT ĐỊNH',
    subject: revocation
      ? `Về việc thu hồi Quyết định công nhận ${recognised}`
      : `Về việc công nhận ${recognised}`,
    authority: peoplesCommittee ? `CHỦ TỊCH ${issuerUpper}` : issuerUpper,
    bases,
    articles,
    recipients,
    signer: { title: signatureTitle(record.signerTitle), name: record.signerName.trim() },
    ...(record.footnote ? { footnote: record.footnote } : {}),
  };
}
