import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { readSpreadsheet } from './spreadsheet';
import { readXlsxOffThread } from './parse-off-thread';

/** A zip of deflated entries; `declaredSize` lets an entry lie about its unzipped size. */
function makeZip(entries: Array<{ name: string; data: Buffer; declaredSize?: number }>): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const compressed = zlib.deflateRawSync(entry.data, { level: 9 });
    const crc = zlib.crc32(entry.data);
    const size = entry.declaredSize ?? entry.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(8, 10);
    header.writeUInt32LE(crc, 16);
    header.writeUInt32LE(compressed.length, 20);
    header.writeUInt32LE(size, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt32LE(offset, 42);
    parts.push(local, name, compressed);
    central.push(header, name);
    offset += 30 + name.length + compressed.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}

const zeros = Buffer.alloc(64 * 1024 * 1024); // 64 MB: deflates to ~64 KB
const anyHeader = () => true;

async function refusal(read: Promise<unknown>): Promise<AppError> {
  const error = await read.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

async function heavyWorkbook(rows: number): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Số liệu');
  for (let index = 0; index < rows; index++) {
    sheet.addRow([index, `x${index}`, index * 1.5, 'Đạt', `ghi chú ${index}`]);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('reading an uploaded xlsx with bounded memory and time', () => {
  it('refuses a zip whose entries really inflate far beyond the limit, before reading it', async () => {
    const bomb = makeZip([{ name: 'xl/worksheets/sheet1.xml', data: zeros }]);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const error = await refusal(readSpreadsheet(bomb, anyHeader));
    expect(error.code).toBe('upload.unzipped_too_large');
    expect(error.status).toBe(413);
    expect(error.messageIn('vi')).toContain('khi giải nén lớn hơn 50 MB');
  });

  it('refuses a zip that declares small sizes but inflates to more (counted while inflating)', async () => {
    const liar = makeZip([
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
      { name: 'xl/worksheets/sheet1.xml', data: zeros, declaredSize: 1000 },
    ]);
    const error = await refusal(readSpreadsheet(liar, anyHeader));
    expect(error.code).toBe('upload.unzipped_too_large');
    // A lower configured limit applies to the bytes really inflated, not the declared ones.
    const small = makeZip([
      { name: 'a.xml', data: Buffer.alloc(3 * 1024 * 1024), declaredSize: 10 },
    ]);
    const limited = await refusal(readXlsxOffThread(small, { maxUnzippedBytes: 2 * 1024 * 1024 }));
    expect(limited.messageIn('vi')).toContain('lớn hơn 2 MB');
  });

  it('keeps the event loop turning while a workbook is being read', async () => {
    const data = await heavyWorkbook(10_000);
    let turns = 0;
    let reading = true;
    const turn = () => {
      if (!reading) return;
      turns++;
      setImmediate(turn);
    };
    setImmediate(turn);
    let turnsWhenRead = -1;
    const order: string[] = [];
    const read = readSpreadsheet(data, anyHeader).then((spreadsheet) => {
      turnsWhenRead = turns;
      order.push('read');
      return spreadsheet;
    });
    // A timer set after the read began fires before the read ends.
    setTimeout(() => order.push('timer'), 5);
    const spreadsheet = await read;
    reading = false;
    expect(spreadsheet.sheets[0]!.rows).toHaveLength(10_000);
    expect(order).toEqual(['timer', 'read']);
    // Read on the request loop, the 10,000 rows left it a few dozen turns; off it, thousands.
    expect(turnsWhenRead).toBeGreaterThan(1000);
  });

  it('terminates a read that takes longer than the time limit', async () => {
    const data = await heavyWorkbook(2_000);
    const error = await refusal(readXlsxOffThread(data, { timeoutMs: 1 }));
    expect(error.code).toBe('upload.too_complex');
    expect(error.messageIn('vi')).toContain('quá phức tạp');
    // And the next read works.
    const spreadsheet = await readXlsxOffThread(data);
    expect(spreadsheet.sheets[0]!.rows).toHaveLength(2_000);
  });
});
