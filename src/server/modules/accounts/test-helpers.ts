import type { FastifyInstance } from 'fastify';
import { demoPassword } from './demo';

/** Signs in through the API and returns the session cookie header to send with later requests. */
export async function signIn(
  app: FastifyInstance,
  username: string,
  password: string = demoPassword,
): Promise<string> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username, password },
  });
  if (response.statusCode !== 200) {
    throw new Error(`sign-in of ${username} failed: ${response.statusCode} ${response.body}`);
  }
  const cookie = response.cookies.find((c) => c.name === 'ntm_session');
  if (!cookie) throw new Error('no session cookie');
  return `ntm_session=${cookie.value}`;
}
