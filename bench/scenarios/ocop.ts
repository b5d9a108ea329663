import os from 'node:os';
import { sql } from 'drizzle-orm';
import type { BenchScenario } from '../types';
import { percentile, runLoad } from '../load';
import { benchDatabase, peakRssMb, round, signIn, startServer, stopServer } from '../national-data';
import { sheetCriteria } from '../../src/domain/ocop/sheet';
import { systemContext } from '../../src/server/auth/actor';
import { queryRows, type DatabaseHandle, type Tx } from '../../src/server/db/client';
import { migrateDatabase } from '../../src/server/db/migrate';
import { seedDatabase } from '../../src/server/db/seed';
import { seedStepRegistry } from '../../src/server/db/seed-registry';
import { freePort } from '../../src/server/test/process';
import { demoPassword } from '../../src/server/modules/accounts/demo';
import { createUserAsOperator } from '../../src/server/modules/accounts/service';
import { publishedSheet } from '../../src/server/modules/ocop/choices';
import {
  ocopConflicts,
  ocopCouncilMembers,
  ocopRounds,
} from '../../src/server/modules/ocop/tables';
import { todayInVietnam } from '../../src/server/modules/units/model';

/**
 * OCOP (issue 14, "Speed"): a council round of 100 products scored by 7 members — every member
 * opening each of their sheets — and the public catalogue searched over 20,000 certified products,
 * quiet and while members save drafts and submit.
 *
 * Setup (not timed): the schema, reference data, demo accounts and the shipped sheets; then, in
 * one transaction of plain SQL (`INSERT … SELECT generate_series`), 4,000 producers spread over
 * today's communes of every province, 20,000 products named from a list of Vietnamese product words
 * × qualifiers × the commune's short name ("Mật ong bạc hà Lũng Cú", "Chè shan tuyết Suối Giàng"…),
 * each with a decided application and a VALID certificate (3★ 60 %, 4★ 35 %, 5★ 5 %, issued in
 * the last 900 days for 36 months), the product carrying its code, stars and certificate. A
 * provincial round of Lào Cai (15) in `scoring` under 26-2026 with 100 applications on the shipped
 * sheet "Rau, củ, quả, hạt tươi", a council of 7 scoring members (`ocop.bench1` chair, 2–7
 * members, created through the accounts service with the demo password) and two conflicts
 * (member 7 with the first application, member 6 with the second). `VACUUM ANALYZE` at the end.
 *
 * Measured over loopback HTTP, each member signed in with their own session:
 * (0) the HTTP floor; (1) the first opening — all 7 members at once, each opening every sheet of
 * their worklist (`GET /rounds/:id/my-sheets`) in turn, which creates the sheet rows; (2) one
 * member alone re-opening sheets one after another (the service time); (3) quiet: all 7 members
 * re-opening their sheets, closed loop; (4) the catalogue alone (1 client) and quiet (4 clients),
 * a mix of searches without diacritics (`mat ong`, `che`, `nuoc mam`, `gao`, `ca phe`, …), with
 * and without filters (province, stars, set), no `q`, page 2; (5) under writes: members 1–3 work
 * through their sheets — a draft with half the criteria, the full draft, submit — 100 ms after
 * each answer (≈ 25 writes/s, far above a real council), while members 4–7 re-open their sheets
 * (closed loop), then, the writers still writing, the catalogue clients again.
 */

