import { VerificationError } from '../errors';
import { matchesAnySecret } from '../secretCompare';
import type { WebhookRequest } from '../types';
import type { MkioConnection } from './connection';

/**
 * MK.IO signs nothing: a rule carries a shared secret in a header (or query parameter) and
 * MK.IO sends it verbatim. We compare it in constant time against the configured secret(s).
 */
export function verifyMkio(request: WebhookRequest, connection: MkioConnection): void {
  const header = request.headers[connection.secretHeader.toLowerCase()];
  const fromHeader = Array.isArray(header) ? header[0] : header;
  const fromQuery = connection.secretQueryParam ? request.query[connection.secretQueryParam] : undefined;
  const given = fromHeader ?? fromQuery;
  if (given === undefined || given === '') {
    throw new VerificationError(`missing shared secret (header ${connection.secretHeader}${connection.secretQueryParam ? ` or query ${connection.secretQueryParam}` : ''})`);
  }
  if (!matchesAnySecret(given, connection.secret)) throw new VerificationError('shared secret does not match');
}
