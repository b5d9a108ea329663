/** One benchmark scenario: `npm run bench` runs every file in bench/scenarios/. */
export interface BenchScenario {
  name: string;
  description: string;
  /** Returns named figures (ms, per second, MB…); the name says the unit. */
  run(options: BenchOptions): Promise<Record<string, number>>;
}

export interface BenchOptions {
  /** `npm run bench -- --quick`: a small dataset, finishes in about two minutes. */
  quick: boolean;
  /** PostgreSQL server URL when benchmarking that engine (DATABASE_URL), else PGlite. */
  databaseUrl: string | undefined;
}
