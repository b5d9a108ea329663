import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { createTestApp, type TestApp } from '../../test/app';
import { signIn } from '../accounts/test-helpers';
import type { EvidenceItem, UnitValuesResponse } from './api';
import { evidenceStoreOf } from './evidence-routes';

let testApp: TestApp;
let dataDir: string;
let commune: string;
let province: string;
let viewer: string;
let otherProvince: string;

const SET = 'xa-ntm-2021-2025';
const LAM_GIANG = '04381';
const COMMUNE_NAME = 'Hoàng Văn Em (cán bộ xã Lâm Giang, demo)';
const query = `set=${SET}&year=2025`;
const uploadUrl = (indicator: string) =>
  `/api/v1/units/${LAM_GIANG}/values/${indicator}/evidence?${query}`;

/** A minimal, valid one-page PDF. */
const pdfBytes = Buffer.from(
  [
    '%PDF-1.4',
    '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
    '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj',
    '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj',
    'trailer << /Root 1 0 R >>',
    '%%EOF',
    '',
  ].join('\n'),
);
let pngBytes: Buffer;
/** A 400×200 JPEG whose EXIF says "rotate 90°": upright it is 200×400. */
let rotatedJpeg: Buffer;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ntm-evidence-test-'));
  testApp = await createTestApp({ NTM_UPLOAD_MAX_MB: '1', NTM_DATA_DIR: dataDir });
  pngBytes = await sharp({
    create: {
      width: 640,
      height: 480,
      channels: 4,
      background: { r: 20, g: 120, b: 60, alpha: 1 },
    },
  })
    .png()
    .toBuffer();
  rotatedJpeg = await sharp({
    create: { width: 400, height: 200, channels: 3, background: '#c33' },
  })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .toBuffer();
  const admin = await signIn(testApp.app, 'admin');
  const created = await testApp.app.inject({
    method: 'POST',
    url: '/api/v1/users',
    headers: { cookie: admin },
    payload: {
      username: 'tinh.hanoi',
      displayName: 'Cán bộ tỉnh khác',
      password: 'MatKhauHaNoi2026',
      roles: [{ role: 'province', unitCode: '01' }],
    },
  });
  expect(created.statusCode, created.body).toBe(201);
  [commune, province, viewer, otherProvince] = await Promise.all([
    signIn(testApp.app, 'xa.lamgiang'),
    signIn(testApp.app, 'tinh.laocai'),
    signIn(testApp.app, 'xem.laocai'),
    signIn(testApp.app, 'tinh.hanoi', 'MatKhauHaNoi2026'),
  ]);
});
afterAll(async () => {
  const store = evidenceStoreOf(testApp.database);
  await testApp.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  // An in-memory database keeps its files in a temporary directory, removed on close.
  if (store && store.root.startsWith(os.tmpdir()) && !store.root.startsWith(dataDir)) {
    expect(fs.existsSync(store.root)).toBe(false);
  }
});

