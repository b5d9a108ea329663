import { createInflateRaw } from 'node:zlib';

/**
 * Checks, before any workbook reader inflates it, how large an uploaded zip (xlsx) really is once
 * unzipped: first the sizes its central directory declares, then the bytes each entry actually
 * inflates to, counted while streaming and abandoned as soon as the total passes the limit (a
 * zip can declare false sizes). Memory stays bounded by the inflater's chunk, whatever the file.
 */

export type ZipCheck =
  | { ok: true; inflatedBytes: number }
  /** Larger than the limit once unzipped (declared or actually inflated). */
  | { ok: false; reason: 'too_large'; declared: boolean }
  /** Not a zip we can read (no central directory, ZIP64, unknown compression, corrupt data). */
  | { ok: false; reason: 'broken' };

interface ZipEntry {
  method: number;
  compressedSize: number;
  localOffset: number;
}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_HEADER = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;

/** The entries of the central directory and their declared total, or null when unreadable. */
function centralDirectory(data: Buffer): { entries: ZipEntry[]; declared: number } | null {
  // The end record is in the last 22 bytes + at most a 64 KB comment.
  const from = Math.max(0, data.length - 22 - 0xffff);
  let end = -1;
  for (let at = data.length - 22; at >= from; at--) {
    if (data.readUInt32LE(at) === END_OF_CENTRAL_DIRECTORY) {
      end = at;
      break;
    }
  }
  if (end < 0) return null;
  const count = data.readUInt16LE(end + 10);
  let offset = data.readUInt32LE(end + 16);
  // ZIP64 markers: no workbook of ours needs them.
  if (count === 0xffff || offset === 0xffffffff) return null;
  const entries: ZipEntry[] = [];
  let declared = 0;
  for (let index = 0; index < count; index++) {
    if (offset + 46 > data.length || data.readUInt32LE(offset) !== CENTRAL_HEADER) return null;
    const compressedSize = data.readUInt32LE(offset + 20);
    const size = data.readUInt32LE(offset + 24);
    const localOffset = data.readUInt32LE(offset + 42);
    if (size === 0xffffffff || compressedSize === 0xffffffff || localOffset === 0xffffffff) {
      return null;
    }
    declared += size;
    entries.push({ method: data.readUInt16LE(offset + 10), compressedSize, localOffset });
    offset +=
      46 +
      data.readUInt16LE(offset + 28) +
      data.readUInt16LE(offset + 30) +
      data.readUInt16LE(offset + 32);
  }
  return { entries, declared };
}

/** Inflates `input` (raw deflate), counting bytes; stops once more than `budget` came out. */
function inflatedSize(input: Buffer, budget: number): Promise<number | 'over' | 'broken'> {
  return new Promise((resolve) => {
    const inflater = createInflateRaw({ chunkSize: 64 * 1024 });
    let total = 0;
    let settled = false;
    const settle = (outcome: number | 'over' | 'broken') => {
      if (settled) return;
      settled = true;
      resolve(outcome);
    };
    inflater.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > budget) {
        settle('over');
        inflater.destroy();
      }
    });
    inflater.on('end', () => settle(total));
    inflater.on('error', () => settle('broken'));
    inflater.end(input);
  });
}

/** Whether `data` (a zip) stays within `limitBytes` once unzipped; see the module comment. */
export async function checkZipInflatedSize(data: Buffer, limitBytes: number): Promise<ZipCheck> {
  const directory = centralDirectory(data);
  if (!directory) return { ok: false, reason: 'broken' };
  if (directory.declared > limitBytes) return { ok: false, reason: 'too_large', declared: true };
  let total = 0;
  for (const entry of directory.entries) {
    const local = entry.localOffset;
    if (local + 30 > data.length || data.readUInt32LE(local) !== LOCAL_HEADER) {
      return { ok: false, reason: 'broken' };
    }
    const start = local + 30 + data.readUInt16LE(local + 26) + data.readUInt16LE(local + 28);
    const compressed = data.subarray(start, start + entry.compressedSize);
    let size: number | 'over' | 'broken';
    if (entry.method === 0) size = compressed.length;
    else if (entry.method === 8) size = await inflatedSize(compressed, limitBytes - total);
    else size = 'broken';
    if (size === 'broken') return { ok: false, reason: 'broken' };
    if (size === 'over') return { ok: false, reason: 'too_large', declared: false };
    total += size;
    if (total > limitBytes) return { ok: false, reason: 'too_large', declared: false };
  }
  return { ok: true, inflatedBytes: total };
}
