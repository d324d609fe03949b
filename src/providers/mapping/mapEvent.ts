import { isCyclic, type Kind, type ProviderPhase } from '../../domain/phase';
import { PayloadError } from '../errors';
import { readField, type FieldPath } from './fieldPath';
import type { EventMapping } from './schema';
import { lookupWord } from './wordPattern';

/** What the mapping makes of one event, or why it does not track it (answered 200 `ignored`). */
export type MappedEvent =
  | {
      outcome: 'mapped';
      kind: Kind;
      id: string;
      state: string;
      phase: ProviderPhase;
      /** Set when the mapping reads the account from the event. */
      account?: string;
      /** Said with the webhook when a state word was not in the mapping. */
      note?: string;
    }
  | { outcome: 'unmapped'; reason: string };

/** Ids end the resource key and the workflow id: printable, no spaces. */
const ID = /^[\x21-\x7E]{1,600}$/;
/** States are shown and searched (search attributes): short printable words. Kind words too: patterns run on them. */
const WORD = /^[\x20-\x7E]{1,200}$/;
/** An account is one segment of the resource key: no ":". */
const ACCOUNT = /^[\x21-\x39\x3B-\x7E]{1,200}$/;

/** The field's value as a word (a number becomes its decimal string); its absence or another type names the field. */
function readWord(event: unknown, path: FieldPath, role: string): string {
  const value = readField(event, path);
  if (value === undefined || value === null || value === '') throw new PayloadError(path, `required by mapping.${role}, absent`);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') throw new PayloadError(path, `mapping.${role} reads a string or a number here, got ${Array.isArray(value) ? 'an array' : typeof value}`);
  return value;
}

function checked(word: string, pattern: RegExp, path: FieldPath, what: string): string {
  if (!pattern.test(word)) throw new PayloadError(path, `not usable as ${what}: "${word.slice(0, 60)}"`);
  return word;
}

/** The kind the rule gives, or undefined when the event's value is not in its map. */
function kindOf(event: unknown, mapping: EventMapping): { kind: Kind } | { unmapped: string } {
  if (typeof mapping.kind === 'string') return { kind: mapping.kind };
  const word = checked(readWord(event, mapping.kind.from, 'kind.from'), WORD, mapping.kind.from, 'a kind word (printable ASCII, at most 200 characters)');
  const kind = lookupWord(mapping.kind.map, word);
  return kind ? { kind } : { unmapped: `${mapping.kind.from} "${word.slice(0, 100)}" is not in mapping.kind.map` };
}

/**
 * One event (as JSON: a CloudEvent in structured form, a Standard Webhooks body) through the
 * connection's mapping. A state word the mapping does not list is never taken as an end: a
 * one-shot resource stays `processing` (with a note), a cyclic one's phase is not guessed
 * (ignored), as for the platforms' own undocumented words. Throws PayloadError naming the field.
 */
export function mapEvent(event: unknown, mapping: EventMapping): MappedEvent {
  const found = kindOf(event, mapping);
  if ('unmapped' in found) return { outcome: 'unmapped', reason: found.unmapped };
  const { kind } = found;
  const id = checked(readWord(event, mapping.id, 'id'), ID, mapping.id, 'a resource id (printable, no spaces, at most 600 characters)');
  const state = checked(readWord(event, mapping.state, 'state'), WORD, mapping.state, 'a state (printable ASCII, at most 200 characters)');
  const account = mapping.account === undefined ? undefined : checked(readWord(event, mapping.account, 'account'), ACCOUNT, mapping.account, 'an account (printable, no spaces or ":")');
  const withAccount = account === undefined ? {} : { account };
  const phase = lookupWord(mapping.phases[kind] ?? {}, state);
  if (phase) return { outcome: 'mapped', kind, id, state, phase, ...withAccount };
  const where = `${mapping.state} "${state.slice(0, 100)}" is not in mapping.phases.${kind}`;
  if (isCyclic(kind)) return { outcome: 'unmapped', reason: `${where}: a ${kind}'s phase is not guessed` };
  return { outcome: 'mapped', kind, id, state, phase: 'processing', ...withAccount, note: `${where}: taken as processing (never an end by guess)` };
}
