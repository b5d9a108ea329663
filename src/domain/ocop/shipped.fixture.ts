import { parse as parseYaml } from 'yaml';
import { ruleVersionSchema } from './rules';
import type { OcopRuleVersion } from './types';

/**
 * For tests: the shipped rule versions (`data/ocop/rules/*.yaml`) and the shipped sheets' raw
 * objects, read as text by Vite (no file-system access in src/domain) and parsed with `yaml`.
 */

const ruleFiles = import.meta.glob<string>('../../../data/ocop/rules/*.yaml', {
  query: '?raw',
  import: 'default',
  eager: true,
});
const sheetFiles = import.meta.glob<string>('../../../data/ocop/sheets/*.yaml', {
  query: '?raw',
  import: 'default',
  eager: true,
});

/** The shipped rule files, by file name without `.yaml`, as loaded (unparsed) objects. */
export const shippedRuleObjects: Record<string, unknown> = fromFiles(ruleFiles);
/** The shipped sheet files, by file name without `.yaml`, as loaded (unparsed) objects. */
export const shippedSheetObjects: Record<string, unknown> = fromFiles(sheetFiles);

/** A shipped rule version, parsed; throws with zod's issues when it does not parse. */
export function shippedVersion(code: string): OcopRuleVersion {
  const raw = shippedRuleObjects[code];
  if (raw === undefined) throw new Error(`no rule file ${code}`);
  return ruleVersionSchema.parse(raw);
}

function fromFiles(files: Record<string, string>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(files).map(([path, text]) => [
      path.replace(/^.*\//, '').replace(/\.yaml$/, ''),
      parseYaml(text) as unknown,
    ]),
  );
}