const PROVINCE = '15';
const RULES = '26-2026';
const SET = 'rau-cu-qua-hat-tuoi';
const MEMBERS = 7;
const WRITERS = 3;
const ROUND_APPLICATIONS = 100;
const CATALOGUE_CLIENTS = 4;
const WRITE_PAUSE_MS = 100;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Product words (the set each belongs to): what people search for. */
const PRODUCT_WORDS: Array<[string, string]> = [
  ['Mật ong', 'duoc-lieu'],
  ['Chè', 'do-uong'],
  ['Nước mắm', 'rau-cu-qua-hat-tuoi'],
  ['Gạo', 'rau-cu-qua-hat-tuoi'],
  ['Cà phê', 'do-uong'],
  ['Miến dong', 'rau-cu-qua-hat-tuoi'],
  ['Măng khô', 'rau-cu-qua-hat-tuoi'],
  ['Bưởi', 'rau-cu-qua-hat-tuoi'],
  ['Cam sành', 'rau-cu-qua-hat-tuoi'],
  ['Vải thiều', 'rau-cu-qua-hat-tuoi'],
  ['Nhãn lồng', 'rau-cu-qua-hat-tuoi'],
  ['Hạt điều', 'rau-cu-qua-hat-tuoi'],
  ['Hồ tiêu', 'rau-cu-qua-hat-tuoi'],
  ['Nấm linh chi', 'duoc-lieu'],
  ['Tam thất', 'duoc-lieu'],
  ['Sâm', 'duoc-lieu'],
  ['Rượu', 'do-uong'],
  ['Trà hoa vàng', 'do-uong'],
  ['Thổ cẩm', 'thu-cong-my-nghe'],
  ['Mây tre đan', 'thu-cong-my-nghe'],
  ['Gốm', 'thu-cong-my-nghe'],
  ['Lan rừng', 'sinh-vat-canh'],
  ['Đào cảnh', 'sinh-vat-canh'],
  ['Du lịch cộng đồng', 'du-lich'],
];
const QUALIFIERS = [
  'rừng',
  'hữu cơ',
  'shan tuyết',
  'truyền thống',
  'đặc sản',
  'sấy khô',
  'thượng hạng',
  'bạc hà',
  'cổ thụ',
  'làng nghề',
  'VietGAP',
  'xanh',
];
const PRODUCER_KINDS: Array<[string, string]> = [
  ['cooperative', 'HTX Nông nghiệp'],
  ['company', 'Công ty TNHH'],
  ['cooperative_group', 'Tổ hợp tác'],
  ['household', 'Hộ kinh doanh'],
];
const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Lý'];

/** The catalogue searches of the bench (without diacritics, as people type). */
const CATALOGUE_QUERIES = [
  'q=mat+ong',
  'q=che',
  'q=nuoc+mam',
  'q=gao',
  'q=ca+phe',
  'q=che&province=15',
  'q=mat+ong&stars=4',
  'q=bac+ha',
  'q=tho+cam&set=thu-cong-my-nghe',
  'stars=5',
  'province=01',
  'set=do-uong&stars=4',
  '',
  'q=mien+dong&page=2',
  'q=huu+co',
  'q=lam+giang',
];

const textArray = (items: string[]) =>
  sql`ARRAY[${sql.join(
    items.map((item) => sql`${item}`),
    sql`, `,
  )}]::text[]`;

