import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { pdfPages } from '../../test/pdf-text';
import {
  decisionDateLine,
  decisionDocumentFor,
  renderDecisionPdf,
  type DecisionDocument,
  type DecisionRecord,
} from './decision-pdf';

const record: DecisionRecord = {
  purpose: 'recognition',
  kindLabel: 'đạt chuẩn nông thôn mới',
  unitName: 'Xã Lâm Giang',
  provinceName: 'Lào Cai',
  year: 2025,
  number: '125/QĐ-UBND',
  issuedOn: '2025-11-05',
  effectiveOn: '2025-11-05',
  signerName: 'Nguyễn Thị Hường',
  signerTitle: 'Phó Chủ tịch',
  setName: 'Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2021–2025 (318/QĐ-TTg)',
  legalBasis: ['18/2022/QĐ-TTg', '131/2025/NĐ-CP'],
  issuerName: 'Ủy ban nhân dân tỉnh Lào Cai',
  issuerSymbol: 'UBND',
  appraisalNote:
    'Căn cứ kết quả thẩm định của Hội đồng thẩm định tỉnh tại cuộc họp ngày 20/10/2025',
};

const MOTTO = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';

/** Lines of text of each page, without the empty ones. */
async function pagesOf(document: DecisionDocument): Promise<string[][]> {
  const pdf = await renderDecisionPdf(document);
  return pdfPages(pdf).map((page) => page.split('\n').filter((line) => line.trim() !== ''));
}

describe('decisionDateLine', () => {
  it('writes the place and date as Nghị định 30 does', () => {
    expect(decisionDateLine('Lào Cai', '2025-11-05')).toBe('Lào Cai, ngày 05 tháng 11 năm 2025');
    expect(decisionDateLine('Hà Nội', '2026-02-09')).toBe('Hà Nội, ngày 09 tháng 02 năm 2026');
    expect(decisionDateLine('Huế', '2026-03-12')).toBe('Huế, ngày 12 tháng 3 năm 2026');
    expect(() => decisionDateLine('Huế', '12/03/2026')).toThrow(/ISO date/);
  });
});

