import vi from './vi.json';
import en from './en.json';

export type CliLanguage = 'vi' | 'en';
export type CliMessages = typeof vi;
export type CliMessageKey = keyof CliMessages;

const dictionaries: Record<CliLanguage, Record<string, string>> = { vi, en };

/** Picks the CLI language: `--lang en` / `--lang=en` on the command line, then `NTM_LANG`, else Vietnamese. */
export function detectCliLanguage(
  argv: readonly string[] = process.argv,
  env: NodeJS.ProcessEnv = process.env,
): CliLanguage {
  const index = argv.indexOf('--lang');
  const fromFlag =
    index >= 0
      ? argv[index + 1]
      : argv.find((a) => a.startsWith('--lang='))?.slice('--lang='.length);
  const chosen = (fromFlag ?? env.NTM_LANG ?? 'vi').toLowerCase();
  return chosen.startsWith('en') ? 'en' : 'vi';
}

export type Translate = (key: CliMessageKey, params?: Record<string, string | number>) => string;

/** Returns a translator; `{name}` placeholders are replaced by `params.name`. */
export function cliTranslator(language: CliLanguage): Translate {
  const dictionary = dictionaries[language];
  return (key, params) => {
    const template = dictionary[key] ?? vi[key];
    return template.replace(/\{(\w+)\}/g, (_, name: string) =>
      String(params?.[name] ?? `{${name}}`),
    );
  };
}