/** Producers, products, decided applications and valid certificates, in bulk. */
async function insertCatalogue(tx: Tx, products: number, sheetId: string, today: string) {
  const producers = Math.max(1, Math.round(products / 5));
  await tx.execute(sql`
    CREATE TEMP TABLE bench_commune ON COMMIT DROP AS
    SELECT (row_number() OVER (ORDER BY c.code) - 1)::int AS n, c.id, c.code, c.short_name AS place,
           p.code AS province
    FROM unit c
    JOIN unit p ON p.path @> c.path AND p.level = 'province'
      AND p.valid_from <= ${today}::date AND (p.valid_to IS NULL OR p.valid_to >= ${today}::date)
    WHERE c.level = 'commune'
      AND c.valid_from <= ${today}::date AND (c.valid_to IS NULL OR c.valid_to >= ${today}::date)`);
  const [{ communes }] = (await queryRows<{ communes: number }>(
    tx,
    sql`SELECT count(*)::int AS communes FROM bench_commune`,
  )) as [{ communes: number }];
  const [decided] = await tx
    .insert(ocopRounds)
    .values({
      reference: 'BENCH-DECIDED',
      level: 'central',
      provinceCode: null,
      ruleVersion: RULES,
      name: 'Các đợt đã quyết định (benchmark)',
      cutoffOn: today,
      maxGap: 10,
      state: 'decided',
    })
    .returning({ id: ocopRounds.id });
  await tx.execute(sql`
    INSERT INTO ocop_producer (kind, name, tax_code, province_code, commune_unit_id, address)
    SELECT (${textArray(PRODUCER_KINDS.map(([kind]) => kind))})[g % 4 + 1],
           (${textArray(PRODUCER_KINDS.map(([, label]) => label))})[g % 4 + 1] || ' '
             || (${textArray(FAMILY)})[(g / 4) % ${FAMILY.length} + 1] || ' ' || bc.place,
           'BENCH' || lpad(g::text, 6, '0'), bc.province, bc.id, 'Thôn ' || (g % 12 + 1)
    FROM generate_series(0, ${producers - 1}) AS g
    JOIN bench_commune bc ON bc.n = (g * 7919) % ${communes}`);
  const words = textArray(PRODUCT_WORDS.map(([word]) => word));
  const sets = textArray(PRODUCT_WORDS.map(([, set]) => set));
  await tx.execute(sql`
    INSERT INTO ocop_product (producer_id, province_code, commune_unit_id, name, set_code,
                              description, code, search_text)
    SELECT s.producer_id, s.province, s.commune_unit_id, s.name, s.set_code,
           s.name || ': sản phẩm của ' || s.producer_name || ' (benchmark).',
           s.province || '-' || s.commune_code || '-' || lpad(s.g::text, 5, '0') || '-2026',
           ntm_fold(s.name || ' ' || s.producer_name || ' ' || s.set_code)
    FROM (
      SELECT g, pr.id AS producer_id, pr.province_code AS province, pr.commune_unit_id,
             pr.name AS producer_name, bc.code AS commune_code,
             (${words})[(g * 7) % ${PRODUCT_WORDS.length} + 1] || ' '
               || (${textArray(QUALIFIERS)})[(g / ${PRODUCT_WORDS.length}) % ${QUALIFIERS.length} + 1]
               || ' ' || bc.place AS name,
             (${sets})[(g * 7) % ${PRODUCT_WORDS.length} + 1] AS set_code
      FROM generate_series(0, ${products - 1}) AS g
      JOIN ocop_producer pr ON pr.tax_code = 'BENCH' || lpad((g % ${producers})::text, 6, '0')
      JOIN bench_commune bc ON bc.id = pr.commune_unit_id
    ) s`);
  await tx.execute(sql`
    INSERT INTO ocop_application (reference, product_id, province_code, commune_unit_id, kind,
                                  rule_version, sheet_id, registration, round_id, decided_stars,
                                  state, submitted_at)
    SELECT 'BENCH-A-' || p.code, p.id, p.province_code, p.commune_unit_id, 'first', ${RULES},
           ${sheetId}::uuid,
           jsonb_build_object('summary', p.name, 'annualRevenueMillion', 300 + abs(hashtext(p.code)) % 5000,
                              'workers', 3 + abs(hashtext(p.code)) % 20, 'rawMaterialArea', null,
                              'samples', 5),
           ${decided!.id}::uuid,
           CASE WHEN abs(hashtext(p.code)) % 100 < 60 THEN 3
                WHEN abs(hashtext(p.code)) % 100 < 95 THEN 4 ELSE 5 END,
           'decided', now()
    FROM ocop_product p WHERE p.code IS NOT NULL`);
  await tx.execute(sql`
    INSERT INTO ocop_certificate (number, product_id, application_id, province_code, rule_version,
                                  level, stars, score, decision_number, decided_on, signer,
                                  valid_from, valid_to)
    SELECT 'GCN-' || a.reference, a.product_id, a.id, a.province_code, ${RULES}, 'province',
           a.decided_stars, 42 + a.decided_stars * 10 + abs(hashtext(a.reference)) % 8,
           (abs(hashtext(a.reference)) % 3000)::text || '/QĐ-UBND', a.d, 'Chủ tịch UBND tỉnh (benchmark)',
           a.d, a.d + 1095
    FROM (SELECT *, ${today}::date - abs(hashtext(reference)) % 900 AS d
          FROM ocop_application WHERE reference LIKE 'BENCH-A-%') a`);
  await tx.execute(sql`
    UPDATE ocop_product p SET certificate_id = c.id, stars = c.stars
    FROM ocop_certificate c WHERE c.product_id = p.id AND c.number LIKE 'GCN-BENCH-A-%'`);
  return { producers, communes };
}

