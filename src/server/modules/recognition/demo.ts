import { syntheticValues } from '../../../domain/values';
import type { RequestContext } from '../../auth/actor';
import { systemContext } from '../../auth/actor';
import type { Tx } from '../../db/client';
import type { SeedStep } from '../../db/seed';
import { loadConfig } from '../../config';
import { createFileStore, filesDirectoryFor } from '../../files/store';
import { createUserAsOperator, loadActor } from '../accounts/service';
import { findUserIdByUsername } from '../accounts/holders';
import { loadPublishedSet } from '../criteria/sets';
import { markNotificationsRead } from '../notifications/service';
import { listUnits } from '../units/service';
import { readUnitData, writeValues } from '../values/service';
import { resolveTarget } from '../values/target';
import type { ActionBody } from './api';
import { resetRecognitionClock, shiftRecognitionClock } from './clock';
import { attachDocument, documentsOf, moderateComment, postComment } from './documents';
import { sweepRevocationAlerts } from './inbox';
import { actOnDossier, openDossier } from './service';
import { loadDossierRow } from './dossiers';

/**
 * Demo dossiers (demo mode only) in the demo province, Lào Cai, 2025 data of communes that meet
 * every criterion in the synthetic values: one recognised and published (decision PDF), whose later
 * data then fall under the revocation rule (an alert for the province); one awaiting the
 * province's verification; one posted publicly with a citizen's answered comment; one returned
 * to the commune with reasons; and one commune meeting every criterion with no dossier yet, ready to
 * apply. Each commune gets a demo officer account (xa.demo.<code>). The
 * history is dated in the past (the module clock is moved back while the seed runs).
 */

const DEMO_SET = 'xa-ntm-2021-2025';
const PASSWORD = 'NongThonMoi2025';
const pdfBytes = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>' +
    'endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

async function contextOf(tx: Tx, username: string): Promise<RequestContext> {
  const userId = await findUserIdByUsername(tx, username);
  const actor = userId ? await loadActor(tx, userId) : null;
  if (!actor) throw new Error(`demo account ${username} is missing`);
  return { actor, ip: null, requestId: 'demo' };
}

