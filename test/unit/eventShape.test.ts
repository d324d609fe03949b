import { CanonicalEvent } from '../../src/domain/canonicalEvent';
import { isCanonicalEvent } from '../../src/domain/eventShape';
import { canonical } from '../support/events';

/** The workflow's zod-free check must accept exactly what the boundary's zod schema accepts. */
const valid = canonical('mkio:p:job:t/j', 'evt-1', 'Finished', 'ready', new Date('2026-01-01T00:00:00Z'));
const cases: Array<[string, unknown]> = [
  ['a full event', valid],
  ['with every optional field', { ...valid, previousState: 'Processing', source: '/x', resource: { a: 1 }, related: ['mkio:p:locator:l'], aspect: 'track', eventIdSource: 'content-hash' }],
  ['optional fields present but undefined', { ...valid, previousState: undefined, related: undefined }],
  ['unknown extra fields', { ...valid, extra: 1 }],
  ['null', null],
  ['an array', [valid]],
  ['a string', 'event'],
  ['no eventId', { ...valid, eventId: undefined }],
  ['an empty provider', { ...valid, provider: '' }],
  ['an unknown phase', { ...valid, phase: 'stalled' }],
  ['an unknown kind', { ...valid, kind: 'asset' }],
  ['an unknown via', { ...valid, via: 'email' }],
  ['a state with a newline', { ...valid, state: 'Fin\nished' }],
  ['a state of 200 characters', { ...valid, state: 'x'.repeat(200) }],
  ['a state of 201 characters', { ...valid, state: 'x'.repeat(201) }],
  ['an account of 261 characters', { ...valid, account: 'a'.repeat(261) }],
  ['an eventId of 300 characters', { ...valid, eventId: 'e'.repeat(300) }],
  ['an eventId of 301 characters', { ...valid, eventId: 'e'.repeat(301) }],
  ['a key of 1001 characters', { ...valid, key: 'k'.repeat(1001) }],
  ['an id of 601 characters', { ...valid, id: 'i'.repeat(601) }],
  ['a numeric occurredAt', { ...valid, occurredAt: 1 }],
  ['no receivedAt', { ...valid, receivedAt: undefined }],
  ['a numeric source', { ...valid, source: 3 }],
  ['20 related keys', { ...valid, related: Array.from({ length: 20 }, (_, i) => `k${i}`) }],
  ['21 related keys', { ...valid, related: Array.from({ length: 21 }, (_, i) => `k${i}`) }],
  ['an empty related key', { ...valid, related: [''] }],
  ['related not an array', { ...valid, related: 'k' }],
  ['an empty aspect', { ...valid, aspect: '' }],
  ['an unknown eventIdSource', { ...valid, eventIdSource: 'guess' }],
  ['a null previousState', { ...valid, previousState: null }],
];

describe('isCanonicalEvent (the workflow side) agrees with CanonicalEvent (zod, the boundary)', () => {
  it.each(cases)('%s', (_name, value) => {
    expect(isCanonicalEvent(value)).toBe(CanonicalEvent.safeParse(value).success);
  });

  it('the table has both answers (it could catch a check that says yes or no to everything)', () => {
    const answers = new Set(cases.map(([, value]) => isCanonicalEvent(value)));
    expect(answers).toEqual(new Set([true, false]));
  });
});