/** The round in scoring: 100 applications of Lào Cai products, the council, two conflicts. */
async function insertRound(tx: Tx, sheetId: string, today: string) {
  const members: string[] = [];
  for (let n = 1; n <= MEMBERS; n++) {
    const user = await createUserAsOperator(tx, systemContext('bench'), {
      username: `ocop.bench${n}`,
      displayName: `Thành viên hội đồng OCOP ${n} (benchmark)`,
      password: demoPassword,
      unitCode: PROVINCE,
      roles: [{ role: 'ocop_council', unitCode: PROVINCE }],
    });
    members.push(user.id);
  }
  const [scoring] = await tx
    .insert(ocopRounds)
    .values({
      reference: 'BENCH-SCORING',
      level: 'province',
      provinceCode: PROVINCE,
      ruleVersion: RULES,
      name: 'Đợt đánh giá, phân hạng sản phẩm OCOP tỉnh Lào Cai (benchmark)',
      cutoffOn: today,
      maxGap: 10,
      state: 'scoring',
    })
    .returning({ id: ocopRounds.id });
  const roundId = scoring!.id;
  await tx.insert(ocopCouncilMembers).values(
    members.map((userId, index) => ({
      roundId,
      userId,
      position: index === 0 ? 'chair' : 'member',
    })),
  );
  const products = await queryRows<{ id: string }>(
    tx,
    sql`INSERT INTO ocop_product (producer_id, province_code, commune_unit_id, name, set_code,
                                  search_text)
        SELECT pr.id, pr.province_code, pr.commune_unit_id, s.name, ${SET},
               ntm_fold(s.name || ' ' || pr.name)
        FROM (SELECT g, (${textArray(['Khoai sọ', 'Bưởi đỏ', 'Cam', 'Mận hậu', 'Lê', 'Su su'])})[g % 6 + 1]
                        || ' số ' || (g + 1) AS name,
                     (SELECT array_agg(id ORDER BY tax_code) FROM ocop_producer
                      WHERE province_code = ${PROVINCE} AND tax_code LIKE 'BENCH%') AS producers
              FROM generate_series(0, ${ROUND_APPLICATIONS - 1}) AS g) s
        JOIN ocop_producer pr ON pr.id = s.producers[s.g % array_length(s.producers, 1) + 1]
        RETURNING id`,
  );
  const applications = await queryRows<{ id: string }>(
    tx,
    sql`INSERT INTO ocop_application (reference, product_id, province_code, commune_unit_id, kind,
                                      rule_version, sheet_id, registration, round_id, state,
                                      submitted_at)
        SELECT 'BENCH-R-' || lpad(n::text, 3, '0'), p.id, p.province_code, p.commune_unit_id,
               'first', ${RULES}, ${sheetId}::uuid,
               jsonb_build_object('summary', p.name, 'annualRevenueMillion', 800, 'workers', 6,
                                  'rawMaterialArea', null, 'samples', 5),
               ${roundId}::uuid, 'scoring', now()
        FROM (SELECT id, province_code, commune_unit_id, name,
                     row_number() OVER (ORDER BY name, id) AS n
              FROM ocop_product WHERE id IN (${sql.join(
                products.map((row) => sql`${row.id}::uuid`),
                sql`, `,
              )})) p
        ORDER BY n
        RETURNING id`,
  );
  if (applications.length !== ROUND_APPLICATIONS) {
    throw new Error(`round: ${applications.length} applications`);
  }
  // Member 7 is related to the first producer, member 6 to the second.
  await tx.insert(ocopConflicts).values([
    {
      roundId,
      userId: members[6]!,
      applicationId: applications[0]!.id,
      reason: 'Có quan hệ họ hàng với chủ thể (benchmark)',
      declaredBy: members[6]!,
    },
    {
      roundId,
      userId: members[5]!,
      applicationId: applications[1]!.id,
      reason: 'Từng tư vấn cho chủ thể (benchmark)',
      declaredBy: members[5]!,
    },
  ]);
  return { roundId, conflicts: 2 };
}

export async function prepareOcop(open: () => Promise<DatabaseHandle>, products: number) {
  const handle = await open();
  try {
    await migrateDatabase(handle);
    await seedDatabase(handle, {
      demo: true,
      steps: seedStepRegistry.filter(
        (step) => !step.name.startsWith('demo-') || step.name === 'demo-accounts',
      ),
    });
    const db = handle.db;
    const today = todayInVietnam();
    const sheet = await publishedSheet(db, RULES, SET);
    const began = performance.now();
    const catalogue = await db.transaction((tx) => insertCatalogue(tx, products, sheet.id, today));
    const round = await db.transaction((tx) => insertRound(tx, sheet.id, today));
    const bulkS = (performance.now() - began) / 1000;
    for (const table of [
      'ocop_producer',
      'ocop_product',
      'ocop_application',
      'ocop_certificate',
      'ocop_score',
      'ocop_conflict',
      'ocop_council_member',
    ]) {
      await db.execute(sql.raw(`VACUUM ANALYZE ${table}`));
    }
    const [counts] = await queryRows<{ certified: number }>(
      db,
      sql`SELECT count(*)::int AS certified FROM ocop_product p
          JOIN ocop_certificate c ON c.id = p.certificate_id
          WHERE c.state = 'valid' AND c.valid_to >= ${today}::date`,
    );
    return { ...catalogue, ...round, certified: counts!.certified, bulkS, sheet: sheet.body };
  } finally {
    await handle.close();
  }
}

