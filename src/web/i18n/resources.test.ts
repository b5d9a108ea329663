import { describe, expect, it } from 'vitest';
import en from './en.json';
import vi from './vi.json';

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) =>
    keys(child, prefix ? `${prefix}.${key}` : key),
  );
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1] ?? '').sort();
}

function lookup(resource: unknown, key: string): unknown {
  return key
    .split('.')
    .reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], resource);
}

describe('web translations', () => {
  it('has the same keys in Vietnamese and English', () => {
    expect(keys(en).sort()).toEqual(keys(vi).sort());
  });

  it('uses the same placeholders in both languages and leaves no string empty', () => {
    for (const key of keys(vi)) {
      const viText = lookup(vi, key);
      const enText = lookup(en, key);
      expect(typeof viText, key).toBe('string');
      expect((viText as string).trim(), key).not.toBe('');
      expect((enText as string).trim(), key).not.toBe('');
      expect(placeholders(enText as string), key).toEqual(placeholders(viText as string));
    }
  });
});
