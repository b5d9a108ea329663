import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { dropDraft, loadDrafts, newClientId, saveDraft } from './answerDraft';
import type { AnswerDraft } from './answerDraft';

class MemoryStorage {
  data = new Map<string, string>();
  getItem(key: string) {
    return this.data.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.data.set(key, value);
  }
  removeItem(key: string) {
    this.data.delete(key);
  }
}

const draft = (clientId: string, unsaved = true): AnswerDraft => ({
  clientId,
  householdId: 7,
  householdLabel: 'Hoàng Văn Sáng · NP01 · Thôn Nậm Pạu',
  channel: 'door',
  answers: { q1: 'satisfied', q2: null, overall: 'dissatisfied' },
  unsaved,
  savedAt: '2025-07-01T08:00:00.000Z',
});

describe('officer forms kept on the device', () => {
  let storage: MemoryStorage;
  beforeEach(() => {
    storage = new MemoryStorage();
    vi.stubGlobal('window', { localStorage: storage });
  });
  afterEach(() => vi.unstubAllGlobals());

  it('keeps a form with its clientId until the server confirms it', () => {
    saveDraft('c1', draft('a-1'));
    saveDraft('c1', draft('b-2'));
    saveDraft('c2', draft('z-9'));
    expect(loadDrafts('c1').map((item) => item.clientId)).toEqual(['a-1', 'b-2']);
    // The same form again (a retry): replaced, never doubled.
    saveDraft('c1', { ...draft('a-1'), unsaved: false });
    expect(loadDrafts('c1')).toHaveLength(2);
    expect(loadDrafts('c1').find((item) => item.clientId === 'a-1')?.answers.q2).toBeNull();
    dropDraft('c1', 'a-1');
    dropDraft('c1', 'b-2');
    expect(loadDrafts('c1')).toEqual([]);
    expect(storage.data.has('ntm.surveys.drafts.c1')).toBe(false);
    expect(loadDrafts('c2')).toHaveLength(1);
  });

  it('ignores what is not a form', () => {
    storage.setItem('ntm.surveys.drafts.c1', '[{"clientId":1},"x"]');
    expect(loadDrafts('c1')).toEqual([]);
    storage.setItem('ntm.surveys.drafts.c1', 'not json');
    expect(loadDrafts('c1')).toEqual([]);
  });

  it('makes a new clientId for each form', () => {
    const a = newClientId();
    expect(a.length).toBeGreaterThanOrEqual(8);
    expect(newClientId()).not.toBe(a);
  });
});
