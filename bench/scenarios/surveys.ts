import { randomBytes } from 'node:crypto';
import os from 'node:os';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import type { BenchScenario } from '../types';
import { percentile, runLoad } from '../load';
import { benchDatabase, peakRssMb, round, signIn, startServer, stopServer } from '../national-data';
import { formatHouseholdCode, makeHouseholdCode } from '../../src/domain/surveys/codes';
import type { RequestContext } from '../../src/server/auth/actor';
import { queryRows, type DatabaseHandle, type Tx } from '../../src/server/db/client';
import { migrateDatabase } from '../../src/server/db/migrate';
import { seedDatabase } from '../../src/server/db/seed';
import { seedStepRegistry } from '../../src/server/db/seed-registry';
import { freePort } from '../../src/server/test/process';
import { findUserIdByUsername } from '../../src/server/modules/accounts/holders';
import { loadActor } from '../../src/server/modules/accounts/service';
import { codeHash } from '../../src/server/modules/surveys/answers';
import {
  createCampaign,
  loadCampaignRow,
  surveyToday,
} from '../../src/server/modules/surveys/campaigns';
import { importRoll } from '../../src/server/modules/surveys/roll';
import {
  surveyCodes,
  surveyParticipations,
  surveyResponses,
} from '../../src/server/modules/surveys/tables';
import { completeAnswers } from '../../src/domain/surveys/answers';
import { questionIds as questionIdsOf } from '../../src/domain/surveys/schema';
import type { Answers } from '../../src/domain/surveys/types';
import { findUnit } from '../../src/server/modules/units/lookup';

/**
 * Satisfaction surveys (issue 13, "Speed"): households answering with their one-time codes while
 * officers watch the live tally, on a commune of 10,000 households.
 *
 * Setup (not timed as the floor): a standalone campaign of Lâm Giang (04381) created by the
 * Front's account through `createCampaign`, its 10,000-household roll (20 villages × 500)
 * imported from an Excel file through `importRoll` (the roll route's service), one known code per
 * household written into `survey_code` as `codeHash` (the plain codes exist only on the slips'
 * PDF; the bench keeps its own), except for a few households kept for officers' paper forms. The
 * campaign is then opened through the API.
 *
 * Measured over loopback HTTP: (0) the HTTP floor (`/api/health`) and one household at a time,
 * to show how loaded the shared machine is; (1) closed-loop households `POST /api/v1/surveys/answers`, each
 * with a code never used before, for a fixed time, while officers read the live tally (each
 * reader polls `GET /campaigns/:id/tally` every 250 ms after each answer) and one officer enters
 * a paper form every 200 ms; (2) the tally alone, sequential requests; (3) the tally again,
 * sequential requests, while households answer. The server runs with
 * `NTM_SURVEY_ANSWERS_PER_MINUTE` raised: every household of the bench answers from 127.0.0.1.
 */

const COMMUNE = '04381';
const VILLAGES = 20;
const PER_VILLAGE = 500;
const HOUSEHOLDS = VILLAGES * PER_VILLAGE;
/** Every 25th household (400) is kept for officers' paper forms and visits: it gets no code. */
const OFFICER_EVERY = 25;
/** Households recorded as answered on paper in the setup (their codes are not used). */
const PREFILLED = 4_000;
/** Codes kept for the last step (the tally while households answer). */
const LATE_CODES = 1_500;
const WRITERS = 24;
const TALLY_READERS = 4;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function contextOf(tx: Tx, username: string): Promise<RequestContext> {
  const userId = await findUserIdByUsername(tx, username);
  const actor = userId ? await loadActor(tx, userId) : null;
  if (!actor) throw new Error(`bench account ${username} is missing`);
  return { actor, ip: null, requestId: 'bench' };
}

