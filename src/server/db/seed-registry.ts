import type { SeedStep } from './seed';

/**
 * The initial-data steps, in the order they run. Capabilities add theirs here
 * (administrative units, criteria sets, demo accounts and demo data).
 */
export const seedStepRegistry: readonly SeedStep[] = [];
