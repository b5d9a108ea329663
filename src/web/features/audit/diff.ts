/** One field of an audited entity, before and after the change. */
export interface DiffRow {
  /** Dotted path of the field: "roles", "unit.code". */
  path: string;
  before: string | null;
  after: string | null;
  change: 'added' | 'removed' | 'changed';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Flattens nested objects to dotted paths; arrays and scalars are leaves. */
function flatten(value: unknown, prefix: string, out: Map<string, unknown>): void {
  if (isPlainObject(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0 && prefix) out.set(prefix, {});
    for (const [key, inner] of entries) flatten(inner, prefix ? `${prefix}.${key}` : key, out);
    return;
  }
  if (prefix) out.set(prefix, value);
}

/** A leaf as a person reads it: text as is, everything else as compact JSON; null for nothing. */
export function showValue(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/**
 * The fields that differ between two audited states, in the order they first appear. A whole
 * state that is not an object (or is missing) is compared as one field named "".
 */
export function diffRecords(before: unknown, after: unknown): DiffRow[] {
  const left = new Map<string, unknown>();
  const right = new Map<string, unknown>();
  if (isPlainObject(before)) flatten(before, '', left);
  else if (before !== null && before !== undefined) left.set('', before);
  if (isPlainObject(after)) flatten(after, '', right);
  else if (after !== null && after !== undefined) right.set('', after);

  const paths = [...new Set([...left.keys(), ...right.keys()])];
  const rows: DiffRow[] = [];
  for (const path of paths) {
    const a = showValue(left.get(path));
    const b = showValue(right.get(path));
    if (a === b) continue;
    rows.push({
      path,
      before: a,
      after: b,
      change: a === null ? 'added' : b === null ? 'removed' : 'changed',
    });
  }
  return rows;
}
