import { z } from 'zod';
import { Kind, ProviderPhase } from '../../domain/phase';
import { FieldPath } from './fieldPath';

/** A source's word as written in the config (an event type, a state); `*` matches any run of characters. */
const WordPattern = z.string().min(1).max(200);

/** A constant kind (`kind: job`), or the kind read from a field and mapped by pattern. */
export const KindRule = z.union([
  Kind,
  z.strictObject({
    from: FieldPath,
    /** `{ 'com.acme.transcode.job.*': job }`: a value no key matches is an event Reelflow does not track. */
    map: z.record(WordPattern, Kind).refine((map) => Object.keys(map).length > 0, 'map at least one value to a kind'),
  }),
]);
export type KindRule = z.infer<typeof KindRule>;

/**
 * `mapping:` of a generic source: which fields of an event say the kind, id, state (and account)
 * of the resource it is about, and which state words mean which phase, per kind.
 */
export const EventMapping = z
  .strictObject({
    kind: KindRule,
    id: FieldPath,
    state: FieldPath,
    /** The account of the resource key, read from each event; absent: the connection's `account`. */
    account: FieldPath.optional(),
    /** When it happened; absent: the envelope's own time (CloudEvents `time`, Standard Webhooks `timestamp`). */
    occurredAt: FieldPath.optional(),
    /** Per kind, state word (or pattern) → phase. */
    phases: z.partialRecord(Kind, z.record(WordPattern, ProviderPhase)),
  })
  .superRefine((mapping, context) => {
    for (const kind of kindsOf(mapping.kind)) {
      if (!mapping.phases[kind]) context.addIssue({ code: 'custom', path: ['phases', kind], message: `the mapping makes ${kind} resources: say which state words mean which phase` });
    }
  });
export type EventMapping = z.infer<typeof EventMapping>;

/** Every kind a rule can produce. */
export const kindsOf = (rule: KindRule): Kind[] => (typeof rule === 'string' ? [rule] : [...new Set(Object.values(rule.map))]);
