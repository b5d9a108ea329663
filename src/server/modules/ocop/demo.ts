import { and, eq, sql } from 'drizzle-orm';
import type { RequestContext } from '../../auth/actor';
import type { Tx } from '../../db/client';
import type { SeedStep } from '../../db/seed';
import type { CouncilResult, Stars } from '../../../domain/ocop/types';
import { findUserIdByUsername } from '../accounts/holders';
import { loadActor } from '../accounts/service';
import { findUnit } from '../units/lookup';
import { todayInVietnam } from '../units/model';
import { decideApplication } from './certificates';
import { ruleVersionByCode } from './rules';
import {
  ocopApplications,
  ocopConflicts,
  ocopCouncilMembers,
  ocopProducerAccounts,
  ocopProducers,
  ocopProducts,
  ocopRounds,
  ocopSheets,
  type RegistrationForm,
} from './tables';

/**
 * OCOP demo data (demo mode only), in Xã Lâm Giang (04381), Tỉnh Lào Cai (15), under 26/2026 on
 * the shipped sheet "Rau, củ, quả, hạt tươi": the HTX Nông lâm sản Lâm Giang (account
 * `ocop.htxlamgiang`) and a household business; three products certified by the province (3★,
 * 4★, 4★: decided through `decideApplication`, so numbers, codes and validity are the real ones)
 * after a round decided two months ago; and a round in scoring with two applications, its
 * council `ocop.hoidong1` (chair), `ocop.hoidong2`, `ocop.hoidong3`, the last conflicted with one
 * product. Rows are inserted directly (producers, products, rounds, applications, the council's
 * results of the decided round), then the decisions go through the module's own service.
 */

const COMMUNE = '04381';
const PROVINCE = '15';
const RULES = '26-2026';
const SET = 'rau-cu-qua-hat-tuoi';
const SET_NAME = 'Rau, củ, quả, hạt tươi';

async function contextOf(tx: Tx, username: string): Promise<RequestContext> {
  const userId = await findUserIdByUsername(tx, username);
  const actor = userId ? await loadActor(tx, userId) : null;
  if (!actor) throw new Error(`demo account ${username} is missing`);
  return { actor, ip: null, requestId: 'demo' };
}

