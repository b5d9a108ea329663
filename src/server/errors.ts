import { translate, type Language, type MessageKey, type MessageParams } from './i18n';

export type ErrorCode = {
  [Key in MessageKey]: Key extends `errors.${infer Code}` ? Code : never;
}[MessageKey];

/**
 * A typed, expected error: a stable `code`, an HTTP status and message parameters.
 * The message itself comes from the i18n catalogs, in the reader's language.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly params: MessageParams;
  /** Extra top-level fields of the error response (a conflict's current value, an import's errors). */
  extra: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, status: number, params: MessageParams = {}, options?: ErrorOptions) {
    super(translate('en', `errors.${code}`, params), options);
    this.name = 'AppError';
    this.code = code;
    this.status = status;
    this.params = params;
  }

  /** Adds top-level fields to the error response body (beside `error`). */
  withBody(extra: Record<string, unknown>): this {
    this.extra = { ...this.extra, ...extra };
    return this;
  }

  get messageKey(): string {
    return `errors.${this.code}`;
  }

  messageIn(language: Language): string {
    return translate(language, this.messageKey, this.params);
  }

  /** One line with the Vietnamese message and the English one, for operators' consoles. */
  bilingualLine(): string {
    return `Lỗi: ${this.messageIn('vi')} | Error: ${this.messageIn('en')}`;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
