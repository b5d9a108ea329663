import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../server/config';
import { AppError } from '../server/errors';

function newestModification(target: string): number {
  if (!fs.existsSync(target)) return 0;
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target)) {
    newest = Math.max(newest, newestModification(path.join(target, entry)));
  }
  return newest;
}

/** True when dist/web is missing or older than the web sources it is built from. */
export function webBuildIsStale(webDistDir: string): boolean {
  const built = path.join(webDistDir, 'index.html');
  if (!fs.existsSync(built)) return true;
  const sources = [
    path.join(projectRoot, 'src/web'),
    path.join(projectRoot, 'vite.config.ts'),
    path.join(projectRoot, 'package-lock.json'),
  ];
  const newestSource = Math.max(...sources.map(newestModification));
  return newestSource > fs.statSync(built).mtimeMs;
}

/** Builds the web app with Vite (only when stale unless forced). Returns whether it built. */
export async function ensureWebBuilt(
  webDistDir: string,
  options: { force?: boolean; log?: (message: string) => void } = {},
): Promise<boolean> {
  if (!options.force && !webBuildIsStale(webDistDir)) return false;
  options.log?.(
    'Đang dựng giao diện web (chỉ khi mã nguồn giao diện thay đổi, mất vài giây)… | Building the web app…',
  );
  try {
    const { build } = await import('vite');
    await build({
      configFile: path.join(projectRoot, 'vite.config.ts'),
      logLevel: 'warn',
      build: { outDir: webDistDir, emptyOutDir: true },
    });
  } catch (error) {
    throw new AppError(
      'web.build_failed',
      500,
      { reason: (error as Error).message },
      { cause: error },
    );
  }
  return true;
}
