import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { BenchScenario } from '../types';
import { percentile, runLoad, type LoadResult } from '../load';
import { BENCH_SET } from '../dataset';
import {
  benchDatabase,
  peakRssMb,
  round,
  saveBenchValue,
  signIn,
  startServer,
  stopServer,
} from '../national-data';
import { syntheticValues } from '../../src/domain/values';
import type { Actor, RequestContext } from '../../src/server/auth/actor';
import { systemContext } from '../../src/server/auth/actor';
import { queryRows, type DatabaseHandle, type Tx } from '../../src/server/db/client';
import { migrateDatabase } from '../../src/server/db/migrate';
import { seedDatabase } from '../../src/server/db/seed';
import { seedStepRegistry } from '../../src/server/db/seed-registry';
import { freePort } from '../../src/server/test/process';
import { demoPassword } from '../../src/server/modules/accounts/demo';
import { findUserIdByUsername } from '../../src/server/modules/accounts/holders';
import { createUserAsOperator, loadActor } from '../../src/server/modules/accounts/service';
import { loadPublishedSet } from '../../src/server/modules/criteria/sets';
import {
  resetRecognitionClock,
  shiftRecognitionClock,
} from '../../src/server/modules/recognition/clock';
import {
  appendAction,
  loadActions,
  loadDossierRow,
} from '../../src/server/modules/recognition/dossiers';
import { openDossier } from '../../src/server/modules/recognition/service';
import { writeValues } from '../../src/server/modules/values/service';
import { resolveTarget } from '../../src/server/modules/values/target';

/**
 * Recognition dossiers (issue 12, "Speed"): opening a dossier whose self-assessment has every
 * indicator of the commune set and 100 evidence files, reading it, and a province inbox with 500
 * open dossiers awaiting the province — quiet, then while officers save values, the province acts
 * on other dossiers (flags raised and cleared) and dossiers are opened and withdrawn.
 *
 * The 500 dossiers of Lào Cai (code 15) are prepared through the services in a scratch database:
 * every current rural commune × the three commune kinds (standard, advanced, model; 2025; template
 * xa-131-2025), opened by `openDossier` (the self-assessment frozen) and moved to the province's
 * verification step by one logged `proceed` appended with `appendAction` (the commune steps'
 * checks — posting, documents — are not replayed); the rest are dossiers of pre-reform communes of
 * the province (Yên Bái and the old Lào Cai, 2024; template xa-18-2022) opened with the clock set to 03/03/2025 and moved to
 * the province's appraisal step the same way: dossiers straddling the reform, as the province has
 * them. The opening and the reading are measured on two Hà Nội communes (so the inbox stays at
 * 500) whose values carry 100 evidence files each, uploaded through the evidence route.
 */

