/**
 * The report being written is kept on the phone (localStorage) at every change, with the random
 * key of its submission: a dropped connection, a closed tab or a reload loses nothing, and sending
 * again after a failure can never make two reports (the server answers the first one).
 */

export interface FeedbackDraft {
  province: string;
  unit: string;
  village: string;
  category: 'criterion' | 'public_works' | 'other';
  criterionCode: string;
  text: string;
  anonymous: boolean;
  reporterName: string;
  reporterPhone: string;
  lat: number | null;
  lon: number | null;
  photos: string[];
  clientKey: string;
}

const DRAFT_KEY = 'ntm.feedback.draft';
const DEVICE_KEY = 'ntm.feedback.device';
const MINE_KEY = 'ntm.feedback.mine';

function newKey(): string {
  return crypto.randomUUID();
}

export function emptyDraft(): FeedbackDraft {
  return {
    province: '',
    unit: '',
    village: '',
    category: 'public_works',
    criterionCode: '',
    text: '',
    anonymous: true,
    reporterName: '',
    reporterPhone: '',
    lat: null,
    lon: null,
    photos: [],
    clientKey: newKey(),
  };
}

export function loadDraft(): FeedbackDraft {
  try {
    const raw = localStorage.getItem(DRAFT_KEY);
    if (raw) return { ...emptyDraft(), ...(JSON.parse(raw) as Partial<FeedbackDraft>) };
  } catch {
    // A broken or missing store: start afresh.
  }
  return emptyDraft();
}

/** Saves the draft; photos are dropped from the copy when the phone's store is full. */
export function saveDraft(draft: FeedbackDraft): void {
  try {
    localStorage.setItem(DRAFT_KEY, JSON.stringify(draft));
  } catch {
    try {
      localStorage.setItem(DRAFT_KEY, JSON.stringify({ ...draft, photos: [] }));
    } catch {
      // No storage at all (private mode): the form still works, without the safety net.
    }
  }
}

export function clearDraft(): void {
  try {
    localStorage.removeItem(DRAFT_KEY);
  } catch {
    // Nothing to clear.
  }
}

/** The random id of this browser (only its hash is kept by the server, for the rate limits). */
export function deviceId(): string {
  try {
    let id = localStorage.getItem(DEVICE_KEY);
    if (!id) {
      id = `d-${newKey()}`;
      localStorage.setItem(DEVICE_KEY, id);
    }
    return id;
  } catch {
    return `d-${newKey()}`;
  }
}

/** The codes of the reports sent from this browser, newest first. */
export function myReports(): string[] {
  try {
    const list = JSON.parse(localStorage.getItem(MINE_KEY) ?? '[]') as unknown;
    return Array.isArray(list)
      ? list.filter((item): item is string => typeof item === 'string')
      : [];
  } catch {
    return [];
  }
}

export function rememberReport(code: string): void {
  try {
    const list = [code, ...myReports().filter((item) => item !== code)].slice(0, 20);
    localStorage.setItem(MINE_KEY, JSON.stringify(list));
  } catch {
    // Not remembered: the page shows the code to note down.
  }
}