export const demoRecognitionSeedStep: SeedStep = {
  name: 'demo-recognition',
  demoOnly: true,
  description: {
    vi: 'Hồ sơ công nhận demo của các xã tỉnh Lào Cai (ở các bước khác nhau, một xã đã công nhận)',
    en: 'Demo recognition dossiers of Lào Cai communes (at several steps, one recognised)',
  },
  async run(tx, progress) {
    const set = await loadPublishedSet(tx, DEMO_SET);
    const communes = await listUnits(tx, {
      level: 'commune',
      parentCode: '15',
      asOf: '2025-12-31',
      page: 1,
      pageSize: 500,
    });
    const chosen: Array<{ code: string; name: string }> = [];
    for (const unit of communes.items) {
      if (unit.code === '04381' || unit.kind !== 'xa') continue;
      const data = await readUnitData(tx, unit.code, DEMO_SET, 2025).catch(() => null);
      if (data?.evaluation.outcome === 'met' && data.submission.status === 'draft')
        chosen.push({ code: unit.code, name: unit.name });
      if (chosen.length === 5) break;
    }
    if (chosen.length < 5) return { dossiers: 0, note: 'not enough communes meeting the set' };
    // The decision PDFs go where the app keeps files (`<data dir>/files`).
    const store = createFileStore(
      filesDirectoryFor(loadConfig(process.env).dataDir, { engine: 'demo', location: 'disk' })
        .directory,
    );
    const province = await contextOf(tx, 'tinh.laocai');
    const sector = await contextOf(tx, 'so.laocai');
    const appraiser = await contextOf(tx, 'thamdinh.laocai');
    const officers: RequestContext[] = [];
    for (const commune of chosen) {
      const username = `xa.demo.${commune.code}`;
      await createUserAsOperator(tx, systemContext('seed'), {
        username,
        displayName: `Cán bộ ${commune.name} (demo)`,
        password: PASSWORD,
        unitCode: commune.code,
        roles: [{ role: 'commune', unitCode: commune.code }],
      });
      officers.push(await contextOf(tx, username));
    }
    let version = 0;
    let dossierId = '';
    const act = async (
      context: RequestContext,
      type: ActionBody['type'],
      payload: Record<string, unknown> = {},
      reason?: string,
    ) => {
      await actOnDossier(
        tx,
        context,
        store,
        dossierId,
        { type, version, payload, ...(reason ? { reason } : {}) },
        'vi',
      );
      version = (await loadDossierRow(tx, dossierId)).version;
    };
    const attach = async (context: RequestContext, documentCode: string) => {
      await attachDocument(
        tx,
        context,
        store,
        dossierId,
        { documentCode, version, name: `${documentCode}.pdf`, bytes: pdfBytes },
        'vi',
      );
      const row = await loadDossierRow(tx, dossierId);
      version = row.version;
    };
    const documentIdOf = async (code: string) => {
      return (await documentsOf(tx, dossierId, false)).find((d) => d.documentCode === code)!.id;
    };
    const open = async (officer: RequestContext, code: string) => {
      dossierId = await openDossier(
        tx,
        officer,
        { unit: code, kind: 'commune_ntm', year: 2025 },
        'vi',
      );
      version = (await loadDossierRow(tx, dossierId)).version;
    };
    const throughPosting = async (officer: RequestContext, comment?: string) => {
      await act(officer, 'proceed');
      if (comment) {
        const posted = await postComment(
          tx,
          { actor: null, ip: '198.51.100.7', requestId: 'demo' },
          dossierId,
          {
            authorName: 'Người dân thôn Khe Dứa',
            body: comment,
          },
        );
        await moderateComment(tx, officer, dossierId, posted.id, {
          status: 'published',
          answer: 'Xã đã tiếp thu và đưa vào kế hoạch năm 2026.',
          version: posted.version,
        });
      }
    };
    const toSubmission = async (officer: RequestContext) => {
      shiftRecognitionClock(16);
      await act(officer, 'proceed');
      await attach(officer, 'other');
      await act(officer, 'record_opinion', {
        organisation: 'Ủy ban MTTQ Việt Nam xã',
        summary: 'Nhất trí đề nghị xét, công nhận xã đạt chuẩn nông thôn mới.',
        fileId: await documentIdOf('other'),
      });
      await act(officer, 'proceed');
      await attach(officer, 'bao_cao_mttq');
      await act(officer, 'record_satisfaction', {
        source: 'paper',
        coverage: 88.4,
        satisfied: 96.1,
        passed: true,
        fileId: await documentIdOf('bao_cao_mttq'),
      });
      await act(officer, 'proceed');
      for (const code of [
        'to_trinh',
        'bao_cao_tieu_chi',
        'bao_cao_no_dong',
        'bien_ban_hop',
        'bao_cao_hai_long',
      ]) {
        await attach(officer, code);
      }
      await act(officer, 'declare_condition', { condition: 'no_construction_debt', holds: true });
      await act(officer, 'declare_condition', { condition: 'no_security_issue', holds: true });
      await act(officer, 'proceed');
    };

    try {
      // 1. Recognised: the whole procedure, months ago; then its data fall under revocation.
      shiftRecognitionClock(-120);
      const [first, second, third, fourth] = chosen as [
        (typeof chosen)[0],
        (typeof chosen)[0],
        (typeof chosen)[0],
        (typeof chosen)[0],
      ];
      await open(officers[0]!, first.code);
      await throughPosting(officers[0]!, 'Đề nghị xã tiếp tục nâng cấp đường vào thôn.');
      await toSubmission(officers[0]!);
      await attach(province, 'bao_cao_tham_tra');
      await act(province, 'proceed');
      for (const criterion of set.definition.criteria) {
        await act(sector, 'review_criterion', { criterion: criterion.code, verdict: 'pass' });
      }
      await act(province, 'proceed');
      await act(appraiser, 'record_council', {
        heldOn: '2025-11-20',
        members: [
          {
            name: 'Vũ Thị Hoa',
            position: 'Phó Chủ tịch UBND tỉnh, Chủ tịch Hội đồng',
            present: true,
            vote: 'for',
          },
          {
            name: 'Lê Văn Cường',
            position: 'Giám đốc Sở Nông nghiệp và Môi trường',
            present: true,
            vote: 'for',
          },
          {
            name: 'Trần Văn Dũng',
            position: 'Chánh Văn phòng Điều phối NTM tỉnh',
            present: true,
            vote: 'for',
          },
        ],
      });
      await act(appraiser, 'proceed');
      await act(province, 'record_decision', {
        number: '2150/QĐ-UBND',
        issuedOn: '2025-12-05',
        effectiveOn: '2025-12-05',
        signer: 'Nguyễn Văn Hùng (demo)',
        signerTitle: 'Phó Chủ tịch',
      });
      await act(province, 'proceed');
      await act(province, 'publish');
      progress({ task: 'Hồ sơ công nhận demo', done: 1, total: 4 });
      resetRecognitionClock();
      // Later data of that commune: 10 of 19 criteria not met (revocation rule of 18/2022).
      const target = await resolveTarget(tx, first.code, DEMO_SET, 2025);
      const failing = syntheticValues(set.compiled, {
        unitCode: first.code,
        unitClass: target.unitClass,
        year: 2025,
        metShare: 0,
        failingCriteria: 10,
        missingShare: 0,
        seed: 'demo-revocation',
      });
      await writeValues(
        tx,
        systemContext('Dữ liệu demo'),
        target,
        [...failing].map(([indicator, value]) => ({ indicator, value })),
        { source: 'import' },
      );
      const watch = await sweepRevocationAlerts(tx);

      // 2. Awaiting the province's verification, sent five weeks ago: overdue.
      shiftRecognitionClock(-50);
      await open(officers[1]!, second.code);
      await throughPosting(officers[1]!);
      await toSubmission(officers[1]!);
      resetRecognitionClock();
      progress({ task: 'Hồ sơ công nhận demo', done: 2, total: 4 });

      // 3. Posted publicly now, with a citizen's comment answered by the commune.
      await open(officers[2]!, third.code);
      await throughPosting(officers[2]!, 'Nhà văn hóa thôn Làng Mới cần thêm bàn ghế.');
      progress({ task: 'Hồ sơ công nhận demo', done: 3, total: 4 });

      // 4. Returned by the province with reasons per criterion.
      shiftRecognitionClock(-40);
      await open(officers[3]!, fourth.code);
      await throughPosting(officers[3]!);
      await toSubmission(officers[3]!);
      await act(
        province,
        'return',
        {
          criteria: [
            { criterion: '2', reason: 'Thiếu biên bản nghiệm thu tuyến đường trục thôn Nậm Chày' },
            { criterion: '17', reason: 'Bổ sung kết quả quan trắc chất lượng nước sinh hoạt' },
          ],
        },
        'Hồ sơ chưa đủ minh chứng ở hai tiêu chí',
      );
      progress({ task: 'Hồ sơ công nhận demo', done: 4, total: 4 });
      // The demo's history was seen: its notifications are read (the inbox still lists the work).
      for (const context of [
        province,
        sector,
        appraiser,
        ...officers,
        await contextOf(tx, 'admin'),
      ]) {
        await markNotificationsRead(tx, context, null);
      }
      return { dossiers: 4, recognised: first.code, alerts: watch.raised, ready: chosen[4]!.code };
    } finally {
      resetRecognitionClock();
    }
  },
};