interface Sample {
  ms: number;
  ok: boolean;
  status: number;
}

async function call(
  base: string,
  cookie: string | null,
  url: string,
  method: 'GET' | 'PUT' | 'POST' = 'GET',
  body?: unknown,
): Promise<Sample & { body: unknown }> {
  const began = performance.now();
  const response = await fetch(`${base}${url}`, {
    method,
    headers: {
      ...(cookie ? { cookie } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json', origin: base }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  const ms = performance.now() - began;
  return {
    ms,
    ok: response.status < 300,
    status: response.status,
    body: text ? (JSON.parse(text) as unknown) : null,
  };
}

/** Latencies in ms (sorted here), with their errors. */
function figures(samples: Sample[]) {
  const sorted = samples.map((sample) => sample.ms).sort((a, b) => a - b);
  return {
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    count: samples.length,
    errors: samples.filter((sample) => !sample.ok).length,
  };
}

const scenario: BenchScenario = {
  name: 'ocop',
  description:
    'OCOP: hội đồng 7 thành viên chấm 100 sản phẩm (mở phiếu, lưu nháp, nộp); tìm trong danh mục 20.000 sản phẩm',
  async run({ quick, databaseUrl }) {
    const products = quick ? 5_000 : 20_000;
    const durationS = quick ? 4 : 12;
    const database = await benchDatabase(databaseUrl, 'ocop');
    const { env, open, cleanup } = database;
    try {
      const began = performance.now();
      const prepared = await prepareOcop(open, products);
      const prepareS = (performance.now() - began) / 1000;
      process.stdout.write(
        `   ${prepared.certified} sản phẩm được chứng nhận (${prepared.producers} chủ thể, ` +
          `${prepared.communes} xã), đợt ${ROUND_APPLICATIONS} hồ sơ × ${MEMBERS} thành viên, ` +
          `nạp ${round(prepared.bulkS)} s, chuẩn bị ${round(prepareS)} s\n`,
      );
      env.PORT = String(await freePort());
      const base = `http://127.0.0.1:${env.PORT}`;
      const server = await startServer(env);
      try {
        const cookies = await Promise.all(
          Array.from({ length: MEMBERS }, (_, index) => signIn(base, `ocop.bench${index + 1}`)),
        );
        const worklists = await Promise.all(
          cookies.map(async (cookie) => {
            const answer = await call(
              base,
              cookie,
              `/api/v1/ocop/rounds/${prepared.roundId}/my-sheets`,
            );
            if (!answer.ok) throw new Error(`my-sheets: ${answer.status}`);
            return (answer.body as { items: Array<{ applicationId: string }> }).items.map(
              (item) => item.applicationId,
            );
          }),
        );
        const worklistSizes = worklists.map((list) => list.length);
        if (worklistSizes.reduce((a, b) => a + b, 0) !== MEMBERS * ROUND_APPLICATIONS - 2) {
          throw new Error(`worklists: ${worklistSizes.join(', ')}`);
        }
        const sheetUrl = (id: string) => `/api/v1/ocop/applications/${id}/score-sheet`;
        const loadBefore = os.loadavg()[0]!;

        // 0. The machine as it is (other work shares the cores).
        const floor = await runLoad({ url: `${base}/api/health`, connections: 4, durationS: 3 });

        // 1. The first opening: every member opens every sheet of the worklist, all at once.
        const versions = cookies.map(() => new Map<string, number>());
        const firstOpen: Sample[] = [];
        await Promise.all(
          cookies.map(async (cookie, member) => {
            for (const id of worklists[member]!) {
              const answer = await call(base, cookie, sheetUrl(id));
              firstOpen.push(answer);
              if (answer.ok)
                versions[member]!.set(id, (answer.body as { version: number }).version);
            }
          }),
        );
        const first = figures(firstOpen);
        if (first.errors > 0) throw new Error(`first opening: ${first.errors} errors`);

        /** Members re-opening their sheets in turn (closed loop) while `going()`. */
        const openers = (members: number[], going: () => boolean) => {
          const samples: Sample[] = [];
          return Promise.all(
            members.map(async (member) => {
              const list = worklists[member]!;
              let turn = member * 13;
              while (going()) {
                samples.push(
                  await call(base, cookies[member]!, sheetUrl(list[turn++ % list.length]!)),
                );
              }
            }),
          ).then(() => samples);
        };
        /** Catalogue clients (anonymous), each going through the searches in turn. */
        const searchers = (clients: number, going: () => boolean) => {
          const samples: Sample[] = [];
          const byQuery = new Map<string, Sample[]>();
          return Promise.all(
            Array.from({ length: clients }, async (_, client) => {
              let turn = client * 5;
              while (going()) {
                const query = CATALOGUE_QUERIES[turn++ % CATALOGUE_QUERIES.length]!;
                const answer = await call(base, null, `/api/v1/ocop/products?${query}`);
                samples.push(answer);
                byQuery.set(query, [...(byQuery.get(query) ?? []), answer]);
              }
            }),
          ).then(() => ({ samples, byQuery }));
        };
        const forSeconds = (seconds: number) => {
          const end = performance.now() + seconds * 1000;
          return () => performance.now() < end;
        };

        // 2. One member alone; 3. all seven members, no writes.
        const single = figures(await openers([0], forSeconds(quick ? 2 : 4)));
        const quiet = figures(
          await openers(
            Array.from({ length: MEMBERS }, (_, member) => member),
            forSeconds(durationS),
          ),
        );

        // 4. The catalogue alone, then 4 clients; the matches of each search are noted.
        const matches: Record<string, number> = {};
        for (const query of CATALOGUE_QUERIES) {
          const answer = await call(base, null, `/api/v1/ocop/products?${query}`);
          if (!answer.ok) throw new Error(`catalogue ${query}: ${answer.status}`);
          matches[query || '(tất cả)'] = (answer.body as { total: number }).total;
        }
        const catalogueSingle = figures((await searchers(1, forSeconds(quick ? 3 : 6))).samples);
        const catalogueQuiet = await searchers(CATALOGUE_CLIENTS, forSeconds(durationS));

        // 5. Under writes: members 1–3 draft and submit their sheets while 4–7 re-open theirs,
        // then while the catalogue is searched.
        const criteria = sheetCriteria(prepared.sheet).map((item) => ({
          code: item.criterion.code,
          options: item.criterion.options.filter((option) => !option.disqualifies),
        }));
        const choicesFor = (member: number, n: number, share: number) =>
          Object.fromEntries(
            criteria
              .slice(0, Math.ceil(criteria.length * share))
              .map((criterion, index) => [
                criterion.code,
                criterion.options[(member + n + index) % criterion.options.length]!.code,
              ]),
          );
        let writing = true;
        const saves: Sample[] = [];
        const submits: Sample[] = [];
        const writers = Promise.all(
          Array.from({ length: WRITERS }, async (_, member) => {
            await sleep((member * WRITE_PAUSE_MS) / WRITERS);
            const cookie = cookies[member]!;
            for (const [n, id] of worklists[member]!.entries()) {
              for (const share of [0.5, 1]) {
                if (!writing) return;
                const saved = await call(base, cookie, sheetUrl(id), 'PUT', {
                  choices: choicesFor(member, n, share),
                  comment: share === 1 ? 'Đạt yêu cầu (benchmark)' : null,
                  version: versions[member]!.get(id),
                });
                saves.push(saved);
                if (saved.ok)
                  versions[member]!.set(id, (saved.body as { version: number }).version);
                await sleep(WRITE_PAUSE_MS);
              }
              if (!writing) return;
              const submitted = await call(base, cookie, `${sheetUrl(id)}/submit`, 'POST', {
                version: versions[member]!.get(id),
              });
              submits.push(submitted);
              await sleep(WRITE_PAUSE_MS);
            }
          }),
        );
        await sleep(500);
        const readers = Array.from({ length: MEMBERS - WRITERS }, (_, index) => WRITERS + index);
        const loadedOpen = figures(await openers(readers, forSeconds(durationS)));
        const savesDuringOpen = saves.length + submits.length;
        const catalogueLoaded = await searchers(CATALOGUE_CLIENTS, forSeconds(durationS));
        writing = false;
        await writers;
        const loadAfter = os.loadavg()[0]!;
        const peak = peakRssMb(server.pid!);
        const save = figures(saves);
        const submit = figures(submits);
        const cq = figures(catalogueQuiet.samples);
        const cl = figures(catalogueLoaded.samples);
        const perQuery = (byQuery: Map<string, Sample[]>) =>
          [...byQuery.entries()]
            .map(([query, samples]) => ({ query, ...figures(samples) }))
            .sort((a, b) => b.p95 - a.p95);
        process.stdout.write(
          `   kết quả tìm: ${Object.entries(matches)
            .map(([query, total]) => `${query} ${total}`)
            .join('; ')}\n`,
        );
        for (const [label, rows] of [
          ['yên', perQuery(catalogueQuiet.byQuery)],
          ['khi ghi', perQuery(catalogueLoaded.byQuery)],
        ] as const) {
          process.stdout.write(
            `   danh mục (${label}), p95 theo truy vấn: ${rows
              .slice(0, 6)
              .map((row) => `${row.query || '(tất cả)'} ${row.p95}`)
              .join('; ')}\n`,
          );
        }
        return {
          ocop_catalogue_products: prepared.certified,
          ocop_catalogue_producers: prepared.producers,
          ocop_round_applications: ROUND_APPLICATIONS,
          ocop_council_members: MEMBERS,
          ocop_conflicts: prepared.conflicts,
          ocop_bulk_insert_s: round(prepared.bulkS),
          ocop_prepare_s: round(prepareS),
          ocop_loadavg_before: round(loadBefore, 2),
          ocop_loadavg_after: round(loadAfter, 2),
          ocop_floor_p50_ms: floor.p50Ms,
          ocop_floor_p95_ms: floor.p95Ms,
          ocop_sheet_first_open_p50_ms: first.p50,
          ocop_sheet_first_open_p95_ms: first.p95,
          ocop_sheet_first_open_samples: first.count,
          ocop_sheet_open_single_p50_ms: single.p50,
          ocop_sheet_open_single_p95_ms: single.p95,
          ocop_sheet_open_p50_ms: quiet.p50,
          ocop_sheet_open_p95_ms: quiet.p95,
          ocop_sheet_open_p99_ms: quiet.p99,
          ocop_sheet_open_samples: quiet.count,
          ocop_sheet_open_errors: quiet.errors,
          ocop_sheet_open_under_writes_p50_ms: loadedOpen.p50,
          ocop_sheet_open_under_writes_p95_ms: loadedOpen.p95,
          ocop_sheet_open_under_writes_p99_ms: loadedOpen.p99,
          ocop_sheet_open_under_writes_samples: loadedOpen.count,
          ocop_sheet_open_under_writes_errors: loadedOpen.errors,
          ocop_writes_during_open: savesDuringOpen,
          ocop_sheet_save_p50_ms: save.p50,
          ocop_sheet_save_p95_ms: save.p95,
          ocop_sheet_saves: save.count,
          ocop_sheet_save_errors: save.errors,
          ocop_sheet_submit_p50_ms: submit.p50,
          ocop_sheet_submit_p95_ms: submit.p95,
          ocop_sheet_submits: submit.count,
          ocop_sheet_submit_errors: submit.errors,
          ocop_catalogue_single_p50_ms: catalogueSingle.p50,
          ocop_catalogue_single_p95_ms: catalogueSingle.p95,
          ocop_catalogue_p50_ms: cq.p50,
          ocop_catalogue_p95_ms: cq.p95,
          ocop_catalogue_p99_ms: cq.p99,
          ocop_catalogue_per_s: Math.round(cq.count / durationS),
          ocop_catalogue_errors: cq.errors,
          ocop_catalogue_under_writes_p50_ms: cl.p50,
          ocop_catalogue_under_writes_p95_ms: cl.p95,
          ocop_catalogue_under_writes_p99_ms: cl.p99,
          ocop_catalogue_under_writes_errors: cl.errors,
          ocop_catalogue_matches_mat_ong: matches['q=mat+ong'] ?? 0,
          ocop_catalogue_matches_che: matches['q=che'] ?? 0,
          ocop_catalogue_matches_nuoc_mam: matches['q=nuoc+mam'] ?? 0,
          ocop_peak_rss_mb: peak,
        };
      } finally {
        await stopServer(server);
      }
    } finally {
      await cleanup();
    }
  },
};

export default scenario;
