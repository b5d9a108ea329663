/**
 * Which servers are draining: shutting down, still answering requests in flight, no longer to be
 * sent new ones. Keyed by the HTTP server, which the root instance and every plugin share.
 */
const draining = new WeakSet<object>();

/** Marks the server as draining: `/api/ready` answers 503 from now on (`/api/live` stays 200). */
export function markDraining(app: { server: object }): void {
  draining.add(app.server);
}

export function isDraining(app: { server: object }): boolean {
  return draining.has(app.server);
}