/** A multipart/form-data body with one file part, as a browser sends it (UTF-8 name). */
function multipart(
  name: string,
  bytes: Buffer,
  options: { field?: string; contentType?: string } = {},
) {
  const boundary = '----ntmEvidenceBoundary7MA4YWxkTrZu0gW';
  const head =
    `--${boundary}\r\n` +
    `Content-Disposition: form-data; name="${options.field ?? 'file'}"; filename="${name}"\r\n` +
    `Content-Type: ${options.contentType ?? 'application/octet-stream'}\r\n\r\n`;
  return {
    payload: Buffer.concat([
      Buffer.from(head, 'utf8'),
      bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

interface ErrorBody {
  error: { code: string; message: string };
}

async function upload(
  cookie: string | undefined,
  name: string,
  bytes: Buffer,
  options: { indicator?: string; field?: string } = {},
) {
  const body = multipart(name, bytes, options);
  const response = await testApp.app.inject({
    method: 'POST',
    url: uploadUrl(options.indicator ?? '1'),
    headers: { 'content-type': body.contentType, ...(cookie ? { cookie } : {}) },
    payload: body.payload,
  });
  return { status: response.statusCode, body: response.json<EvidenceItem & ErrorBody>() };
}

async function download(cookie: string | undefined, url: string, headers = {}) {
  return testApp.app.inject({
    method: 'GET',
    url,
    headers: { ...headers, ...(cookie ? { cookie } : {}) },
  });
}

async function remove(cookie: string, id: string, payload?: unknown) {
  const response = await testApp.app.inject({
    method: 'DELETE',
    url: `/api/v1/evidence/${id}`,
    headers: { cookie },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  return { status: response.statusCode, body: response.json<EvidenceItem & ErrorBody>() };
}

/** Rows about the demo commune (the demo seed fills values of other communes). */
const ofLamGiang = sql`unit_id IN (SELECT id FROM unit WHERE code = ${LAM_GIANG} AND valid_to IS NULL)`;

async function countRows(table: string, where = ofLamGiang): Promise<number> {
  const [row] = await queryRows<{ total: number }>(
    testApp.database.db,
    sql`SELECT count(*)::int AS total FROM ${sql.raw(table)} WHERE ${where}`,
  );
  return Number(row?.total ?? 0);
}

function storedFiles(): number {
  const root = evidenceStoreOf(testApp.database)!.root;
  if (!fs.existsSync(root)) return 0;
  return fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile()).length;
}

/** Rows and stored files: what a refused request must leave as it was. */
async function footprint() {
  return {
    evidence: await countRows('evidence_file'),
    values: await countRows('indicator_value'),
    history: await countRows('indicator_value_history'),
    audit: await countRows('audit_log', sql`action LIKE 'values.evidence.%'`),
    files: storedFiles(),
  };
}

async function evidenceOf(indicator: string, cookie = commune): Promise<EvidenceItem[]> {
  const response = await download(cookie, `/api/v1/units/${LAM_GIANG}/values?${query}`);
  expect(response.statusCode).toBe(200);
  const body = response.json<UnitValuesResponse>();
  return body.items.find((item) => item.indicator === indicator)!.evidence;
}

let pdfId: string;
let pngId: string;

describe('attaching evidence', () => {
  it('attaches a PDF to an indicator that has no value yet (the value row is created empty)', async () => {
    expect(await countRows('indicator_value')).toBe(0);
    const { status, body } = await upload(commune, 'Biên bản nghiệm thu quy hoạch.pdf', pdfBytes);
    expect(status, JSON.stringify(body)).toBe(201);
    expect(body).toMatchObject({
      name: 'Biên bản nghiệm thu quy hoạch.pdf',
      mediaType: 'application/pdf',
      sizeBytes: pdfBytes.length,
      hasThumbnail: false,
      createdBy: COMMUNE_NAME,
      deletedAt: null,
    });
    pdfId = body.id;

    const [value] = await queryRows<{ value_number: number | null; value_boolean: boolean | null }>(
      testApp.database.db,
      sql`SELECT value_number, value_boolean FROM indicator_value WHERE ${ofLamGiang}`,
    );
    expect(value).toEqual({ value_number: null, value_boolean: null });
    expect(
      await countRows('indicator_value_history', sql`${ofLamGiang} AND source = 'evidence'`),
    ).toBe(1);
    expect(await countRows('audit_log', sql`action = 'values.evidence.add'`)).toBe(1);

    const [row] = await queryRows<{ sha256: string; province_code: string }>(
      testApp.database.db,
      sql`SELECT sha256, province_code FROM evidence_file WHERE id = ${pdfId}::uuid`,
    );
    expect(row?.province_code).toBe('15');
    const store = evidenceStoreOf(testApp.database)!;
    expect(store.pathOf(row!.sha256)).toBe(
      path.join(store.root, row!.sha256.slice(0, 2), row!.sha256.slice(2, 4), row!.sha256),
    );
    expect((await store.readFile(row!.sha256)).equals(pdfBytes)).toBe(true);

    const listed = await evidenceOf('1');
    expect(listed).toEqual([body]);
  });

  it('attaches an image with a JPEG thumbnail of at most 320 px', async () => {
    const { status, body } = await upload(commune, 'anh-hien-truong.png', pngBytes);
    expect(status, JSON.stringify(body)).toBe(201);
    expect(body).toMatchObject({ mediaType: 'image/png', hasThumbnail: true });
    pngId = body.id;
    const thumbnail = await download(commune, `/api/v1/evidence/${pngId}/thumbnail`);
    expect(thumbnail.statusCode).toBe(200);
    expect(thumbnail.headers['content-type']).toBe('image/jpeg');
    const meta = await sharp(thumbnail.rawPayload).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 320, height: 240 });
    expect(await evidenceOf('1')).toHaveLength(2);
  });

  it('turns the thumbnail of a photo upright by its EXIF orientation', async () => {
    const { status, body } = await upload(commune, 'IMG_0001.JPG', rotatedJpeg, {
      indicator: '2',
    });
    expect(status, JSON.stringify(body)).toBe(201);
    expect(body.mediaType).toBe('image/jpeg');
    const thumbnail = await download(commune, `/api/v1/evidence/${body.id}/thumbnail`);
    const meta = await sharp(thumbnail.rawPayload).metadata();
    expect({ width: meta.width, height: meta.height }).toEqual({ width: 160, height: 320 });
  });

  it('judges the type by content: a PNG named .pdf is a PNG, and downloads with .png added', async () => {
    const { status, body } = await upload(commune, 'scan.pdf', pngBytes);
    expect(status).toBe(201);
    expect(body).toMatchObject({ name: 'scan.pdf', mediaType: 'image/png', hasThumbnail: true });
    const file = await download(commune, `/api/v1/evidence/${body.id}?download=true`);
    expect(file.headers['content-type']).toBe('image/png');
    expect(file.headers['content-disposition']).toBe(
      `attachment; filename="scan.pdf.png"; filename*=UTF-8''scan.pdf.png`,
    );
  });

  it('refuses every other content, bad names and empty files, writing nothing', async () => {
    const before = await footprint();
    const exe = Buffer.alloc(512);
    exe.write('MZ');
    exe.writeUInt32LE(128, 60);
    exe.write('PE\0\0', 128);
    const cases: Array<[string, Buffer, number, string, string?]> = [
      ['bao-cao.pdf', Buffer.from('Đây là văn bản thường, không phải PDF.'), 422, 'type_refused'],
      ['bao-cao.pdf', exe, 422, 'type_refused', 'EXE'],
      ['setup.exe', exe, 422, 'type_refused'],
      ['trang.html', Buffer.from('<!doctype html><script>alert(1)</script>'), 422, 'type_refused'],
      ['../evil.pdf', pdfBytes, 422, 'name_path'],
      ['a/b.pdf', pdfBytes, 422, 'name_path'],
      ['a\\b.pdf', pdfBytes, 422, 'name_path'],
      ['..', pdfBytes, 422, 'name_path'],
      ['bien\u0007ban.pdf', pdfBytes, 422, 'name_control'],
      ['anh\u202Egpj.exe', pdfBytes, 422, 'name_control'],
      [`${'a'.repeat(197)}.pdf`, pdfBytes, 422, 'name_too_long'],
      ['   ', pdfBytes, 422, 'name_missing'],
      ['rong.pdf', Buffer.alloc(0), 422, 'empty'],
      ['hong.png', pngBytes.subarray(0, 60), 422, 'image_unreadable'],
    ];
    for (const [name, bytes, status, code, found] of cases) {
      const response = await upload(commune, name, bytes);
      expect(response.status, `${name}: ${JSON.stringify(response.body)}`).toBe(status);
      expect(response.body.error.code).toBe(`values.evidence.${code}`);
      if (found) expect(response.body.error.message).toContain(found);
    }
    const text = await upload(commune, 'bao-cao.pdf', Buffer.from('chỉ là chữ'));
    expect(text.body.error.message).toBe(
      'Tệp «bao-cao.pdf» không được nhận làm minh chứng (nội dung thực của tệp: không nhận ra ' +
        'loại tệp). Chỉ nhận: PDF; ảnh JPEG, PNG, WebP, GIF; Word (DOC, DOCX); Excel (XLS, ' +
        'XLSX); OpenDocument (ODT, ODS).',
    );
    const wrongField = await upload(commune, 'a.pdf', pdfBytes, { field: 'document' });
    expect(wrongField.status).toBe(422);
    expect(wrongField.body.error.code).toBe('values.evidence.file_missing');
    const json = await testApp.app.inject({
      method: 'POST',
      url: uploadUrl('1'),
      headers: { cookie: commune },
      payload: { file: 'x' },
    });
    expect(json.statusCode).toBe(415);
    const cut = multipart('cut.pdf', pdfBytes);
    const truncated = await testApp.app.inject({
      method: 'POST',
      url: uploadUrl('1'),
      headers: { cookie: commune, 'content-type': cut.contentType },
      payload: cut.payload.subarray(0, cut.payload.length - 60),
    });
    expect(truncated.statusCode, truncated.body).toBe(400);
    expect(truncated.json<ErrorBody>().error.code).toBe('values.evidence.interrupted');
    expect(await footprint()).toEqual(before);
  });

  it('refuses a file over the size limit with 413 and a message in Vietnamese', async () => {
    const before = await footprint();
    const big = Buffer.concat([pdfBytes, Buffer.alloc(1024 * 1024 + 10, 0x20)]);
    const response = await upload(commune, 'ban-ve-lon.pdf', big);
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('values.evidence.too_large');
    expect(response.body.error.message).toContain('tối đa 1 MB');
    expect(await footprint()).toEqual(before);
  });

  it('lets only writers of the unit attach files', async () => {
    const before = await footprint();
    expect((await upload(viewer, 'a.pdf', pdfBytes)).status).toBe(403);
    expect((await upload(otherProvince, 'a.pdf', pdfBytes)).status).toBe(403);
    expect((await upload(undefined, 'a.pdf', pdfBytes)).status).toBe(401);
    const unknown = await upload(commune, 'a.pdf', pdfBytes, { indicator: '99.9' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('values.unknown_indicator');
    expect(await footprint()).toEqual(before);
  });
});

describe('downloading evidence', () => {
  it('streams the file to readers of the unit with safe headers', async () => {
    for (const cookie of [commune, province, viewer]) {
      const response = await download(cookie, `/api/v1/evidence/${pdfId}`);
      expect(response.statusCode).toBe(200);
      expect(response.rawPayload.equals(pdfBytes)).toBe(true);
    }
    const response = await download(commune, `/api/v1/evidence/${pdfId}`);
    const [row] = await queryRows<{ sha256: string }>(
      testApp.database.db,
      sql`SELECT sha256 FROM evidence_file WHERE id = ${pdfId}::uuid`,
    );
    expect(response.headers).toMatchObject({
      'content-type': 'application/pdf',
      'content-length': String(pdfBytes.length),
      'x-content-type-options': 'nosniff',
      etag: `"${row!.sha256}"`,
      'cache-control': 'private, max-age=3600',
      'content-disposition':
        `attachment; filename="Bien ban nghiem thu quy hoach.pdf"; ` +
        `filename*=UTF-8''Bi%C3%AAn%20b%E1%BA%A3n%20nghi%E1%BB%87m%20thu%20quy%20ho%E1%BA%A1ch.pdf`,
    });
    expect(response.headers['content-security-policy']).toMatch(/^sandbox/);

    const image = await download(commune, `/api/v1/evidence/${pngId}`);
    expect(image.headers['content-type']).toBe('image/png');
    expect(image.headers['content-disposition']).toMatch(/^inline; /);

    const cached = await download(commune, `/api/v1/evidence/${pdfId}`, {
      'if-none-match': `"${row!.sha256}"`,
    });
    expect(cached.statusCode).toBe(304);
    expect(cached.rawPayload.length).toBe(0);
  });

  it('refuses users outside the unit (403), anonymous users (401), unknown files (404)', async () => {
    expect((await download(otherProvince, `/api/v1/evidence/${pdfId}`)).statusCode).toBe(403);
    expect((await download(otherProvince, `/api/v1/evidence/${pngId}/thumbnail`)).statusCode).toBe(
      403,
    );
    expect((await download(undefined, `/api/v1/evidence/${pdfId}`)).statusCode).toBe(401);
    const unknown = await download(
      commune,
      `/api/v1/evidence/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`,
    );
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json<ErrorBody>().error.code).toBe('values.evidence.not_found');
    expect((await download(commune, '/api/v1/evidence/not-a-uuid')).statusCode).toBe(400);
    const noThumbnail = await download(commune, `/api/v1/evidence/${pdfId}/thumbnail`);
    expect(noThumbnail.statusCode).toBe(404);
    expect(noThumbnail.json<ErrorBody>().error.code).toBe('values.evidence.no_thumbnail');
  });
});

describe('deleting evidence', () => {
  it('needs a reason and write access', async () => {
    const before = await footprint();
    const noReason = await remove(commune, pngId, {});
    expect(noReason.status, JSON.stringify(noReason.body)).toBe(422);
    expect(noReason.body.error.code).toBe('values.evidence.reason_required');
    expect((await remove(commune, pngId, { reason: '   ' })).status).toBe(422);
    const noBody = await remove(commune, pngId);
    expect(noBody.status, JSON.stringify(noBody.body)).toBe(422);
    expect((await remove(viewer, pngId, { reason: 'Không liên quan' })).status).toBe(403);
    expect((await remove(otherProvince, pngId, { reason: 'Không liên quan' })).status).toBe(403);
    expect(await footprint()).toEqual(before);
  });

  it('marks the file deleted, keeps it listed with the reason, and stops serving it', async () => {
    const deleted = await remove(commune, pngId, { reason: 'Ảnh chụp nhầm công trình' });
    expect(deleted.status, JSON.stringify(deleted.body)).toBe(200);
    expect(deleted.body).toMatchObject({
      id: pngId,
      deletedBy: COMMUNE_NAME,
      deleteReason: 'Ảnh chụp nhầm công trình',
    });
    expect(Date.parse(deleted.body.deletedAt ?? '')).toBeGreaterThan(Date.now() - 60_000);
    const listed = (await evidenceOf('1', province)).find((item) => item.id === pngId);
    expect(listed).toMatchObject({ deleteReason: 'Ảnh chụp nhầm công trình' });
    expect(listed?.deletedAt).not.toBeNull();
    expect(await countRows('audit_log', sql`action = 'values.evidence.delete'`)).toBe(1);

    const gone = await download(viewer, `/api/v1/evidence/${pngId}`);
    expect(gone.statusCode).toBe(404);
    expect(gone.json<ErrorBody>().error.message).toContain('Ảnh chụp nhầm công trình');
    expect((await download(commune, `/api/v1/evidence/${pngId}/thumbnail`)).statusCode).toBe(404);
    expect(
      (await download(viewer, `/api/v1/evidence/${pngId}?includeDeleted=true`)).statusCode,
    ).toBe(403);
    const kept = await download(province, `/api/v1/evidence/${pngId}?includeDeleted=true`);
    expect(kept.statusCode).toBe(200);
    expect(kept.rawPayload.equals(pngBytes)).toBe(true);

    const again = await remove(commune, pngId, { reason: 'Lần nữa' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('values.evidence.already_deleted');
  });
});

describe('locked data', () => {
  it('refuses to attach or delete evidence once the data is approved (423), writing nothing', async () => {
    const submissionUrl = (action: string) =>
      `/api/v1/units/${LAM_GIANG}/submission/${action}?${query}`;
    const submitted = await testApp.app.inject({
      method: 'POST',
      url: submissionUrl('submit'),
      headers: { cookie: commune },
      payload: {},
    });
    expect(submitted.statusCode, submitted.body).toBe(200);
    const whileSubmitted = await upload(commune, 'muon.pdf', pdfBytes);
    expect(whileSubmitted.status).toBe(423);
    const approved = await testApp.app.inject({
      method: 'POST',
      url: submissionUrl('approve'),
      headers: { cookie: province },
      payload: {},
    });
    expect(approved.statusCode, approved.body).toBe(200);

    const before = await footprint();
    const attach = await upload(province, 'bo-sung.pdf', pdfBytes, { indicator: '3.1' });
    expect(attach.status).toBe(423);
    expect(attach.body.error.message).toContain('đã duyệt');
    const removal = await remove(province, pdfId, { reason: 'Thay bằng bản có dấu' });
    expect(removal.status).toBe(423);
    expect(await footprint()).toEqual(before);
    // Approved evidence can still be read.
    expect((await download(viewer, `/api/v1/evidence/${pdfId}`)).statusCode).toBe(200);
  });
});

describe('API document', () => {
  it('still builds, with the evidence endpoints described in Vietnamese', async () => {
    const response = await testApp.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(response.statusCode).toBe(200);
    const document = response.json<{
      paths: Record<string, Record<string, { summary?: string; requestBody?: unknown }>>;
    }>();
    const uploadPath = document.paths['/api/v1/units/{code}/values/{indicator}/evidence'];
    expect(uploadPath?.post?.summary).toBe('Đính kèm tệp minh chứng cho một chỉ tiêu');
    expect(JSON.stringify(uploadPath?.post?.requestBody)).toContain('multipart/form-data');
    expect(document.paths['/api/v1/evidence/{id}']?.get?.summary).toBe('Tải tệp minh chứng');
    expect(document.paths['/api/v1/evidence/{id}']?.delete?.summary).toContain('Xóa');
    expect(document.paths['/api/v1/evidence/{id}/thumbnail']?.get).toBeDefined();
  });
});
