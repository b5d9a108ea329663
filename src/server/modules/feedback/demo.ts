import type { RequestContext } from '../../auth/actor';
import { systemContext } from '../../auth/actor';
import type { Tx } from '../../db/client';
import type { SeedStep } from '../../db/seed';
import { findUserIdByUsername } from '../accounts/holders';
import { loadActor } from '../accounts/service';
import { markNotificationsRead } from '../notifications/service';
import type { CreateReportBody } from './api';
import { actOnReport, createReport, officeReport } from './service';

/**
 * Demo community reports (demo mode only) for Xã Lâm Giang, Lào Cai, the demo commune officer's
 * commune: one closed with the commune's answer, one answered, one in progress, one waiting in
 * the moderation queue, one rejected as spam, from a named reporter and from anonymous ones.
 */

const UNIT = '04381';

async function contextOf(tx: Tx, username: string): Promise<RequestContext> {
  const userId = await findUserIdByUsername(tx, username);
  const actor = userId ? await loadActor(tx, userId) : null;
  if (!actor) throw new Error(`demo account ${username} is missing`);
  return { actor, ip: null, requestId: 'demo' };
}

const reports: Array<{
  body: Omit<CreateReportBody, 'unit' | 'clientKey' | 'photos'>;
  steps: Array<{
    type: 'accept' | 'start' | 'answer' | 'resolve' | 'close' | 'reject';
    text?: string;
  }>;
}> = [
  {
    body: {
      village: 'Thôn Khe Dứa',
      category: 'public_works',
      text: 'Đoạn đường bê tông từ nhà văn hóa thôn Khe Dứa ra cầu tràn bị sụt lún khoảng 20 m sau mưa lớn, xe máy đi lại nguy hiểm.',
      anonymous: false,
      reporterName: 'Nguyễn Văn Hùng',
      reporterPhone: '0912 000 111',
    },
    steps: [
      { type: 'start' },
      {
        type: 'answer',
        text: 'UBND xã đã kiểm tra hiện trường, giao tổ công trình sửa chữa đoạn sụt lún trong tuần tới.',
      },
      { type: 'resolve', text: 'Đã đổ bê tông lại đoạn đường bị sụt lún.' },
      { type: 'close', text: 'Xã kết thúc phản ánh. Cảm ơn bà con đã phản ánh.' },
    ],
  },
  {
    body: {
      village: 'Thôn Đồng Song',
      category: 'criterion',
      criterionCode: '17',
      text: 'Điểm tập kết rác đầu thôn Đồng Song lâu ngày không được thu gom, bốc mùi, ảnh hưởng tới các hộ xung quanh.',
      anonymous: true,
    },
    steps: [
      { type: 'accept' },
      {
        type: 'answer',
        text: 'Xã đã đề nghị đơn vị thu gom tăng lên 2 lần mỗi tuần, bắt đầu từ thứ Hai tới.',
      },
    ],
  },
  {
    body: {
      village: 'Thôn Ngòi Cát',
      category: 'public_works',
      text: 'Kênh mương nội đồng thôn Ngòi Cát bị bồi lấp, nước không vào được ruộng vụ chiêm.',
      anonymous: true,
      byBoard: true,
    },
    steps: [{ type: 'start' }],
  },
  {
    body: {
      village: 'Thôn Khe Mạ',
      category: 'other',
      text: 'Đèn chiếu sáng ở ngã ba thôn Khe Mạ bị hỏng đã hai tuần, buổi tối học sinh đi học về rất tối.',
      anonymous: true,
    },
    steps: [],
  },
  {
    body: {
      category: 'other',
      text: 'Bán đất nền giá rẻ, liên hệ ngay để được chiết khấu cao, số lượng có hạn!!!',
      anonymous: true,
    },
    steps: [{ type: 'reject' }],
  },
];

export const demoFeedbackSeedStep: SeedStep = {
  name: 'demo-feedback',
  demoOnly: true,
  description: {
    vi: 'Phản ánh cộng đồng demo của xã Lâm Giang, tỉnh Lào Cai (ở các trạng thái khác nhau)',
    en: 'Demo community reports of Lâm Giang commune, Lào Cai (in several states)',
  },
  async run(tx) {
    const officer = await contextOf(tx, 'xa.lamgiang');
    let created = 0;
    for (const [index, item] of reports.entries()) {
      const { code } = await createReport(
        tx,
        systemContext('demo'),
        { ...item.body, unit: UNIT, clientKey: crypto.randomUUID(), photos: [] },
        { ip: `demo-${index}`, deviceId: null },
        [],
      );
      created++;
      for (const step of item.steps) {
        const current = await officeReport(tx, officer, code);
        await actOnReport(tx, officer, code, {
          type: step.type,
          version: current.version,
          ...(step.text ? { text: step.text } : {}),
          ...(step.type === 'reject' ? { reason: 'spam' as const } : {}),
        });
      }
    }
    // The demo's history was seen: the bell counts only what happens after.
    await markNotificationsRead(tx, officer, null);
    return { reports: created };
  },
};
