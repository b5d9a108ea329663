import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError, buildUrl, toApiError } from './api';

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('toApiError', () => {
  it('reads the platform error shape', () => {
    const error = toApiError(401, {
      error: {
        code: 'auth.invalid',
        message: 'Sai tên đăng nhập hoặc mật khẩu.',
        params: { n: 1 },
      },
    });
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(401);
    expect(error.code).toBe('auth.invalid');
    expect(error.message).toBe('Sai tên đăng nhập hoặc mật khẩu.');
    expect(error.params).toEqual({ n: 1 });
  });

  it('falls back on the framework shape and on empty bodies', () => {
    const framework = toApiError(404, {
      statusCode: 404,
      error: 'Not Found',
      message: 'Route not found',
    });
    expect(framework.code).toBe('HTTP_404');
    expect(framework.message).toBe('Route not found');
    expect(framework.isNotFound).toBe(true);
    expect(toApiError(502, undefined).code).toBe('HTTP_502');
  });
});

describe('api', () => {
  it('sends Accept-Language and JSON, and returns the parsed body', async () => {
    const fetchMock = vi.fn(() => Promise.resolve(jsonResponse(200, { ok: true })));
    vi.stubGlobal('fetch', fetchMock);
    await expect(api('/api/x', { json: { a: 1 } })).resolves.toEqual({ ok: true });
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/x');
    expect(init.method).toBe('POST');
    expect(init.body).toBe('{"a":1}');
    const headers = init.headers as Record<string, string>;
    expect(headers['Accept-Language']).toBe('vi');
    expect(headers['Content-Type']).toBe('application/json');
  });

  it('throws an ApiError with the server message', async () => {
    vi.stubGlobal('fetch', () =>
      Promise.resolve(jsonResponse(409, { error: { code: 'conflict', message: 'Đã tồn tại.' } })),
    );
    await expect(api('/api/x')).rejects.toMatchObject({
      status: 409,
      code: 'conflict',
      message: 'Đã tồn tại.',
    });
  });

  it('returns accepted error statuses (503 of /api/health) instead of throwing', async () => {
    vi.stubGlobal('fetch', () => Promise.resolve(jsonResponse(503, { status: 'error' })));
    await expect(api('/api/health', { acceptStatuses: [503] })).resolves.toEqual({
      status: 'error',
    });
  });

  it('turns a network failure into NETWORK_ERROR', async () => {
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')));
    await expect(api('/api/x')).rejects.toMatchObject({ status: 0, code: 'NETWORK_ERROR' });
  });

  it('builds query strings, leaving out undefined values', () => {
    expect(
      buildUrl('/api/v1/units', { level: 'province', asOf: '2025-07-01', parent: undefined }),
    ).toBe('/api/v1/units?level=province&asOf=2025-07-01');
  });
});