describe('decisionDocumentFor', () => {
  it('words a commune recognition decided by the provincial chairman', () => {
    const document = decisionDocumentFor(record);
    expect(document).toMatchObject({
      purpose: 'recognition',
      issuer: { name: 'ỦY BAN NHÂN DÂN TỈNH LÀO CAI' },
      number: '125/QĐ-UBND',
      place: 'Lào Cai',
      issuedOn: '2025-11-05',
      title: 'QUYẾT ĐỊNH',
      subject: 'Về việc công nhận xã Lâm Giang, tỉnh Lào Cai đạt chuẩn nông thôn mới năm 2025',
      authority: 'CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LÀO CAI',
      signer: { title: 'KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH', name: 'Nguyễn Thị Hường' },
    });
    expect(document.bases).toEqual([
      'Căn cứ Luật Tổ chức chính quyền địa phương;',
      'Căn cứ Quyết định số 18/2022/QĐ-TTg ngày 02/08/2022 của Thủ tướng Chính phủ ban hành Quy ' +
        'định điều kiện, trình tự, thủ tục, hồ sơ xét, công nhận, công bố và thu hồi quyết định ' +
        'công nhận địa phương đạt chuẩn nông thôn mới, đạt chuẩn nông thôn mới nâng cao, đạt ' +
        'chuẩn nông thôn mới kiểu mẫu và hoàn thành nhiệm vụ xây dựng nông thôn mới giai đoạn ' +
        '2021 - 2025;',
      'Căn cứ Nghị định số 131/2025/NĐ-CP ngày 12/06/2025 của Chính phủ quy định phân định thẩm ' +
        'quyền của chính quyền địa phương 02 cấp trong lĩnh vực quản lý nhà nước của Bộ Nông ' +
        'nghiệp và Môi trường;',
      'Căn cứ Quyết định số 318/QĐ-TTg ngày 08/03/2022 của Thủ tướng Chính phủ ban hành Bộ tiêu ' +
        'chí quốc gia về xã nông thôn mới giai đoạn 2021–2025;',
      'Căn cứ kết quả thẩm định của Hội đồng thẩm định tỉnh tại cuộc họp ngày 20/10/2025;',
      'Theo đề nghị của Giám đốc Sở Nông nghiệp và Môi trường.',
    ]);
    expect(document.articles).toEqual([
      'Công nhận xã Lâm Giang, tỉnh Lào Cai đạt chuẩn nông thôn mới năm 2025 theo Bộ tiêu chí ' +
        'quốc gia về xã nông thôn mới giai đoạn 2021–2025 ban hành kèm theo Quyết định số ' +
        '318/QĐ-TTg.',
      'Quyết định này có hiệu lực kể từ ngày ký.\nỦy ban nhân dân xã Lâm Giang có trách nhiệm ' +
        'duy trì và tiếp tục nâng cao chất lượng các tiêu chí đã đạt, phấn đấu đạt chuẩn nông ' +
        'thôn mới nâng cao.',
      'Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Nông nghiệp và Môi trường, Thủ trưởng ' +
        'các sở, ban, ngành có liên quan, Chủ tịch Ủy ban nhân dân xã Lâm Giang và các tổ chức, ' +
        'cá nhân có liên quan chịu trách nhiệm thi hành Quyết định này./.',
    ]);
    expect(document.recipients[0]).toBe('Như Điều 3');
    expect(document.recipients.at(-1)).toBe('Lưu: VT');
    expect(document.footnote).toBeUndefined();
  });

  it('words a revocation citing the decision revoked, with a later effect date', () => {
    const document = decisionDocumentFor({
      ...record,
      purpose: 'revocation',
      kindLabel: 'đạt chuẩn nông thôn mới nâng cao',
      number: '48',
      issuedOn: '2026-03-02',
      effectiveOn: '2026-03-15',
      signerTitle: 'Chủ tịch',
      signerName: 'Trần Văn Đức',
      originalDecision: { number: '125/QĐ-UBND', issuedOn: '2025-11-05' },
      appraisalNote: undefined,
      footnote: 'Bản công khai: https://ntm.example.vn/cong-nhan/125-2025',
    });
    const recognised = 'xã Lâm Giang, tỉnh Lào Cai đạt chuẩn nông thôn mới nâng cao năm 2025';
    expect(document.number).toBe('48/QĐ-UBND');
    expect(document.subject).toBe(`Về việc thu hồi Quyết định công nhận ${recognised}`);
    expect(document.signer.title).toBe('CHỦ TỊCH');
    expect(document.bases).toContain(
      'Căn cứ Quyết định số 125/QĐ-UBND ngày 05/11/2025 của Chủ tịch Ủy ban nhân dân tỉnh Lào ' +
        `Cai về việc công nhận ${recognised};`,
    );
    expect(document.articles[0]).toBe(
      'Thu hồi Quyết định số 125/QĐ-UBND ngày 05/11/2025 của Chủ tịch Ủy ban nhân dân tỉnh Lào ' +
        `Cai về việc công nhận ${recognised}.`,
    );
    expect(document.articles[1]).toMatch(/^Quyết định này có hiệu lực kể từ ngày 15\/03\/2026\./);
    expect(document.articles[1]).toContain('để được xét, công nhận lại theo quy định');
    expect(document.footnote).toContain('ntm.example.vn');
    expect(() => decisionDocumentFor({ ...record, purpose: 'revocation' })).toThrow(/revokes/);
  });

  it('words a decision of the Prime Minister, dated in Hà Nội', () => {
    const document = decisionDocumentFor({
      ...record,
      kindLabel: 'hoàn thành nhiệm vụ xây dựng nông thôn mới',
      unitName: 'Tỉnh Lào Cai',
      number: '310/QĐ-TTg',
      issuerName: 'Thủ tướng Chính phủ',
      issuerSymbol: 'TTg',
      signerTitle: 'Phó Thủ tướng',
      setName: 'Bộ tiêu chí tỉnh hoàn thành nhiệm vụ xây dựng nông thôn mới (321/QĐ-TTg)',
      legalBasis: ['18/2022/QĐ-TTg'],
      appraisalNote: undefined,
    });
    expect(document.place).toBe('Hà Nội');
    expect(document.authority).toBe('THỦ TƯỚNG CHÍNH PHỦ');
    expect(document.subject).toBe(
      'Về việc công nhận tỉnh Lào Cai hoàn thành nhiệm vụ xây dựng nông thôn mới năm 2025',
    );
    expect(document.signer.title).toBe('KT. THỦ TƯỚNG\nPHÓ THỦ TƯỚNG');
    expect(document.bases[0]).toBe('Căn cứ Luật Tổ chức Chính phủ;');
    expect(document.bases.at(-1)).toBe('Theo đề nghị của Bộ trưởng Bộ Nông nghiệp và Môi trường.');
    expect(document.articles[2]).toMatch(/^Bộ trưởng Bộ Nông nghiệp và Môi trường, Chủ tịch Ủy/);
  });
});

