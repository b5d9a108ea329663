import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { scoreSheetSchema } from '../../../domain/ocop/sheet';
import type { ScoreSheet } from '../../../domain/ocop/types';
import type { Executor } from '../../db/client';
import { ocopSheets } from './tables';

/**
 * For tests: a published score sheet in `ocop_sheet`, either a small synthetic one whose points
 * are easy to reason about or a shipped file of `data/ocop/sheets/`, inserted directly (without
 * the import and publish routes).
 */

/**
 * A sheet of 100 points: A1 (0/10/20), A2 (0/10/20), B1 (0/5/15/25), C1 (0/10/20/35). Reaching 3★
 * needs C1 at 20 or more (`c1.20`, `c1.35`); A2's `a2.x` (0 points) disqualifies.
 */
export function testSheet(
  ruleVersion: string,
  setCode: string,
  code = `test-${setCode}`,
): ScoreSheet {
  const option = (criterion: string, points: number) => ({
    code: `${criterion}.${points}`,
    label: `${points} điểm`,
    points,
  });
  return {
    code,
    version: 1,
    ruleVersion,
    setCode,
    name: `Phiếu thử ${setCode}`,
    verified: false,
    source: 'test',
    parts: [
      {
        part: 'A',
        label: 'Sản phẩm và sức mạnh cộng đồng',
        points: 40,
        sections: [
          {
            code: 'A.1',
            label: 'Tổ chức sản xuất',
            points: 40,
            criteria: [
              {
                code: 'a1',
                label: 'Nguồn nguyên liệu',
                points: 20,
                options: [0, 10, 20].map((p) => option('a1', p)),
              },
              {
                code: 'a2',
                label: 'Liên kết sản xuất',
                points: 20,
                options: [
                  ...[0, 10, 20].map((p) => option('a2', p)),
                  { code: 'a2.x', label: 'Vi phạm', points: 0, disqualifies: true },
                ],
              },
            ],
          },
        ],
      },
      {
        part: 'B',
        label: 'Khả năng tiếp thị',
        points: 25,
        sections: [
          {
            code: 'B.1',
            label: 'Tiếp thị',
            points: 25,
            criteria: [
              {
                code: 'b1',
                label: 'Kênh phân phối',
                points: 25,
                options: [0, 5, 15, 25].map((p) => option('b1', p)),
              },
            ],
          },
        ],
      },
      {
        part: 'C',
        label: 'Chất lượng sản phẩm',
        points: 35,
        sections: [
          {
            code: 'C.1',
            label: 'Chất lượng',
            points: 35,
            criteria: [
              {
                code: 'c1',
                label: 'Chỉ tiêu an toàn thực phẩm',
                points: 35,
                options: [0, 10, 20, 35].map((p) => option('c1', p)),
                requirements: [{ stars: 3, options: ['c1.20', 'c1.35'] }],
              },
            ],
          },
        ],
      },
    ],
  };
}

/** Inserts a sheet as published; returns its id. */
export async function insertPublishedSheet(
  executor: Executor,
  sheet: ScoreSheet,
  source = 'test',
): Promise<string> {
  const [row] = await executor
    .insert(ocopSheets)
    .values({
      code: sheet.code,
      version: sheet.version,
      ruleVersion: sheet.ruleVersion,
      setCode: sheet.setCode,
      name: sheet.name,
      body: sheet,
      verified: sheet.verified,
      state: 'published',
      source,
      publishedAt: new Date(),
    })
    .returning({ id: ocopSheets.id });
  return row!.id;
}

/** A shipped sheet (`data/ocop/sheets/<name>.yaml`), parsed and checked by its schema. */
export function shippedSheet(name: string): ScoreSheet {
  const file = fileURLToPath(new URL(`../../../../data/ocop/sheets/${name}.yaml`, import.meta.url));
  return scoreSheetSchema.parse(parse(fs.readFileSync(file, 'utf8')));
}

/** The choices that pick, for every criterion, the option with these points (or the nearest below). */
export function choicesWithPoints(
  sheet: ScoreSheet,
  points: Record<string, number>,
): Record<string, string> {
  const choices: Record<string, string> = {};
  for (const part of sheet.parts)
    for (const section of part.sections)
      for (const criterion of section.criteria) {
        const wanted = points[criterion.code] ?? 0;
        const option = criterion.options
          .filter((item) => !item.disqualifies && item.points <= wanted)
          .sort((a, b) => b.points - a.points)[0];
        if (option) choices[criterion.code] = option.code;
      }
  return choices;
}