const PROVINCE = '15';
const INBOX_DOSSIERS = 500;
const EVIDENCE_FILES = 100;
const YEAR = 2025;
const KINDS = ['commune_ntm', 'commune_advanced', 'commune_model'] as const;
const BEFORE_REFORM = '2025-03-03';
const WRITERS = 20;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const pdfBytes = (n: number) =>
  Buffer.from(
    `%PDF-1.4\n% bench evidence ${n}\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n` +
      '2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  );

async function contextOf(tx: Tx, username: string): Promise<RequestContext> {
  const userId = await findUserIdByUsername(tx, username);
  const actor = userId ? await loadActor(tx, userId) : null;
  if (!actor) throw new Error(`bench account ${username} is missing`);
  return { actor, ip: null, requestId: 'bench' };
}

/** The bench officer acting for one commune (its role at that commune only). */
function officerAt(base: Actor, unitId: number, unitCode: string): RequestContext {
  return {
    actor: { ...base, assignments: [{ role: 'commune', unitId, unitCode }] },
    ip: null,
    requestId: 'bench',
  };
}

interface Unit {
  id: number;
  code: string;
}

async function communesOf(tx: Tx, provinceCode: string, date: string): Promise<Unit[]> {
  const rows = await queryRows<Unit>(
    tx,
    sql`SELECT c.id, c.code FROM unit c
        JOIN unit p ON p.path @> c.path AND p.level = 'province'
        WHERE c.level = 'commune' AND c.kind = 'xa' AND p.code = ${provinceCode}
          AND c.valid_from <= ${date}::date AND (c.valid_to IS NULL OR c.valid_to >= ${date}::date)
          AND p.valid_from <= ${date}::date AND (p.valid_to IS NULL OR p.valid_to >= ${date}::date)
        ORDER BY c.code`,
  );
  return rows.map((row) => ({ id: Number(row.id), code: row.code }));
}

async function writeSynthetic(tx: Tx, code: string, year: number, metShare: number) {
  const set = await loadPublishedSet(tx, BENCH_SET);
  const target = await resolveTarget(tx, code, BENCH_SET, year);
  const values = syntheticValues(set.compiled, {
    unitCode: code,
    unitClass: target.unitClass,
    year,
    metShare,
    seed: 'bench',
  });
  await writeValues(
    tx,
    systemContext('bench'),
    target,
    [...values].map(([indicator, value]) => ({ indicator, value })),
    { source: 'import' },
  );
  return set.compiled.indicators.length;
}

/** Opens a dossier through the service and moves it to `toStep` with one logged proceed. */
async function openAt(
  tx: Tx,
  officer: RequestContext,
  unit: Unit,
  kind: (typeof KINDS)[number],
  year: number,
  toStep: string,
) {
  const id = await openDossier(tx, officer, { unit: unit.code, kind, year }, 'vi');
  const row = await loadDossierRow(tx, id, { lock: true });
  const actions = await loadActions(tx, id);
  await appendAction(tx, row, actions, {
    type: 'proceed',
    step: row.step,
    actor: { userId: officer.actor!.userId, name: officer.actor!.displayName, role: 'commune' },
    reason: null,
    legalBasis: null,
    payload: { fromStep: row.step, toStep },
  });
}

async function prepare(open: () => Promise<DatabaseHandle>) {
  const handle = await open();
  try {
    await migrateDatabase(handle);
    await seedDatabase(handle, {
      demo: true,
      steps: seedStepRegistry.filter(
        (step) => step.name !== 'demo-values' && step.name !== 'demo-recognition',
      ),
    });
    const db = handle.db;
    const today = new Date().toISOString().slice(0, 10);
    const current = await db.transaction((tx) => communesOf(tx, PROVINCE, today));
    // Before the reform, code 15 was Yên Bái; Lào Cai (10) merged into it on 01/07/2025.
    const older = await db.transaction(async (tx) => [
      ...(await communesOf(tx, PROVINCE, BEFORE_REFORM)),
      ...(await communesOf(tx, '10', BEFORE_REFORM)),
    ]);
    const hanoi = await db.transaction((tx) => communesOf(tx, '01', today));
    const [opened, readTarget] = [hanoi[0]!, hanoi[1]!];
    let indicators = 0;
    // Accounts: one officer the prepared dossiers are opened in the name of, the writers (real
    // commune accounts of Lào Cai communes), and the officers of the two Hà Nội communes.
    const writers = current.slice(0, WRITERS);
    await db.transaction(async (tx) => {
      await createUserAsOperator(tx, systemContext('bench'), {
        username: 'xa.bench',
        displayName: 'Cán bộ xã (benchmark)',
        password: demoPassword,
        unitCode: current[0]!.code,
        roles: [{ role: 'commune', unitCode: current[0]!.code }],
      });
      for (const [index, unit] of [...writers, opened, readTarget].entries()) {
        await createUserAsOperator(tx, systemContext('bench'), {
          username: `xa.bench${index}`,
          displayName: `Cán bộ xã ${unit.code} (benchmark)`,
          password: demoPassword,
          unitCode: unit.code,
          roles: [{ role: 'commune', unitCode: unit.code }],
        });
      }
    });
    const base = (await db.transaction((tx) => contextOf(tx, 'xa.bench'))).actor!;
    // Values: every indicator of the standard set, 2025 for today's communes, 2024 before.
    for (const unit of [...current, opened, readTarget]) {
      indicators = await db.transaction((tx) => writeSynthetic(tx, unit.code, YEAR, 1));
    }
    // 1. Today's communes × the three kinds, at the province's verification (tham_tra).
    let count = 0;
    for (const kind of KINDS) {
      for (const unit of current) {
        if (count >= INBOX_DOSSIERS) break;
        await db.transaction((tx) =>
          openAt(tx, officerAt(base, unit.id, unit.code), unit, kind, YEAR, 'tham_tra'),
        );
        count++;
      }
    }
    const recent = count;
    // 2. Pre-reform communes (2024), opened before 01/07/2025, at the province's appraisal.
    const shiftDays = (Date.parse(`${BEFORE_REFORM}T03:00:00Z`) - Date.now()) / 86_400_000;
    shiftRecognitionClock(shiftDays);
    try {
      for (const unit of older) {
        if (count >= INBOX_DOSSIERS) break;
        await db.transaction(async (tx) => {
          await writeSynthetic(tx, unit.code, 2024, 0.8);
          await openAt(
            tx,
            officerAt(base, unit.id, unit.code),
            unit,
            'commune_ntm',
            2024,
            'tham_dinh',
          );
        });
        count++;
      }
    } finally {
      resetRecognitionClock();
    }
    await db.execute(sql`ANALYZE`);
    return {
      dossiers: count,
      recent,
      straddling: count - recent,
      indicators,
      writers,
      opened,
      readTarget,
    };
  } finally {
    await handle.close();
  }
}

async function uploadEvidence(
  base: string,
  cookie: string,
  code: string,
  indicator: string,
  n: number,
): Promise<void> {
  const form = new FormData();
  form.append('file', new Blob([pdfBytes(n)], { type: 'application/pdf' }), `minh-chung-${n}.pdf`);
  const response = await fetch(
    `${base}/api/v1/units/${code}/values/${indicator}/evidence?set=${BENCH_SET}&year=${YEAR}`,
    { method: 'POST', headers: { cookie, origin: base }, body: form },
  );
  if (response.status >= 300) {
    throw new Error(`evidence ${code}/${indicator}: ${response.status} ${await response.text()}`);
  }
  await response.arrayBuffer();
}

interface Dossier {
  id: string;
  version: number;
  step: string;
}

async function postJson<T>(
  base: string,
  url: string,
  cookie: string,
  body: unknown,
): Promise<{ status: number; body: T; ms: number }> {
  const began = performance.now();
  const response = await fetch(`${base}${url}`, {
    method: 'POST',
    headers: { cookie, origin: base, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as T;
  return { status: response.status, body: answer, ms: performance.now() - began };
}

const latencyFigures = (sorted: number[]) => ({
  p50: round(percentile(sorted, 50)),
  p95: round(percentile(sorted, 95)),
  p99: round(percentile(sorted, 99)),
});

const scenario: BenchScenario = {
  name: 'recognition',
  description: 'hồ sơ công nhận: lập hồ sơ (100 minh chứng), đọc hồ sơ, hộp việc tỉnh 500 hồ sơ',
  async run({ quick, databaseUrl }) {
    const database = await benchDatabase(databaseUrl, 'recognition');
    const { env, open, cleanup } = database;
    // Evidence files go to `<data dir>/files`: a scratch directory on PostgreSQL too.
    const filesDir = databaseUrl
      ? fs.mkdtempSync(path.join(os.tmpdir(), 'ntm-bench-recognition-files-'))
      : null;
    if (filesDir) env.NTM_DATA_DIR = filesDir;
    try {
      const began = performance.now();
      const prepared = await prepare(open);
      const prepareS = (performance.now() - began) / 1000;
      process.stdout.write(
        `   ${prepared.dossiers} hồ sơ (${prepared.recent} + ${prepared.straddling} trước 01/07/2025), ` +
          `${prepared.indicators} chỉ tiêu, ${round(prepareS)} s\n`,
      );
      env.PORT = String(await freePort());
      const base = `http://127.0.0.1:${env.PORT}`;
      const server = await startServer(env);
      try {
        const province = await signIn(base, 'tinh.laocai');
        const writerCookies = await Promise.all(
          prepared.writers.map((_, index) => signIn(base, `xa.bench${index}`)),
        );
        const openerCookie = await signIn(base, `xa.bench${prepared.writers.length}`);
        const readerCookie = await signIn(base, `xa.bench${prepared.writers.length + 1}`);

        // Evidence: 100 files on the values of each of the two Hà Nội communes.
        const valuesOf = async (code: string, cookie: string) =>
          (
            (await (
              await fetch(`${base}/api/v1/units/${code}/values?set=${BENCH_SET}&year=${YEAR}`, {
                headers: { cookie },
              })
            ).json()) as { items: Array<{ indicator: string; version: number }> }
          ).items;
        for (const [unit, cookie] of [
          [prepared.opened, openerCookie],
          [prepared.readTarget, readerCookie],
        ] as const) {
          const items = await valuesOf(unit.code, cookie);
          for (let n = 0; n < EVIDENCE_FILES; n++) {
            await uploadEvidence(base, cookie, unit.code, items[n % items.length]!.indicator, n);
          }
        }

        // The dossier readers read: opened once, kept open.
        const read = await postJson<
          Dossier & { snapshot: { items: Array<{ evidence: unknown[] }> } }
        >(base, '/api/v1/dossiers', readerCookie, {
          unit: prepared.readTarget.code,
          kind: 'commune_ntm',
          year: YEAR,
        });
        if (read.status !== 201)
          throw new Error(`open: ${read.status} ${JSON.stringify(read.body)}`);
        const frozenEvidence = read.body.snapshot.items.reduce(
          (sum, item) => sum + item.evidence.length,
          0,
        );
        const frozenItems = read.body.snapshot.items.length;

        // Opening, measured: the Hà Nội officer opens, then withdraws (not measured), in turn.
        const openings: number[] = [];
        let openErrors = 0;
        const openOnce = async () => {
          const opened = await postJson<Dossier>(base, '/api/v1/dossiers', openerCookie, {
            unit: prepared.opened.code,
            kind: 'commune_ntm',
            year: YEAR,
          });
          if (opened.status !== 201) {
            openErrors++;
            return;
          }
          openings.push(opened.ms);
          const withdrawn = await postJson<Dossier>(
            base,
            `/api/v1/dossiers/${opened.body.id}/actions`,
            openerCookie,
            { type: 'withdraw', version: opened.body.version, payload: {}, reason: 'benchmark' },
          );
          if (withdrawn.status !== 200) {
            throw new Error(`withdraw: ${withdrawn.status} ${JSON.stringify(withdrawn.body)}`);
          }
        };

        // Check the inbox once: its size is part of the figure.
        const inboxAnswer = (await (
          await fetch(`${base}/api/v1/inbox`, { headers: { cookie: province } })
        ).json()) as { items: unknown[] };
        const inboxItems = inboxAnswer.items.length;

        const durationS = quick ? 5 : 15;
        const readers = (until: () => boolean) =>
          Promise.all([
            runLoad({
              url: `${base}/api/v1/inbox`,
              connections: 4,
              durationS: 3600,
              headers: { cookie: province },
              until,
            }),
            runLoad({
              url: `${base}/api/v1/dossiers/${read.body.id}`,
              connections: 4,
              durationS: 3600,
              headers: { cookie: readerCookie },
              until,
            }),
          ]);

        // Quiet: the floor, the readers alone, then openings one after another.
        const floor = await runLoad({
          url: `${base}/api/health`,
          connections: 4,
          durationS: quick ? 3 : 5,
        });
        // One reader at a time: the service time of each read.
        const single = async (url: string, cookie: string) =>
          runLoad({ url, connections: 1, durationS: quick ? 3 : 5, headers: { cookie } });
        const singleInbox = await single(`${base}/api/v1/inbox`, province);
        const singleDetail = await single(`${base}/api/v1/dossiers/${read.body.id}`, readerCookie);
        const quietEnd = performance.now() + durationS * 1000;
        const [quietInbox, quietDetail] = await readers(() => performance.now() < quietEnd);
        for (let n = 0; n < (quick ? 10 : 30); n++) await openOnce();
        const quietOpenings = [...openings].sort((a, b) => a - b);
        openings.length = 0;

        // Under load: the same readers while officers save values (one a second each, on
        // communes whose dossiers are in the inbox), the province raises and clears a flag on
        // dossiers of its inbox (two actions a second) and the Hà Nội officer opens and withdraws.
        const list = (
          (await (
            await fetch(
              `${base}/api/v1/dossiers?province=${PROVINCE}&status=in_progress&limit=50`,
              {
                headers: { cookie: province },
              },
            )
          ).json()) as { items: Dossier[] }
        ).items;
        const versions = new Map<string, number>();
        const writerQuery = `set=${BENCH_SET}&year=${YEAR}`;
        for (const [index, unit] of prepared.writers.entries()) {
          const item = (await valuesOf(unit.code, writerCookies[index]!)).find(
            (entry) => entry.indicator === '3.1',
          );
          versions.set(unit.code, item?.version ?? 0);
        }
        const end = performance.now() + durationS * 1000;
        const running = () => performance.now() < end;
        const saves: number[] = [];
        let saveErrors = 0;
        const actions: number[] = [];
        let actionErrors = 0;
        const writing = Promise.all(
          prepared.writers.map(async (unit, writer) => {
            await sleep((writer * 1000) / prepared.writers.length);
            let step = writer;
            while (running()) {
              const began = performance.now();
              const { ms, ok } = await saveBenchValue(
                base,
                { cookie: writerCookies[writer]! },
                writerQuery,
                versions,
                unit.code,
                60 + (step++ % 40),
              );
              saves.push(ms);
              if (!ok) saveErrors++;
              const wait = 1000 - (performance.now() - began);
              if (wait > 0) await sleep(wait);
            }
          }),
        );
        const acting = (async () => {
          let turn = 0;
          const raised = new Set<string>();
          while (running()) {
            const began = performance.now();
            const dossier = list[turn++ % list.length]!;
            const type = raised.has(dossier.id) ? 'clear_flag' : 'raise_flag';
            const outcome = await postJson<Dossier>(
              base,
              `/api/v1/dossiers/${dossier.id}/actions`,
              province,
              {
                type,
                version: dossier.version,
                payload: { flag: 'debt_outstanding' },
                reason: 'Kiểm tra nợ đọng (benchmark)',
              },
            );
            actions.push(outcome.ms);
            if (outcome.status === 200) {
              dossier.version = outcome.body.version;
              if (type === 'raise_flag') raised.add(dossier.id);
              else raised.delete(dossier.id);
            } else actionErrors++;
            const wait = 500 - (performance.now() - began);
            if (wait > 0) await sleep(wait);
          }
        })();
        const opening = (async () => {
          while (running()) {
            await openOnce();
            await sleep(250);
          }
        })();
        const [[loadedInbox, loadedDetail]] = (await Promise.all([
          readers(running),
          writing,
          acting,
          opening,
        ])) as [[LoadResult, LoadResult], ...unknown[]];
        const loadedOpenings = [...openings].sort((a, b) => a - b);
        saves.sort((a, b) => a - b);
        actions.sort((a, b) => a - b);
        const peak = peakRssMb(server.pid!);
        const q = latencyFigures(quietOpenings);
        const l = latencyFigures(loadedOpenings);
        return {
          recognition_dossiers_open: prepared.dossiers,
          recognition_dossiers_straddling: prepared.straddling,
          recognition_inbox_items: inboxItems,
          recognition_frozen_indicators: frozenItems,
          recognition_frozen_evidence: frozenEvidence,
          recognition_prepare_s: round(prepareS),
          recognition_floor_p50_ms: floor.p50Ms,
          recognition_floor_p95_ms: floor.p95Ms,
          recognition_single_inbox_p50_ms: singleInbox.p50Ms,
          recognition_single_inbox_p95_ms: singleInbox.p95Ms,
          recognition_single_detail_p50_ms: singleDetail.p50Ms,
          recognition_single_detail_p95_ms: singleDetail.p95Ms,
          recognition_quiet_inbox_p50_ms: quietInbox.p50Ms,
          recognition_quiet_inbox_p95_ms: quietInbox.p95Ms,
          recognition_quiet_inbox_p99_ms: quietInbox.p99Ms,
          recognition_quiet_inbox_per_s: quietInbox.requestsPerSecond,
          recognition_quiet_detail_p50_ms: quietDetail.p50Ms,
          recognition_quiet_detail_p95_ms: quietDetail.p95Ms,
          recognition_quiet_detail_p99_ms: quietDetail.p99Ms,
          recognition_quiet_open_p50_ms: q.p50,
          recognition_quiet_open_p95_ms: q.p95,
          recognition_quiet_open_p99_ms: q.p99,
          recognition_quiet_open_samples: quietOpenings.length,
          recognition_inbox_p50_ms: loadedInbox.p50Ms,
          recognition_inbox_p95_ms: loadedInbox.p95Ms,
          recognition_inbox_p99_ms: loadedInbox.p99Ms,
          recognition_inbox_per_s: loadedInbox.requestsPerSecond,
          recognition_inbox_errors: loadedInbox.errors,
          recognition_detail_p50_ms: loadedDetail.p50Ms,
          recognition_detail_p95_ms: loadedDetail.p95Ms,
          recognition_detail_p99_ms: loadedDetail.p99Ms,
          recognition_detail_errors: loadedDetail.errors,
          recognition_open_p50_ms: l.p50,
          recognition_open_p95_ms: l.p95,
          recognition_open_p99_ms: l.p99,
          recognition_open_samples: loadedOpenings.length,
          recognition_open_errors: openErrors,
          recognition_save_p50_ms: round(percentile(saves, 50)),
          recognition_save_p95_ms: round(percentile(saves, 95)),
          recognition_saves_per_s: Math.round(saves.length / durationS),
          recognition_save_errors: saveErrors,
          recognition_action_p95_ms: round(percentile(actions, 95)),
          recognition_actions: actions.length,
          recognition_action_errors: actionErrors,
          recognition_peak_rss_mb: peak,
        };
      } finally {
        await stopServer(server);
      }
    } finally {
      await cleanup();
      if (filesDir) fs.rmSync(filesDir, { recursive: true, force: true });
    }
  },
};

export default scenario;
