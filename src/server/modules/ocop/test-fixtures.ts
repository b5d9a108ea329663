import { sql } from 'drizzle-orm';
import type { CouncilResult, Stars } from '../../../domain/ocop/types';
import type { Executor } from '../../db/client';
import { findUnit } from '../units/lookup';
import { todayInVietnam } from '../units/model';
import { insertPublishedSheet, testSheet } from './test-support';
import { ocopApplications, ocopProducers, ocopProducts, ocopRounds } from './tables';

/**
 * For the tests of decisions, certificates and the catalogue: a producer, a product and an
 * application of Xã Lâm Giang (04381, Tỉnh Lào Cai 15) already scored by a provincial (or the
 * centre's) round, inserted directly.
 */

let counter = 0;

export interface ScoredFixture {
  applicationId: string;
  productId: string;
  producerId: string;
  roundId: string;
  version: number;
}

export async function scoredApplication(
  executor: Executor,
  options: {
    stars: Stars | null;
    score?: number;
    state?: string;
    level?: 'province' | 'central';
    ruleVersion?: string;
    productName?: string;
    producerName?: string;
    setCode?: string;
    revenue?: number;
  },
): Promise<ScoredFixture> {
  counter++;
  const tag = `${Date.now().toString(36)}${counter}`;
  const ruleVersion = options.ruleVersion ?? '26-2026';
  const setCode = options.setCode ?? 'rau-cu-qua-hat-tuoi';
  const commune = await findUnit(executor, '04381', todayInVietnam());
  if (!commune) throw new Error('unit 04381 missing');
  const sheetId = await insertPublishedSheet(
    executor,
    testSheet(ruleVersion, setCode, `fixture-${tag}`),
  );
  const producerName = options.producerName ?? `HTX thử ${tag}`;
  const [producer] = await executor
    .insert(ocopProducers)
    .values({
      kind: 'cooperative',
      name: producerName,
      provinceCode: '15',
      communeUnitId: commune.id,
      address: 'Thôn Khe Mạ',
      representative: 'Nguyễn Văn Đại Diện',
      phone: '0987654321',
      email: 'daidien@example.vn',
    })
    .returning();
  const productName = options.productName ?? `Sản phẩm thử ${tag}`;
  const [product] = await executor
    .insert(ocopProducts)
    .values({
      producerId: producer!.id,
      provinceCode: '15',
      communeUnitId: commune.id,
      name: productName,
      setCode,
      searchText: sql`ntm_fold(${`${productName} ${producerName}`})`,
    })
    .returning();
  const level = options.level ?? 'province';
  const [round] = await executor
    .insert(ocopRounds)
    .values({
      reference: `R-${tag}`,
      level,
      provinceCode: level === 'province' ? '15' : null,
      ruleVersion,
      name: `Đợt thử ${tag}`,
      cutoffOn: '2026-06-30',
      maxGap: 10,
      state: 'scoring',
    })
    .returning();
  const result: CouncilResult | null =
    options.stars === undefined
      ? null
      : {
          score: options.score ?? 75,
          gap: 4,
          rescoreNeeded: false,
          starsByPoints: options.stars ?? 1,
          stars: options.stars,
          heldBack: [],
          disqualified: options.stars === null,
          toCentral: (options.score ?? 75) >= 90,
        };
  const [application] = await executor
    .insert(ocopApplications)
    .values({
      reference: `A-${tag}`,
      productId: product!.id,
      provinceCode: '15',
      communeUnitId: commune.id,
      kind: 'first',
      ruleVersion,
      sheetId,
      registration: {
        summary: 'Thử',
        annualRevenueMillion: options.revenue ?? 500,
        workers: 3,
        rawMaterialArea: null,
        samples: 5,
      },
      roundId: round!.id,
      result,
      state: options.state ?? 'scored',
    })
    .returning();
  return {
    applicationId: application!.id,
    productId: product!.id,
    producerId: producer!.id,
    roundId: round!.id,
    version: application!.version,
  };
}
