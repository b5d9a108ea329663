/** First wait before trying a failed save again, and the longest wait between two tries. */
export const RETRY_FIRST_MS = 1_000;
export const RETRY_MAX_MS = 30_000;

/**
 * How long to wait before try number `attempt` (1 = the first retry): 1 s, 2 s, 4 s… up to 30 s,
 * spread by ±20 % (`random` in [0, 1)) so that phones coming back online do not all retry at once.
 */
export function retryDelay(attempt: number, random: number = Math.random()): number {
  const exponent = Math.max(0, Math.min(attempt - 1, 30));
  const base = Math.min(RETRY_FIRST_MS * 2 ** exponent, RETRY_MAX_MS);
  const spread = 0.8 + 0.4 * Math.min(Math.max(random, 0), 1);
  return Math.round(base * spread);
}
