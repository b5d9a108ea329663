import type { SeedStep } from '../../db/seed';
import { loadShippedTargets } from './service';

/** The programme targets of `data/targets/` (263/QĐ-TTg, 924/QĐ-TTg). */
export const targetsSeedStep: SeedStep = {
  name: 'targets-shipped',
  demoOnly: false,
  description: {
    vi: 'Mục tiêu của Chương trình (263/QĐ-TTg, 924/QĐ-TTg) từ data/targets',
    en: 'Programme targets (263/QĐ-TTg, 924/QĐ-TTg) from data/targets',
  },
  async run(tx, progress) {
    const count = await loadShippedTargets(tx);
    progress({ task: 'Mục tiêu chương trình', done: 1, total: 1 });
    return { targets: count };
  },
};
