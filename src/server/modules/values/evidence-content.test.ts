import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors';
import {
  checkUpload,
  cleanFileName,
  contentDisposition,
  detectMediaType,
  downloadName,
} from './evidence-content';

/** A zip archive of stored (uncompressed) entries, enough for type detection. */
function zip(entries: Array<[string, string]>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of entries) {
    const data = Buffer.from(text, 'utf8');
    const fileName = Buffer.from(name, 'utf8');
    const crc = zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(fileName.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, fileName, data);
    centrals.push(central, fileName);
    offset += local.length + fileName.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const docx = zip([
  [
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  ],
  ['word/document.xml', '<w:document/>'],
]);

/**
 * A minimal but well-formed OLE compound file (version 3, 512-byte sectors), as legacy Office
 * writes: a header, one FAT sector, one directory sector holding the root entry and the streams.
 */
function compound(root: string, ...streams: string[]): Buffer {
  const sector = 512;
  const header = Buffer.alloc(sector);
  Buffer.from('d0cf11e0a1b11ae1', 'hex').copy(header);
  header.writeUInt16LE(0x3e, 24);
  header.writeUInt16LE(3, 26);
  header.writeUInt16LE(0xfffe, 28);
  header.writeUInt16LE(9, 30);
  header.writeUInt16LE(6, 32);
  header.writeUInt32LE(1, 44); // one FAT sector
  header.writeUInt32LE(1, 48); // the directory starts at sector 1
  header.writeUInt32LE(4096, 56);
  header.writeUInt32LE(0xfffffffe, 60);
  header.writeUInt32LE(0xfffffffe, 68);
  for (let i = 0; i < 109; i++) header.writeUInt32LE(i === 0 ? 0 : 0xffffffff, 76 + i * 4);
  const fat = Buffer.alloc(sector, 0xff);
  fat.writeUInt32LE(0xfffffffd, 0); // sector 0: the FAT itself
  fat.writeUInt32LE(0xfffffffe, 4); // sector 1: the directory, one sector long
  const directory = Buffer.alloc(sector);
  [root, ...streams].forEach((name, index) => {
    const at = index * 128;
    Buffer.from(name, 'utf16le').copy(directory, at);
    directory.writeUInt16LE((name.length + 1) * 2, at + 64);
    directory[at + 66] = index === 0 ? 5 : 2;
  });
  return Buffer.concat([header, fat, directory]);
}

function codeOf(error: unknown): string {
  return error instanceof AppError ? error.code : String(error);
}

async function refusal(work: () => unknown): Promise<string> {
  try {
    await work();
    return 'accepted';
  } catch (error) {
    return codeOf(error);
  }
}

describe('evidence file names', () => {
  it('keeps a clean name, NFC and trimmed', () => {
    const decomposed = 'Bie\u0302n ba\u0309n.pdf';
    expect(cleanFileName(`  ${decomposed} `)).toBe('Biên bản.pdf');
    expect(cleanFileName('a'.repeat(196) + '.pdf')).toHaveLength(200);
  });

  it.each([
    [undefined, 'values.evidence.name_missing'],
    ['  ', 'values.evidence.name_missing'],
    ['../x.pdf', 'values.evidence.name_path'],
    ['a/b.pdf', 'values.evidence.name_path'],
    ['a\\b.pdf', 'values.evidence.name_path'],
    ['C:\\Users\\x.pdf', 'values.evidence.name_path'],
    ['.', 'values.evidence.name_path'],
    ['x\u0000.pdf', 'values.evidence.name_control'],
    ['x\n.pdf', 'values.evidence.name_control'],
    ['x\u007f.pdf', 'values.evidence.name_control'],
    ['photo\u202Egpj.exe', 'values.evidence.name_control'],
    ['a'.repeat(197) + '.pdf', 'values.evidence.name_too_long'],
  ])('refuses %j', async (name, code) => {
    expect(await refusal(() => cleanFileName(name))).toBe(code);
  });
});

describe('evidence types, by content', () => {
  it('recognises Word, Excel and OpenDocument files', async () => {
    expect(await detectMediaType(docx, 'to-trinh.docx')).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Số liệu').addRow(['Chỉ tiêu', 'Giá trị']);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    expect(await detectMediaType(xlsx, 'bang-tinh.xlsx')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const odt = zip([
      ['mimetype', 'application/vnd.oasis.opendocument.text'],
      ['content.xml', '<office:document-content/>'],
    ]);
    expect(await detectMediaType(odt, 'van-ban.odt')).toBe(
      'application/vnd.oasis.opendocument.text',
    );
    const ods = zip([['mimetype', 'application/vnd.oasis.opendocument.spreadsheet']]);
    expect(await detectMediaType(ods, 'bang.ods')).toBe(
      'application/vnd.oasis.opendocument.spreadsheet',
    );
  });

  it('accepts legacy Word and Excel files and no other OLE compound file', async () => {
    expect(await detectMediaType(compound('Root Entry', 'WordDocument', '1Table'), 'cu.doc')).toBe(
      'application/msword',
    );
    expect(await detectMediaType(compound('Root Entry', 'Workbook'), 'cu.xls')).toBe(
      'application/vnd.ms-excel',
    );
    expect(await detectMediaType(compound('Root Entry', 'Book'), 'excel5.xls')).toBe(
      'application/vnd.ms-excel',
    );
    expect(
      await refusal(() => detectMediaType(compound('Root Entry', 'PowerPoint Document'), 'a.ppt')),
    ).toBe('values.evidence.type_refused');
  });

  it('refuses a file that merely contains the word WordDocument, with or without an OLE header', async () => {
    const text = Buffer.from(
      'Ghi chú: WordDocument Workbook\n' + 'W\0o\0r\0d\0D\0o\0c\0u\0m\0e\0n\0t\0',
    );
    expect(await refusal(() => detectMediaType(text, 'ghi-chu.doc'))).toBe(
      'values.evidence.type_refused',
    );
    const fakeHeader = Buffer.concat([
      Buffer.from('d0cf11e0a1b11ae1', 'hex'),
      Buffer.alloc(504),
      Buffer.from('<html><script>alert(1)</script>', 'latin1'),
      Buffer.from('WordDocument', 'utf16le'),
    ]);
    expect(await refusal(() => detectMediaType(fakeHeader, 'cu.doc'))).toBe(
      'values.evidence.type_refused',
    );
    // A real compound file whose "WordDocument" is a storage, not a stream, is not Word either.
    const storage = compound('Root Entry', 'WordDocument');
    storage[1024 + 128 + 66] = 1;
    expect(await refusal(() => detectMediaType(storage, 'cu.doc'))).toBe(
      'values.evidence.type_refused',
    );
  });

  it('refuses a plain zip, a script and text whatever their names', async () => {
    const plainZip = zip([['readme.txt', 'xin chào']]);
    for (const [bytes, name] of [
      [plainZip, 'bao-cao.docx'],
      [Buffer.from('#!/bin/sh\nrm -rf /\n'), 'anh.jpg'],
      [Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>'), 'logo.png'],
    ] as const) {
      expect(await refusal(() => detectMediaType(bytes, name))).toBe(
        'values.evidence.type_refused',
      );
    }
  });

  it('makes thumbnails for GIF and WebP images too, and none for documents', async () => {
    const base = sharp({ create: { width: 500, height: 100, channels: 3, background: '#06c' } });
    for (const bytes of [
      await base.clone().gif().toBuffer(),
      await base.clone().webp().toBuffer(),
    ]) {
      const checked = await checkUpload('anh', bytes);
      expect(checked.kind).toBe('image');
      const meta = await sharp(checked.thumbnail!).metadata();
      expect(meta).toMatchObject({ format: 'jpeg', width: 320, height: 64 });
    }
    const small = await sharp({
      create: { width: 40, height: 30, channels: 3, background: '#fff' },
    })
      .png()
      .toBuffer();
    const smallThumb = await checkUpload('nho.png', small);
    expect(await sharp(smallThumb.thumbnail!).metadata()).toMatchObject({ width: 40, height: 30 });
    expect((await checkUpload('to-trinh.docx', docx)).thumbnail).toBeNull();
  });
});

describe('download headers', () => {
  it('adds the real extension to a name that says otherwise', () => {
    expect(downloadName('scan.pdf', 'image/png')).toBe('scan.pdf.png');
    expect(downloadName('anh.JPEG', 'image/jpeg')).toBe('anh.JPEG');
    expect(downloadName('bien ban', 'application/pdf')).toBe('bien ban.pdf');
    expect(downloadName('cu.doc', 'application/msword')).toBe('cu.doc');
  });

  it('writes an ASCII fallback and the exact UTF-8 name (RFC 5987)', () => {
    expect(contentDisposition('attachment', 'Đường "xã" 100%; (mới).pdf')).toBe(
      `attachment; filename="Duong _xa_ 100__ (moi).pdf"; ` +
        `filename*=UTF-8''%C4%90%C6%B0%E1%BB%9Dng%20%22x%C3%A3%22%20100%25%3B%20%28m%E1%BB%9Bi%29.pdf`,
    );
    expect(contentDisposition('inline', '文件.png')).toBe(
      `inline; filename="__.png"; filename*=UTF-8''%E6%96%87%E4%BB%B6.png`,
    );
  });
});
