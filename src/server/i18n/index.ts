import vi from './vi.json';
import en from './en.json';

export type Language = 'vi' | 'en';
export type MessageKey = keyof typeof vi;
export type MessageParams = Record<string, string | number | boolean | null | undefined>;

const catalogs: Record<Language, Record<string, string>> = { vi, en };

/** Formats a server message in the given language; `{name}` is replaced by `params.name`. */
export function translate(language: Language, key: string, params: MessageParams = {}): string {
  const template = catalogs[language][key] ?? catalogs.vi[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined || value === null) return whole;
    // A parameter written "@key" is itself a message key, translated in the same language.
    if (typeof value === 'string' && value.startsWith('@'))
      return translate(language, value.slice(1));
    return String(value);
  });
}

/** Picks the response language from an Accept-Language header: Vietnamese unless English is preferred. */
export function languageFromHeader(header: string | undefined): Language {
  if (!header) return 'vi';
  const preferences = header
    .split(',')
    .map((part) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const quality = rest.find((r) => r.trim().startsWith('q='));
      return { tag: tag.toLowerCase(), q: quality ? Number(quality.trim().slice(2)) : 1 };
    })
    .filter((p) => p.tag.startsWith('vi') || p.tag.startsWith('en'))
    .sort((a, b) => b.q - a.q);
  return preferences[0]?.tag.startsWith('en') ? 'en' : 'vi';
}
