/** Answer of GET /api/health (200 when healthy, 503 with status "error" otherwise). */
export type { HealthResponse as HealthReport } from '../../../server/modules/system/api';
