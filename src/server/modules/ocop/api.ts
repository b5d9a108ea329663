/**
 * The OCOP API contract in one place (docs/ocop.md): the office side (`api-office.ts`) and the
 * public side with sheets and decisions (`api-public.ts`). The web app imports its types from
 * here (the architecture test lets it take only `modules/<m>/api.ts`).
 */
export * from './api-office';
export * from './api-public';
export { errorResponse } from '../units/api';
