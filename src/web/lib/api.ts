import { currentLanguage, i18n } from '../i18n';

/** Parameters of a typed server error, used to build its message. */
export type ApiErrorParams = Record<string, unknown>;

/**
 * An error answered by the API (`{ "error": { code, message, params } }`), or a failure to reach
 * it. `message` is ready to show: the server writes it in the language we asked for.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    /** HTTP status; 0 when the server could not be reached. */
    readonly status: number,
    /** The server's error code, e.g. "AUTH_INVALID_CREDENTIALS"; ours: NETWORK_ERROR, HTTP_<status>, INVALID_RESPONSE. */
    readonly code: string,
    message: string,
    readonly params: ApiErrorParams = {},
    /** The whole JSON body of the answer (e.g. the current record beside a 409). */
    readonly body?: unknown,
  ) {
    super(message);
  }

  get isNetworkError(): boolean {
    return this.status === 0;
  }

  get isNotFound(): boolean {
    return this.status === 404;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Builds the ApiError for a non-success answer, whatever shape its body has. */
export function toApiError(status: number, body: unknown): ApiError {
  if (isRecord(body)) {
    const error = body.error;
    // Our contract: { error: { code, message, params } }
    if (isRecord(error) && typeof error.code === 'string') {
      const message =
        typeof error.message === 'string' && error.message !== ''
          ? error.message
          : i18n.t('errors.http', { status });
      return new ApiError(
        status,
        error.code,
        message,
        isRecord(error.params) ? error.params : {},
        body,
      );
    }
    // Framework default shape: { statusCode, error: "Not Found", message }
    if (typeof body.message === 'string' && body.message !== '') {
      return new ApiError(status, `HTTP_${status}`, body.message);
    }
  }
  return new ApiError(status, `HTTP_${status}`, i18n.t('errors.http', { status }));
}

export interface ApiRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Query parameters; undefined values are left out. */
  query?: Record<string, string | number | undefined>;
  /** Sent as JSON. */
  json?: unknown;
  signal?: AbortSignal;
  /** Statuses besides 2xx whose JSON body is returned instead of thrown (e.g. 503 of /api/health). */
  acceptStatuses?: readonly number[];
}

export function buildUrl(path: string, query?: ApiRequest['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.set(key, String(value));
  }
  const text = params.toString();
  return text === '' ? path : `${path}${path.includes('?') ? '&' : '?'}${text}`;
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Calls the API: sends the current language as Accept-Language, JSON in and out, cookies of this
 * origin. Resolves with the parsed body; rejects with an ApiError.
 */
export async function api<T>(path: string, request: ApiRequest = {}): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': currentLanguage(),
  };
  let body: string | undefined;
  if (request.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(request.json);
  }

  let response: Response;
  try {
    response = await fetch(buildUrl(path, request.query), {
      method: request.method ?? (body === undefined ? 'GET' : 'POST'),
      headers,
      body,
      credentials: 'same-origin',
      signal: request.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'NETWORK_ERROR', i18n.t('errors.network'));
  }

  const data = await readJson(response);
  if (response.ok || request.acceptStatuses?.includes(response.status)) {
    if (data === undefined && response.status !== 204) {
      throw new ApiError(response.status, 'INVALID_RESPONSE', i18n.t('errors.invalidResponse'));
    }
    return data as T;
  }
  throw toApiError(response.status, data);
}
