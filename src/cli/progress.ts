import type { ProgressReporter } from '../server/db/seed';

/**
 * A progress bar on stderr for long work. On a terminal it redraws one line; elsewhere (logs, CI)
 * it prints a line at every tenth, so output stays short.
 */
export function createProgressBar(stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  let lastTask = '';
  let lastTenth = -1;
  return ({ task, done, total }) => {
    const ratio = total > 0 ? Math.min(1, done / total) : 1;
    const percent = Math.floor(ratio * 100);
    if (stream.isTTY) {
      const width = 30;
      const filled = Math.round(ratio * width);
      const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
      stream.write(`\r${task} ${bar} ${percent}% (${done}/${total})`);
      if (done >= total) stream.write('\n');
      return;
    }
    const tenth = Math.floor(percent / 10);
    if (task !== lastTask || tenth !== lastTenth || done >= total) {
      if (task === lastTask && tenth === lastTenth && done < total) return;
      stream.write(`${task}: ${percent}% (${done}/${total})\n`);
      lastTask = task;
      lastTenth = tenth;
    }
  };
}
