import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';
import { AppError } from './errors';

function configError(env: Record<string, string>): AppError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected loadConfig to throw');
}

describe('loadConfig', () => {
  it('defaults to demo mode on the embedded database, port 3000, loopback', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      nodeEnv: 'development',
      demo: true,
      port: 3000,
      host: '127.0.0.1',
    });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toMatch(/var$/);
  });

  it('never enables demo mode by default in production, and listens on all interfaces', () => {
    const config = loadConfig({ NODE_ENV: 'production' });
    expect(config.demo).toBe(false);
    expect(config.host).toBe('0.0.0.0');
  });

  it('refuses demo mode in production', () => {
    const error = configError({ NODE_ENV: 'production', NTM_DEMO: 'true' });
    expect(error.code).toBe('config.production_demo');
    expect(error.messageIn('vi')).toContain('NODE_ENV=production');
  });

  it.each([
    ['PORT', 'abc', 'phải là số nguyên từ 0 đến 65535'],
    ['PORT', '70000', 'phải là số nguyên từ 0 đến 65535'],
    ['NTM_DEMO', 'maybe', 'phải là true hoặc false'],
    ['NODE_ENV', 'staging', 'development, production hoặc test'],
    ['LOG_LEVEL', 'loud', 'fatal, error'],
  ])('names the bad variable %s=%s in Vietnamese and English', (name, value, vietnamese) => {
    const error = configError({ [name]: value });
    expect(error.code).toBe('config.invalid');
    expect(error.messageIn('vi')).toContain(`${name} = "${value}"`);
    expect(error.messageIn('vi')).toContain(vietnamese);
    expect(error.messageIn('en')).toContain(`${name} = "${value}"`);
    expect(error.bilingualLine().split('\n')).toHaveLength(1);
  });

  it.each(['mysql://localhost/x', 'not a url', 'postgres://'])(
    'rejects DATABASE_URL=%s without echoing a password',
    (value) => {
      const error = configError({ DATABASE_URL: value });
      expect(error.code).toBe('db.bad_url');
    },
  );

  it('hides the password of a malformed URL in the message', () => {
    const error = configError({ DATABASE_URL: 'mysql://ntm:secret@db/ntm' });
    expect(error.messageIn('en')).not.toContain('secret');
  });

  it('accepts postgres and postgresql URLs', () => {
    expect(loadConfig({ DATABASE_URL: 'postgresql://u:p@db:5432/ntm' }).databaseUrl).toBe(
      'postgresql://u:p@db:5432/ntm',
    );
  });
});
