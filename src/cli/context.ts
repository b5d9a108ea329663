import type { Command } from 'commander';
import type { CliLanguage, Translate } from './i18n';

/** What every command registration receives: the chosen language and its translator. */
export interface CliContext {
  language: CliLanguage;
  t: Translate;
}

export type RegisterCommand = (program: Command, context: CliContext) => void;
