import { currentLanguage, i18n } from '../i18n';
import { ApiError } from './api';

/** The server's answer to an upload: its status and its JSON body (undefined if none). */
export interface UploadAnswer {
  status: number;
  body: unknown;
}

export interface UploadOptions {
  /** Share of the file sent so far (0–1), when the browser knows it. */
  onProgress?: (fraction: number) => void;
  /** The whole file is sent: the server is now working on it. */
  onSent?: () => void;
  signal: AbortSignal;
  /** Text fields sent before the file (the server reads them first). */
  fields?: Record<string, string>;
}

/**
 * POSTs one file as multipart (`file` field, after any text `fields`) with upload progress — fetch cannot report it — in the
 * reader's language. Resolves with the status and the parsed body whatever the status; rejects with
 * an `ApiError` of status 0 when the server cannot be reached, and an `AbortError` when stopped.
 */
export function uploadWithProgress(
  url: string,
  file: File,
  options: UploadOptions,
): Promise<UploadAnswer> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', url);
    request.setRequestHeader('Accept', 'application/json');
    request.setRequestHeader('Accept-Language', currentLanguage());
    request.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0)
        options.onProgress?.(event.loaded / event.total);
    };
    request.upload.onload = () => options.onSent?.();
    request.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(request.responseText) as unknown;
      } catch {
        body = undefined;
      }
      resolve({ status: request.status, body });
    };
    request.onerror = () => reject(new ApiError(0, 'NETWORK_ERROR', i18n.t('errors.network')));
    request.onabort = () => reject(new DOMException('Upload stopped', 'AbortError'));
    options.signal.addEventListener('abort', () => request.abort(), { once: true });
    const form = new FormData();
    for (const [name, value] of Object.entries(options.fields ?? {})) form.append(name, value);
    form.append('file', file, file.name);
    request.send(form);
  });
}
