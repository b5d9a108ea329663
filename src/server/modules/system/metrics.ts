/**
 * In-process counters, shown by `GET /api/health`. Per process (each instance counts its own),
 * reset at restart: for watching trends, not for accounting.
 */
const counters = {
  /** Requests refused (401/403) to someone not signed in: counted here, never audit rows. */
  anonymousRefusals: 0,
};

export type Metrics = typeof counters;

export function countAnonymousRefusal(): void {
  counters.anonymousRefusals += 1;
}

export function metricsSnapshot(): Metrics {
  return { ...counters };
}