async function rollWorkbook(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Danh sách hộ');
  sheet.addRow(['DANH SÁCH HỘ GIA ĐÌNH (benchmark)']);
  sheet.addRow([]);
  sheet.addRow(['Thôn/tổ dân phố', 'Mã hộ', 'Họ và tên chủ hộ', 'Địa chỉ']);
  for (let village = 1; village <= VILLAGES; village++) {
    for (let n = 1; n <= PER_VILLAGE; n++) {
      const code = `T${String(village).padStart(2, '0')}-${String(n).padStart(4, '0')}`;
      sheet.addRow([`Thôn ${village}`, code, `Chủ hộ ${code}`, `Số ${n}, thôn ${village}`]);
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Schema and reference data, the campaign and its roll, the codes; the campaign is not opened. */
async function prepare(open: () => Promise<DatabaseHandle>) {
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
    const unit = await findUnit(db, COMMUNE, surveyToday());
    if (!unit) throw new Error(`commune ${COMMUNE} is missing`);
    const front = await db.transaction((tx) => contextOf(tx, 'mttq.lamgiang'));
    const campaignId = await db.transaction((tx) =>
      createCampaign(tx, front, {
        unitId: unit.id,
        purpose: 'standalone',
        opensOn: surveyToday(),
        title: 'Lấy ý kiến sự hài lòng (benchmark)',
      }),
    );
    const workbook = await rollWorkbook();
    const began = performance.now();
    const imported = await db.transaction((tx) =>
      importRoll(tx, front, campaignId, 1, workbook, 'vi'),
    );
    const rollImportS = (performance.now() - began) / 1000;
    if (imported.households !== HOUSEHOLDS) {
      throw new Error(`roll: ${imported.households} households imported`);
    }
    const households = (
      await queryRows<{ id: number }>(
        db,
        sql`SELECT id::int AS id FROM survey_household WHERE campaign_id = ${campaignId}
            ORDER BY id`,
      )
    ).map((row) => Number(row.id));
    const officerHouseholds = households.filter((_, index) => index % OFFICER_EVERY === 0);
    const coded = households.filter((_, index) => index % OFFICER_EVERY !== 0);
    const raw = coded.map(() => makeHouseholdCode(randomBytes(9)));
    const { provinceCode } = await loadCampaignRow(db, campaignId);
    await db.transaction(async (tx) => {
      for (let start = 0; start < coded.length; start += 1000) {
        await tx.insert(surveyCodes).values(
          coded.slice(start, start + 1000).map((householdId, index) => ({
            campaignId,
            provinceCode,
            householdId,
            codeHash: codeHash(raw[start + index]!),
          })),
        );
      }
    });
    // Households that already answered on paper (the last coded ones; their codes stay unused):
    // the tally is read over thousands of answers, as near the end of a campaign.
    const row = await loadCampaignRow(db, campaignId);
    const answeredOn = surveyToday();
    const prefilled = coded.slice(coded.length - PREFILLED);
    await db.transaction(async (tx) => {
      for (let start = 0; start < prefilled.length; start += 1000) {
        const slice = prefilled.slice(start, start + 1000);
        await tx.insert(surveyParticipations).values(
          slice.map((householdId, index) => ({
            campaignId,
            provinceCode,
            householdId,
            channel: 'paper',
            clientId: `bench-paper-${String(start + index).padStart(6, '0')}`,
            receipt: `XN-BENCH-${start + index}`,
            answeredOn,
          })),
        );
        await tx.insert(surveyResponses).values(
          slice.map((_, index) => ({
            campaignId,
            provinceCode,
            communeUnitId: unit.id,
            answers: completeAnswers(
              row.questionnaire,
              answersOf(questionIdsOf(row.questionnaire), 200_000 + start + index),
            ),
          })),
        );
      }
    });
    await db.execute(sql`ANALYZE`);
    // As printed on the slips (the server normalises what it is sent).
    const codes = raw.slice(0, raw.length - PREFILLED).map(formatHouseholdCode);
    return { campaignId, codes, officerHouseholds, rollImportS, dataBytes: workbook.length };
  } finally {
    await handle.close();
  }
}

interface Campaign {
  id: string;
  version: number;
  state: string;
  questionnaire: { questions: Array<{ id: string }>; overall: { id: string } };
}

interface TallyAnswer {
  live: boolean;
  tally: { households: number; answered: number; coverage: number | null; passed: boolean };
  channels: { code: number; paper: number; door: number };
}

/** Answers of household `n`: mostly satisfied, some dissatisfied, a few blanks (deterministic). */
function answersOf(questionIds: string[], n: number): Answers {
  const answers: Answers = {};
  for (const [index, id] of questionIds.entries()) {
    const roll = (n * 31 + index * 17) % 100;
    answers[id] = roll < 88 ? 'satisfied' : roll < 97 ? 'dissatisfied' : null;
  }
  return answers;
}

const latency = (sorted: number[]) => ({
  p50: round(percentile(sorted, 50)),
  p95: round(percentile(sorted, 95)),
  p99: round(percentile(sorted, 99)),
});

const scenario: BenchScenario = {
  name: 'surveys',
  description:
    'lấy ý kiến sự hài lòng: hộ gửi ý kiến bằng mã trong khi cán bộ xem kết quả (10.000 hộ)',
  async run({ quick, databaseUrl }) {
    const database = await benchDatabase(databaseUrl, 'surveys');
    const { env, open, cleanup } = database;
    // Every household of the bench answers from 127.0.0.1: the per-address limit is lifted.
    env.NTM_SURVEY_ANSWERS_PER_MINUTE = '1000000';
    try {
      const began = performance.now();
      const prepared = await prepare(open);
      const prepareS = (performance.now() - began) / 1000;
      process.stdout.write(
        `   ${HOUSEHOLDS} hộ (${VILLAGES} thôn), ${PREFILLED} đã trả lời, ${prepared.codes.length} mã, ` +
          `nhập danh sách ${round(prepared.rollImportS, 2)} s, chuẩn bị ${round(prepareS)} s\n`,
      );
      env.PORT = String(await freePort());
      const base = `http://127.0.0.1:${env.PORT}`;
      const server = await startServer(env);
      try {
        const front = await signIn(base, 'mttq.lamgiang');
        const officer = await signIn(base, 'xa.lamgiang');
        const json = { 'content-type': 'application/json', origin: base };
        const read = async <T>(url: string, cookie: string) => {
          const response = await fetch(`${base}${url}`, { headers: { cookie } });
          if (response.status !== 200) throw new Error(`${url}: ${response.status}`);
          return (await response.json()) as T;
        };
        const campaignUrl = `/api/v1/surveys/campaigns/${prepared.campaignId}`;
        const planned = await read<Campaign>(campaignUrl, front);
        const opened = await fetch(`${base}${campaignUrl}/actions`, {
          method: 'POST',
          headers: { ...json, cookie: front },
          body: JSON.stringify({ type: 'open', version: planned.version }),
        });
        if (opened.status !== 200) {
          throw new Error(`open: ${opened.status} ${await opened.text()}`);
        }
        const campaign = (await opened.json()) as Campaign;
        const questionIds = [
          ...campaign.questionnaire.questions.map((question) => question.id),
          campaign.questionnaire.overall.id,
        ];
        const tallyUrl = `${base}${campaignUrl}/tally`;
        const tallyOnce = async () => {
          const start = performance.now();
          const response = await fetch(tallyUrl, { headers: { cookie: front } });
          const body = (await response.json()) as TallyAnswer;
          return { ms: performance.now() - start, ok: response.status === 200 && body.live, body };
        };

        // Households: each request takes the next unused code.
        let next = 0;
        const answerBody = () => {
          const n = next++;
          return JSON.stringify({
            code: prepared.codes[n]!,
            clientId: `bench-household-${String(n).padStart(6, '0')}`,
            answers: answersOf(questionIds, n),
          });
        };
        const households = (durationS: number, maxRequests: number, until?: () => boolean) =>
          runLoad({
            url: `${base}/api/v1/surveys/answers`,
            method: 'POST',
            connections: WRITERS,
            durationS,
            maxRequests,
            body: answerBody,
            headers: json,
            ...(until ? { until } : {}),
          });

        // 0. The machine as it is (other work shares the 2 cores): the HTTP floor, one household.
        const floor = await runLoad({
          url: `${base}/api/health`,
          connections: WRITERS,
          durationS: 3,
        });
        const single = await runLoad({
          url: `${base}/api/v1/surveys/answers`,
          method: 'POST',
          connections: 1,
          durationS: 3,
          body: answerBody,
          headers: json,
        });

        // 1. Sustained answers, the tally read live beside them, an officer entering paper forms.
        const durationS = quick ? 8 : 20;
        const loadBefore = os.loadavg()[0]!;
        const end = performance.now() + durationS * 1000;
        const running = () => performance.now() < end;
        const liveTallies: number[] = [];
        let liveTallyErrors = 0;
        const reading = Promise.all(
          Array.from({ length: TALLY_READERS }, async (_, reader) => {
            await sleep((reader * 250) / TALLY_READERS);
            while (running()) {
              const { ms, ok } = await tallyOnce();
              liveTallies.push(ms);
              if (!ok) liveTallyErrors++;
              await sleep(250);
            }
          }),
        );
        const officerEntries: number[] = [];
        let officerErrors = 0;
        let officerTurn = 0;
        const entering = (async () => {
          while (running() && officerTurn < prepared.officerHouseholds.length) {
            const turn = officerTurn++;
            const start = performance.now();
            const response = await fetch(`${base}${campaignUrl}/answers`, {
              method: 'POST',
              headers: { ...json, cookie: officer },
              body: JSON.stringify({
                householdId: prepared.officerHouseholds[turn]!,
                channel: turn % 3 === 0 ? 'door' : 'paper',
                clientId: `bench-officer-${String(turn).padStart(6, '0')}`,
                answers: answersOf(questionIds, 100_000 + turn),
              }),
            });
            await response.arrayBuffer();
            officerEntries.push(performance.now() - start);
            if (response.status !== 200) officerErrors++;
            await sleep(200);
          }
        })();
        const sustained = await households(durationS, prepared.codes.length - LATE_CODES, running);
        await Promise.all([reading, entering]);
        const loadAfter = os.loadavg()[0]!;
        liveTallies.sort((a, b) => a - b);
        officerEntries.sort((a, b) => a - b);
        const afterSustained = (await tallyOnce()).body;
        process.stdout.write(
          `   ${sustained.requestsPerSecond} phiếu/s, p95 ${sustained.p95Ms} ms; ` +
            `đã trả lời ${afterSustained.tally.answered}/${afterSustained.tally.households}\n`,
        );

        // 2. The tally alone, one request after another.
        const samples = quick ? 10 : 20;
        const quietTallies: number[] = [];
        let quietTallyErrors = 0;
        for (let n = 0; n < samples + 2; n++) {
          const { ms, ok } = await tallyOnce();
          if (!ok) quietTallyErrors++;
          if (n >= 2) quietTallies.push(ms); // two warm-up requests
        }
        quietTallies.sort((a, b) => a - b);

        // 3. The tally, one request after another, while households answer.
        const loadedTallies: number[] = [];
        let loadedTallyErrors = 0;
        let tallying = true;
        const lateWriters = households(600, prepared.codes.length - next, () => tallying);
        await sleep(1000);
        for (let n = 0; n < samples && next < prepared.codes.length - WRITERS; n++) {
          const { ms, ok } = await tallyOnce();
          if (!ok) loadedTallyErrors++;
          loadedTallies.push(ms);
        }
        tallying = false;
        const late = await lateWriters;
        loadedTallies.sort((a, b) => a - b);
        const final = (await tallyOnce()).body;
        const peak = peakRssMb(server.pid!);

        const answeredExpected =
          PREFILLED +
          single.requests -
          single.errors +
          sustained.requests -
          sustained.errors +
          late.requests -
          late.errors +
          officerEntries.length -
          officerErrors;
        if (final.tally.answered !== answeredExpected) {
          throw new Error(
            `tally counts ${final.tally.answered} answers, ${answeredExpected} were accepted`,
          );
        }
        const live = latency(liveTallies);
        const officerLatency = latency(officerEntries);
        const quiet = latency(quietTallies);
        const loaded = latency(loadedTallies);
        return {
          surveys_households: HOUSEHOLDS,
          surveys_codes: prepared.codes.length,
          surveys_prefilled_answers: PREFILLED,
          surveys_roll_import_s: round(prepared.rollImportS, 2),
          surveys_prepare_s: round(prepareS),
          surveys_floor_per_s: floor.requestsPerSecond,
          surveys_floor_p95_ms: floor.p95Ms,
          surveys_single_answer_p50_ms: single.p50Ms,
          surveys_single_answer_p95_ms: single.p95Ms,
          surveys_single_answers_per_s: single.requestsPerSecond,
          surveys_loadavg_before: round(loadBefore, 2),
          surveys_loadavg_after: round(loadAfter, 2),
          surveys_answers_per_s: sustained.requestsPerSecond,
          surveys_answer_p50_ms: sustained.p50Ms,
          surveys_answer_p95_ms: sustained.p95Ms,
          surveys_answer_p99_ms: sustained.p99Ms,
          surveys_answers: sustained.requests,
          surveys_answer_errors: sustained.errors,
          surveys_answer_writers: WRITERS,
          surveys_answer_duration_s: durationS,
          surveys_live_tally_p50_ms: live.p50,
          surveys_live_tally_p95_ms: live.p95,
          surveys_live_tally_p99_ms: live.p99,
          surveys_live_tally_samples: liveTallies.length,
          surveys_live_tally_errors: liveTallyErrors,
          surveys_officer_entry_p50_ms: officerLatency.p50,
          surveys_officer_entry_p95_ms: officerLatency.p95,
          surveys_officer_entries: officerEntries.length,
          surveys_officer_errors: officerErrors,
          surveys_answered_after_sustained: afterSustained.tally.answered,
          surveys_tally_p50_ms: quiet.p50,
          surveys_tally_p95_ms: quiet.p95,
          surveys_tally_samples: quietTallies.length,
          surveys_tally_errors: quietTallyErrors,
          surveys_tally_loaded_p50_ms: loaded.p50,
          surveys_tally_loaded_p95_ms: loaded.p95,
          surveys_tally_loaded_samples: loadedTallies.length,
          surveys_tally_loaded_errors: loadedTallyErrors,
          surveys_late_answers_per_s: late.requestsPerSecond,
          surveys_late_answer_p95_ms: late.p95Ms,
          surveys_late_answer_errors: late.errors,
          surveys_answered_final: final.tally.answered,
          surveys_peak_rss_mb: peak,
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
