import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { ruleVersionOn, ruleVersionSchema } from '../../../domain/ocop/rules';
import type { OcopRuleVersion } from '../../../domain/ocop/types';
import { AppError } from '../../errors';

/**
 * The OCOP rule versions shipped as data (`data/ocop/rules/*.yaml`: 148/2023, 1489/2025,
 * 26/2026…), checked with `ruleVersionSchema` when read, read once per process. A broken file
 * throws an error naming the file. Rows that depend on a version (sheets, rounds, applications,
 * certificates) keep its code.
 */

export const SHIPPED_RULES_DIR = fileURLToPath(
  new URL('../../../../data/ocop/rules/', import.meta.url),
);

/** Reads and checks every rule version file of a directory, sorted by `validFrom`. */
export function readRuleVersions(directory: string): OcopRuleVersion[] {
  if (!fs.existsSync(directory)) return [];
  const versions = fs
    .readdirSync(directory)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => {
      let value: unknown;
      try {
        value = parse(fs.readFileSync(path.join(directory, name), 'utf8'));
      } catch (error) {
        throw new Error(`data/ocop/rules/${name}: ${(error as Error).message}`, { cause: error });
      }
      const outcome = ruleVersionSchema.safeParse(value);
      if (!outcome.success) {
        const issues = outcome.error.issues.map(
          (issue) => `${issue.path.join('.')}: ${issue.message}`,
        );
        throw new Error(`data/ocop/rules/${name}: ${issues.join('; ')}`);
      }
      return outcome.data;
    });
  const seen = new Set<string>();
  for (const version of versions) {
    if (seen.has(version.code)) throw new Error(`data/ocop/rules: ${version.code} twice`);
    seen.add(version.code);
  }
  return versions.sort((a, b) => a.validFrom.localeCompare(b.validFrom));
}

let cache: OcopRuleVersion[] | null = null;

/** Every shipped rule version, oldest first (cached per process); a broken file throws. */
export function shippedRuleVersions(): OcopRuleVersion[] {
  cache ??= readRuleVersions(SHIPPED_RULES_DIR);
  return cache;
}

/** The shipped rule version in force on an ISO day, or null before the first one. */
export function ruleVersionInForce(isoDay: string): OcopRuleVersion | null {
  return ruleVersionOn(shippedRuleVersions(), isoDay);
}

/** A shipped rule version by code, or null. */
export function findRuleVersion(code: string): OcopRuleVersion | null {
  return shippedRuleVersions().find((version) => version.code === code) ?? null;
}

/** A shipped rule version by code, or 404 `ocop.rule_version_unknown`. */
export function ruleVersionByCode(code: string): OcopRuleVersion {
  const version = findRuleVersion(code);
  if (!version) throw new AppError('ocop.rule_version_unknown', 404, { code });
  return version;
}
