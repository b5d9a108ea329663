import argon2 from 'argon2';

/** argon2id with OWASP's minimum memory cost (19 MiB, 2 passes): safe and quick enough on 2 cores. */
const hashOptions = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, hashOptions);
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/** A hash of a random password: compared against when the user does not exist, so timing tells nothing. */
let decoyHash: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword(`decoy-${Math.random()}`);
  return decoyHash;
}

const commonPasswords = new Set([
  '1234567890',
  '12345678910',
  'matkhau123',
  'matkhau1234',
  'password123',
  'password1234',
  'qwerty12345',
  'abc1234567',
  'admin12345',
  'admin123456',
  'vietnam1234',
  '1234567890a',
  'a1234567890',
]);

/** Why a password is refused (an i18n key under errors.), or null when it is acceptable. */
export function passwordProblem(password: string, username: string): string | null {
  if (password.length < 10) return 'accounts.password_too_short';
  if (password.length > 200) return 'accounts.password_too_long';
  if (!/\p{L}/u.test(password) || !/\p{N}/u.test(password)) return 'accounts.password_too_simple';
  const lower = password.toLowerCase();
  if (username && lower.includes(username.toLowerCase()))
    return 'accounts.password_contains_username';
  if (commonPasswords.has(lower)) return 'accounts.password_common';
  return null;
}
