import type { CanonicalEvent } from '../../src/domain/canonicalEvent';
import type { Kind, ProviderPhase as Phase } from '../../src/domain/phase';
import { parseResourceKey } from '../../src/domain/resourceKey';

/** A canonical event for `key`, for tests that talk to workflows without the ingress. */
export function canonical(key: string, eventId: string, state: string, phase: Phase, occurredAt: Date): CanonicalEvent {
  const ref = parseResourceKey(key);
  return {
    provider: ref.provider,
    connection: 'test',
    account: ref.account,
    eventId,
    type: `test.${state}`,
    key,
    kind: ref.kind as Kind,
    id: ref.id,
    state,
    phase,
    occurredAt: occurredAt.toISOString(),
    receivedAt: occurredAt.toISOString(),
    via: 'webhook',
  };
}