function addDays(iso: string, days: number): string {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

function registration(summary: string, revenue: number, workers: number): RegistrationForm {
  return { summary, annualRevenueMillion: revenue, workers, rawMaterialArea: null, samples: 5 };
}

function result(score: number, stars: Stars): CouncilResult {
  return {
    score,
    gap: 6,
    rescoreNeeded: false,
    starsByPoints: stars,
    stars,
    heldBack: [],
    disqualified: false,
    toCentral: false,
  };
}

interface DemoProduct {
  name: string;
  description: string;
  producer: 'htx' | 'household';
  standards: string[];
}

const CERTIFIED: (DemoProduct & { score: number; stars: Stars; revenue: number })[] = [
  {
    name: 'Măng tre Bát Độ Lâm Giang',
    description: 'Măng tre Bát Độ tươi, thu hái trong ngày ở vùng nguyên liệu của hợp tác xã.',
    producer: 'htx',
    standards: ['TCCS 01:2025/HTXLG'],
    score: 64.5,
    stars: 3,
    revenue: 1200,
  },
  {
    name: 'Cam sành Lâm Giang',
    description: 'Cam sành trồng theo VietGAP trên đồi xã Lâm Giang.',
    producer: 'htx',
    standards: ['VietGAP'],
    score: 76.25,
    stars: 4,
    revenue: 3400,
  },
  {
    name: 'Hạt mắc ca Lâm Giang',
    description: 'Hạt mắc ca tươi, tuyển chọn, đóng túi lưới.',
    producer: 'household',
    standards: ['TCCS 02:2025/MC'],
    score: 72,
    stars: 4,
    revenue: 850,
  },
];

const IN_ROUND: DemoProduct[] = [
  {
    name: 'Khoai sọ Lâm Giang',
    description: 'Khoai sọ đồi, củ đều, bở.',
    producer: 'htx',
    standards: ['TCCS 03:2026/HTXLG'],
  },
  {
    name: 'Bưởi đỏ Lâm Giang',
    description: 'Bưởi đỏ trồng xen rừng quế.',
    producer: 'household',
    standards: ['VietGAP'],
  },
];

export const demoOcopSeedStep: SeedStep = {
  name: 'demo-ocop',
  demoOnly: true,
  description: {
    vi: 'OCOP demo ở xã Lâm Giang: 3 sản phẩm được chứng nhận (3★, 4★, 4★), 1 đợt đang chấm điểm',
    en: 'OCOP demo in Lâm Giang commune: 3 certified products (3★, 4★, 4★), 1 round in scoring',
  },
  async run(tx) {
    const today = todayInVietnam();
    const commune = await findUnit(tx, COMMUNE, today);
    if (!commune) throw new Error(`demo unit ${COMMUNE} is missing`);
    const [sheet] = await tx
      .select({ id: ocopSheets.id })
      .from(ocopSheets)
      .where(
        and(
          eq(ocopSheets.ruleVersion, RULES),
          eq(ocopSheets.setCode, SET),
          eq(ocopSheets.state, 'published'),
        ),
      )
      .limit(1);
    if (!sheet) throw new Error(`no published sheet of ${SET} under ${RULES}`);
    const province = await contextOf(tx, 'tinh.laocai');
    const producerUser = await findUserIdByUsername(tx, 'ocop.htxlamgiang');
    const members = await Promise.all(
      ['ocop.hoidong1', 'ocop.hoidong2', 'ocop.hoidong3'].map((name) =>
        findUserIdByUsername(tx, name),
      ),
    );
    if (!producerUser || members.some((id) => !id)) throw new Error('demo OCOP accounts missing');

    const [htx] = await tx
      .insert(ocopProducers)
      .values({
        kind: 'cooperative',
        name: 'HTX Nông lâm sản Lâm Giang',
        taxCode: '5200912345',
        provinceCode: PROVINCE,
        communeUnitId: commune.id,
        address: 'Thôn Khe Dứa',
        representative: 'Hoàng Thị Mai',
        phone: '0912000111',
        email: 'htxlamgiang@example.vn',
        createdBy: province.actor!.userId,
      })
      .returning();
    const [household] = await tx
      .insert(ocopProducers)
      .values({
        kind: 'household',
        name: 'Hộ kinh doanh Lý Văn Dũng',
        provinceCode: PROVINCE,
        communeUnitId: commune.id,
        address: 'Thôn Ngòi Cát',
        representative: 'Lý Văn Dũng',
        phone: '0912000222',
        createdBy: province.actor!.userId,
      })
      .returning();
    await tx.insert(ocopProducerAccounts).values({ producerId: htx!.id, userId: producerUser });
    const producers = { htx: htx!, household: household! };

    const insertProduct = async (product: DemoProduct) => {
      const producer = producers[product.producer];
      const [row] = await tx
        .insert(ocopProducts)
        .values({
          producerId: producer.id,
          provinceCode: PROVINCE,
          communeUnitId: commune.id,
          name: product.name,
          setCode: SET,
          description: product.description,
          standards: product.standards,
          searchText: sql`ntm_fold(${`${product.name} ${producer.name} ${SET_NAME}`})`,
          createdBy: province.actor!.userId,
        })
        .returning();
      return row!;
    };

    // The round decided two months ago.
    const decidedOn = addDays(today, -60);
    /** A round of the demo province under the demo rules, with the three members as its council. */
    const insertRound = async (
      reference: string,
      name: string,
      cutoffOn: string,
      state: string,
    ) => {
      const [round] = await tx
        .insert(ocopRounds)
        .values({
          reference,
          level: 'province',
          provinceCode: PROVINCE,
          ruleVersion: RULES,
          name,
          cutoffOn,
          maxGap: ruleVersionByCode(RULES).councilMaxGap,
          state,
          createdBy: province.actor!.userId,
        })
        .returning();
      await tx.insert(ocopCouncilMembers).values(
        members.map((userId, index) => ({
          roundId: round!.id,
          userId: userId!,
          position: index === 0 ? 'chair' : 'member',
        })),
      );
      return round!;
    };
    const decided = await insertRound(
      'OCOP-15-DEMO-1',
      'Đợt đánh giá, phân hạng sản phẩm OCOP tỉnh Lào Cai (demo, đã quyết định)',
      addDays(decidedOn, -30),
      'decided',
    );
    const certificates: string[] = [];
    for (const [index, product] of CERTIFIED.entries()) {
      const row = await insertProduct(product);
      const [application] = await tx
        .insert(ocopApplications)
        .values({
          reference: `OCOP-15-DEMO-A${index + 1}`,
          productId: row.id,
          provinceCode: PROVINCE,
          communeUnitId: commune.id,
          kind: 'first',
          ruleVersion: RULES,
          sheetId: sheet.id,
          registration: registration(product.description, product.revenue, 6 + index),
          roundId: decided.id,
          result: result(product.score, product.stars),
          state: 'scored',
          submittedAt: new Date(`${addDays(decidedOn, -50)}T02:00:00Z`),
          createdBy: producerUser,
        })
        .returning();
      const certificate = await decideApplication(tx, province, application!.id, {
        decisionNumber: `${1520 + index}/QĐ-UBND`,
        decidedOn,
        signer: 'Nguyễn Văn A (Phó Chủ tịch UBND tỉnh, demo)',
        stars: product.stars,
        version: application!.version,
      });
      certificates.push(`${certificate.number} ${certificate.product.code}`);
    }

    // The round in scoring.
    const scoring = await insertRound(
      'OCOP-15-DEMO-2',
      'Đợt đánh giá, phân hạng sản phẩm OCOP tỉnh Lào Cai (demo, đang chấm)',
      addDays(today, -5),
      'scoring',
    );
    const inRound: string[] = [];
    for (const [index, product] of IN_ROUND.entries()) {
      const row = await insertProduct(product);
      const [application] = await tx
        .insert(ocopApplications)
        .values({
          reference: `OCOP-15-DEMO-B${index + 1}`,
          productId: row.id,
          provinceCode: PROVINCE,
          communeUnitId: commune.id,
          kind: 'first',
          ruleVersion: RULES,
          sheetId: sheet.id,
          registration: registration(product.description, 400 + 100 * index, 4),
          roundId: scoring.id,
          state: 'scoring',
          submittedAt: new Date(`${addDays(today, -20)}T02:00:00Z`),
          createdBy: producerUser,
        })
        .returning();
      inRound.push(application!.id);
    }
    // ocop.hoidong3 grows pomelos with the household next door: conflicted with "Bưởi đỏ".
    await tx.insert(ocopConflicts).values({
      roundId: scoring.id,
      userId: members[2]!,
      applicationId: inRound[1]!,
      reason: 'Thành viên có quan hệ họ hàng với chủ thể (demo)',
      declaredBy: members[2]!,
    });
    return { certificates, round: scoring.reference, applicationsInScoring: inRound.length };
  },
};
