import type { FastifyInstance } from 'fastify';
import { purgeEndedSessions } from './sessions';

/** How often the server deletes sessions that ended long ago. */
export const SESSION_PURGE_INTERVAL_MS = 6 * 3600_000;
/** The first purge runs this long after start (not during start-up itself). */
export const SESSION_PURGE_FIRST_DELAY_MS = 60_000;

/**
 * Schedules the purge of ended sessions for as long as the app runs: a minute after start, then
 * every six hours; the timers never keep the process alive and stop when the app closes. A failed
 * purge is logged and tried again at the next turn.
 */
export function scheduleSessionPurge(app: FastifyInstance): void {
  let timer: NodeJS.Timeout | undefined;
  const run = async () => {
    try {
      await purgeEndedSessions(app.database.db);
    } catch (error) {
      app.log.warn({ err: error }, 'session purge failed');
    }
  };
  const first = setTimeout(() => {
    void run();
    timer = setInterval(() => void run(), SESSION_PURGE_INTERVAL_MS);
    timer.unref();
  }, SESSION_PURGE_FIRST_DELAY_MS);
  first.unref();
  app.addHook('onClose', () => {
    clearTimeout(first);
    if (timer) clearInterval(timer);
  });
}