describe('renderDecisionPdf', () => {
  const document = decisionDocumentFor(record);

  it('lays the decision out, with the font embedded, the signature kept with Điều 3', async () => {
    const pdf = await renderDecisionPdf(document);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.toString('latin1')).toMatch(/\/FontFile2 \d+ 0 R/);

    const pages = pdfPages(pdf).map((page) => page.split('\n').filter((line) => line.trim()));
    expect(pages).toHaveLength(2);
    const lines = pages.flat();
    const text = lines.join('\n');
    // The issuer's column, then the motto's; the number and the date line share their row.
    expect(lines.slice(0, 5)).toEqual([
      'ỦY BAN NHÂN DÂN',
      'TỈNH LÀO CAI',
      MOTTO,
      'Độc lập - Tự do - Hạnh phúc',
      'Số: 125/QĐ-UBNDLào Cai, ngày 05 tháng 11 năm 2025',
    ]);
    expect(lines).toContain('QUYẾT ĐỊNH');
    expect(text).toContain('Về việc công nhận xã Lâm Giang, tỉnh Lào Cai đạt chuẩn');
    expect(lines).toContain('CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LÀO CAI');
    expect(text).toContain('Căn cứ Quyết định số 18/2022/QĐ-TTg ngày 02/08/2022');
    expect(lines).toContain('QUYẾT ĐỊNH:');
    expect(text).toMatch(/^Điều 1\. Công nhận xã Lâm Giang/m);
    expect(text).toMatch(/^Điều 3\. Chánh Văn phòng/m);
    // Page 2: its number, the end of Điều 3, then "Nơi nhận:" beside the signature block.
    expect(pages[0]).not.toContain('1');
    expect(pages[1]).toContain('2');
    expect(pages[1]![0]).toBe('nhiệm thi hành Quyết định này./.');
    const end = pages[1]!.join('\n');
    expect(end).toContain('Nơi nhận:\n- Như Điều 3;');
    expect(end).toContain('KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Thị Hường');
    expect(end).toContain('- Bộ Nông nghiệp và Môi trường (b/c);');
    expect(end).toContain('- Lưu: VT.');
    expect(text).not.toContain('\uFFFD');
  });

  it('prints a short decision on one page, without a page number', async () => {
    const pages = await pagesOf({
      ...document,
      bases: document.bases.slice(0, 2),
      articles: ['Công nhận xã Lâm Giang.', 'Hiệu lực kể từ ngày ký./.'],
      recipients: ['Như Điều 2', 'Lưu: VT'],
    });
    expect(pages).toHaveLength(1);
    expect(pages[0]).not.toContain('1');
    expect(pages[0]).toContain('Điều 2. Hiệu lực kể từ ngày ký./.');
  });

  it('writes the same bytes for the same decision', async () => {
    const [first, second] = await Promise.all([
      renderDecisionPdf(document),
      renderDecisionPdf(structuredClone(document)),
    ]);
    expect(first.equals(second)).toBe(true);
    const sha = (pdf: Buffer) => createHash('sha256').update(pdf).digest('hex');
    expect(sha(first)).toBe(sha(second));
    // The metadata date is the issue date, not the moment of rendering.
    expect(first.toString('latin1')).toContain('(D:20251104170000Z)');
    const later = await renderDecisionPdf({ ...document, issuedOn: '2025-11-06' });
    expect(later.equals(first)).toBe(false);
  });

  it('numbers the pages from page 2 when the articles run over, with the footnote at the end', async () => {
    const long: DecisionDocument = {
      ...document,
      articles: Array.from(
        { length: 14 },
        (_, index) =>
          `Nội dung thứ ${index + 1} về việc duy trì, nâng cao chất lượng các tiêu chí nông thôn ` +
          'mới đã đạt; Ủy ban nhân dân xã Lâm Giang báo cáo kết quả thực hiện định kỳ hằng năm ' +
          'về Sở Nông nghiệp và Môi trường để tổng hợp, theo dõi.',
      ),
      footnote: 'Bản công khai tại Sổ công nhận: https://ntm.example.vn/so-cong-nhan/125-2025',
    };
    const pages = await pagesOf(long);
    expect(pages.length).toBeGreaterThanOrEqual(2);
    expect(pages[0]).not.toContain('1');
    pages.slice(1).forEach((lines, index) => expect(lines).toContain(String(index + 2)));
    const all = pages.map((lines) => lines.join('\n'));
    expect(all.join('\n')).toContain('Điều 14. Nội dung thứ 14');
    expect(all.at(-1)).toContain('Nguyễn Thị Hường');
    expect(all.at(-1)).toContain('https://ntm.example.vn/so-cong-nhan/125-2025');
    expect(all[0]).not.toContain('ntm.example.vn');
  });
});
