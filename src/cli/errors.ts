import { isAppError } from '../server/errors';
import type { CliContext } from './context';

/** Prints an error as one clear line (Vietnamese and English) and returns the exit code to use. */
export function reportCliError(error: unknown, _context: CliContext): number {
  if (isAppError(error)) {
    process.stderr.write(`${error.bilingualLine()}\n`);
    if (process.env.NTM_DEBUG) process.stderr.write(`${error.stack ?? ''}\n`);
    return 1;
  }
  if (error instanceof CliUsageError) {
    process.stderr.write(`${error.message}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`Lỗi không mong đợi | Unexpected error: ${message}\n`);
  if (error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  return 1;
}

/** An error in how a command was called, already worded for the user; printed as is. */
export class CliUsageError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'CliUsageError';
  }
}
