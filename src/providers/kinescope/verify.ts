import { VerificationError } from '../errors';
import { headerValue } from '../headers';
import { matchesAnySecret, secretsEqual } from '../secretCompare';
import type { WebhookRequest } from '../types';
import { parseBasicAuthorization } from './basicAuth';
import type { KinescopeConnection } from './connection';

/**
 * Kinescope signs nothing: a webhook with a login/password is sent with HTTP Basic auth, and
 * that is all there is to check. Login and password are both compared in constant time (no
 * early exit, so a right login with a wrong password takes as long as two wrong ones).
 */
export function verifyKinescope(request: WebhookRequest, connection: KinescopeConnection): void {
  if (connection.insecureNoAuth) return;
  const credentials = parseBasicAuthorization(headerValue(request.headers, 'authorization'));
  if (credentials === 'missing') throw new VerificationError('missing Basic credentials');
  if (credentials === 'malformed') throw new VerificationError('malformed Basic credentials');
  const loginMatches = secretsEqual(credentials.login, connection.username ?? '');
  const passwordMatches = matchesAnySecret(credentials.password, connection.password ?? []);
  if (!(loginMatches && passwordMatches)) throw new VerificationError('Basic credentials do not match');
}
