import type { RequestContext } from '../../auth/actor';
import type { Tx } from '../../db/client';
import type { SeedStep } from '../../db/seed';
import { findUserIdByUsername } from '../accounts/holders';
import { loadActor } from '../accounts/service';
import { findUnit } from '../units/lookup';
import { loadConfig } from '../../config';
import { createFileStore, filesDirectoryFor } from '../../files/store';
import type { Answers } from '../../../domain/surveys/types';
import { submitOfficerAnswer } from './answers';
import { createCampaign, loadCampaignRow, surveyToday } from './campaigns';
import { addHouseholds } from './roll';
import { actOnCampaign } from './service';
import { surveyHouseholds } from './tables';
import { eq } from 'drizzle-orm';

/**
 * A demo survey (demo mode only): the Front committee of Xã Lâm Giang (mttq.lamgiang) runs a
 * standalone campaign opened today over three villages' 45 households; 26 have answered so far —
 * door to door on a phone and paper forms typed in by the commune officer — so the live tally has
 * something to show and still falls short of the 70 % coverage. Codes are not issued (their text
 * would live only in a PDF nobody has): the demo officer prints the slips from the campaign page.
 */

const UNIT = '04381';
const VILLAGES = ['Thôn Khe Dứa', 'Thôn Khe Mạ', 'Thôn Ngòi Cát'];
const HEADS = [
  'Hoàng Văn Bình',
  'Nguyễn Thị Cúc',
  'Lý Văn Dũng',
  'Triệu Thị Hà',
  'Bàn Văn Hùng',
  'Đặng Thị Lan',
  'Phùng Văn Minh',
  'Lò Thị Nga',
  'Vi Văn Phúc',
  'Hà Thị Quyên',
  'Sầm Văn Sơn',
  'Nông Thị Thảo',
  'La Văn Toàn',
  'Mã Thị Uyên',
  'Lục Văn Vinh',
];

async function contextOf(tx: Tx, username: string): Promise<RequestContext> {
  const userId = await findUserIdByUsername(tx, username);
  const actor = userId ? await loadActor(tx, userId) : null;
  if (!actor) throw new Error(`demo account ${username} is missing`);
  return { actor, ip: null, requestId: 'demo' };
}

export const demoSurveysSeedStep: SeedStep = {
  name: 'demo-surveys',
  demoOnly: true,
  description: {
    vi: 'Đợt lấy ý kiến sự hài lòng demo của xã Lâm Giang (đang lấy ý kiến, 26/45 hộ đã trả lời)',
    en: 'A demo satisfaction survey of Lâm Giang commune (open, 26 of 45 households answered)',
  },
  async run(tx) {
    const front = await contextOf(tx, 'mttq.lamgiang');
    const officer = await contextOf(tx, 'xa.lamgiang');
    const today = surveyToday();
    const unit = await findUnit(tx, UNIT, today);
    if (!unit) throw new Error(`demo unit ${UNIT} is missing`);
    const id = await createCampaign(tx, front, {
      unitId: unit.id,
      purpose: 'standalone',
      opensOn: today,
    });
    let campaign = await loadCampaignRow(tx, id);
    await addHouseholds(
      tx,
      front,
      id,
      {
        version: campaign.version,
        households: VILLAGES.flatMap((village, v) =>
          HEADS.map((head, h) => ({
            village,
            householdCode: `${['KD', 'KM', 'NC'][v]}${String(h + 1).padStart(2, '0')}`,
            headName: head,
            address: `${village}, xã Lâm Giang`,
          })),
        ),
      },
      'vi',
    );
    campaign = await loadCampaignRow(tx, id);
    // Opening writes no file; the store is the app's (`<data dir>/files`) all the same.
    const store = createFileStore(
      filesDirectoryFor(loadConfig(process.env).dataDir, { engine: 'demo', location: 'disk' })
        .directory,
    );
    await actOnCampaign(tx, front, store, id, { type: 'open', version: campaign.version }, 'vi');
    campaign = await loadCampaignRow(tx, id);
    const households = await tx
      .select({ id: surveyHouseholds.id })
      .from(surveyHouseholds)
      .where(eq(surveyHouseholds.campaignId, id))
      .orderBy(surveyHouseholds.village, surveyHouseholds.householdCode);
    const ids = campaign.questionnaire.questions.map((question) => question.id);
    let answered = 0;
    for (const [index, household] of households.entries()) {
      // 26 of 45: most of Khe Dứa and Khe Mạ, few in Ngòi Cát (where the group has not been yet).
      if (index % 15 >= (index < 30 ? 11 : 4)) continue;
      const answers: Answers = {};
      ids.forEach((question, q) => {
        answers[question] = (index * 7 + q * 3) % 17 === 0 ? 'dissatisfied' : 'satisfied';
      });
      answers[campaign.questionnaire.overall.id] = index % 13 === 5 ? 'dissatisfied' : 'satisfied';
      if (index % 9 === 4) answers[ids[6]!] = null;
      const paper = index % 4 === 0;
      await submitOfficerAnswer(tx, paper ? officer : front, id, {
        householdId: household.id,
        channel: paper ? 'paper' : 'door',
        clientId: `demo-${id.slice(0, 8)}-${household.id}`,
        answers,
      });
      answered++;
    }
    return { campaign: campaign.reference, households: households.length, answered };
  },
};
