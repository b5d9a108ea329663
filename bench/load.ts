import { Agent, request } from 'undici';

export interface LoadResult {
  requests: number;
  errors: number;
  requestsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
}

/** The p-th percentile (0–100) of sorted latencies, nearest-rank. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/**
 * Closed-loop load on loopback: `connections` clients each send the next request when the last
 * one answers, for `durationS` seconds (bounded in time and count). Latencies in milliseconds.
 */
export async function runLoad(options: {
  url: string | (() => string);
  connections: number;
  durationS: number;
  maxRequests?: number;
  method?: 'GET' | 'PUT' | 'POST';
  body?: () => string;
  headers?: Record<string, string>;
  /** Stops the clients as soon as this answers false (besides the duration and the count). */
  until?: () => boolean;
}): Promise<LoadResult> {
  const target = typeof options.url === 'string' ? () => options.url as string : options.url;
  const first = new URL(target());
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(first.hostname)) {
    throw new Error('load tests only target loopback');
  }
  const dispatcher = new Agent({ connections: options.connections, pipelining: 1 });
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + options.durationS * 1000;
  const maxRequests = options.maxRequests ?? 1_000_000;
  let sent = 0;
  const began = performance.now();
  const client = async () => {
    const going = options.until ?? (() => true);
    while (performance.now() < deadline && sent < maxRequests && going()) {
      sent++;
      const start = performance.now();
      try {
        const response = await request(target(), {
          dispatcher,
          method: options.method ?? 'GET',
          ...(options.body ? { body: options.body() } : {}),
          ...(options.headers ? { headers: options.headers } : {}),
        });
        await response.body.dump();
        if (response.statusCode >= 400) errors++;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - start);
    }
  };
  await Promise.all(Array.from({ length: options.connections }, client));
  const elapsedS = (performance.now() - began) / 1000;
  await dispatcher.close();
  latencies.sort((a, b) => a - b);
  const round = (value: number) => Math.round(value * 100) / 100;
  return {
    requests: latencies.length,
    errors,
    requestsPerSecond: Math.round(latencies.length / elapsedS),
    p50Ms: round(percentile(latencies, 50)),
    p95Ms: round(percentile(latencies, 95)),
    p99Ms: round(percentile(latencies, 99)),
  };
}
