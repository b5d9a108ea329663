import { readFileSync } from 'node:fs';

const packageJson = JSON.parse(
  readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
) as { version: string; name: string };

/** The platform's version, as released (package.json). */
export const platformVersion = packageJson.version;
