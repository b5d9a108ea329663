import { describe, expect, it } from 'vitest';
import { createDraftStorage, draftKey } from './draftStorage';

class MemoryStorage implements Storage {
  private data = new Map<string, string>();
  failWrites = false;
  get length() {
    return this.data.size;
  }
  clear() {
    this.data.clear();
  }
  getItem(key: string) {
    return this.data.get(key) ?? null;
  }
  key(index: number) {
    return [...this.data.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.data.delete(key);
  }
  setItem(key: string, value: string) {
    if (this.failWrites) throw new Error('QuotaExceededError');
    this.data.set(key, value);
  }
}

const KEY = draftKey('u1', '04381', 'xa-ntm-2021-2025', 2025);

describe('draft storage', () => {
  it('keys drafts by user, unit, set and year', () => {
    expect(KEY).toBe('ntm.values.drafts.v1:u1:04381:xa-ntm-2021-2025:2025');
  });

  it('keeps, returns and forgets drafts per indicator', () => {
    const storage = new MemoryStorage();
    const drafts = createDraftStorage(storage, KEY);
    drafts.save('3.1', { value: 70.5, note: null, base: 0, at: 1 });
    drafts.save('1', { value: true, note: 'Đã kiểm tra', base: 2, at: 2 });
    expect(createDraftStorage(storage, KEY).load()).toEqual({
      '3.1': { value: 70.5, note: null, base: 0, at: 1 },
      '1': { value: true, note: 'Đã kiểm tra', base: 2, at: 2 },
    });
    drafts.remove('3.1');
    expect(Object.keys(drafts.load())).toEqual(['1']);
    drafts.remove('1');
    expect(storage.length).toBe(0);
  });

  it('ignores damaged entries and works without storage', () => {
    const storage = new MemoryStorage();
    storage.setItem(
      KEY,
      JSON.stringify({ ok: { value: null, note: null, base: 1, at: 0 }, bad: { value: 'x' } }),
    );
    expect(Object.keys(createDraftStorage(storage, KEY).load())).toEqual(['ok']);
    storage.setItem(KEY, '{not json');
    expect(createDraftStorage(storage, KEY).load()).toEqual({});
    const none = createDraftStorage(null, KEY);
    none.save('1', { value: true, note: null, base: 0, at: 0 });
    expect(none.load()).toEqual({});
  });

  it('survives a full storage', () => {
    const storage = new MemoryStorage();
    storage.failWrites = true;
    const drafts = createDraftStorage(storage, KEY);
    expect(() => drafts.save('1', { value: true, note: null, base: 0, at: 0 })).not.toThrow();
  });
});
