import fs from 'node:fs';

/**
 * The recognition module's clock: deadlines, posting periods and the time of every action read it.
 * It is the real time, except in tests: unit tests shift it (`shiftRecognitionClock`), and the
 * browser tests run the server with `NTM_TEST_CLOCK_FILE` naming a file that holds a number of days
 * to add (re-read at each call), so that a 15-day posting can end within a test. The variable is
 * ignored when NODE_ENV=production.
 */

let offsetMs = 0;
const clockFile =
  process.env.NODE_ENV === 'production' ? undefined : process.env.NTM_TEST_CLOCK_FILE?.trim();

function fileOffsetMs(): number {
  if (!clockFile) return 0;
  try {
    const days = Number(fs.readFileSync(clockFile, 'utf8').trim());
    return Number.isFinite(days) ? days * 86_400_000 : 0;
  } catch {
    return 0;
  }
}

export function recognitionNow(): Date {
  return new Date(Date.now() + offsetMs + fileOffsetMs());
}

/** Tests only: moves the clock by `days` (cumulative); `resetRecognitionClock` undoes it. */
export function shiftRecognitionClock(days: number): void {
  offsetMs += days * 86_400_000;
}

export function resetRecognitionClock(): void {
  offsetMs = 0;
}
