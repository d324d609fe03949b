import {
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { CanonicalEvent } from '../src/domain/canonicalEvent';
import { ResourceLifecycle, type LifecycleCarry } from '../src/domain/lifecycle';
import type { ResourceKey } from '../src/domain/resourceKey';
import {
  ReelflowAccount,
  ReelflowKind,
  ReelflowPhase,
  ReelflowProvider,
  ReelflowState,
} from '../src/temporal/searchAttributes';
import { eventSignal, stateQuery } from './messages';

export interface ResourceLifecycleInput {
  key: ResourceKey;
  /** After a terminal phase, keep absorbing late duplicates this long, then complete. */
  lingerMs: number;
  /** Set by continue-as-new: the state and recent event ids of the previous run. */
  carry?: LifecycleCarry;
}

/**
 * One workflow per resource, id = resource key. A thin shell: every rule lives in
 * ResourceLifecycle; this only wires signals and queries to it and decides when to end.
 */
export async function resourceLifecycle(input: ResourceLifecycleInput) {
  const model = input.carry ? ResourceLifecycle.restore(input.carry) : ResourceLifecycle.create(input.key);

  // Search attributes cost a history event each, so only on transitions; details are free.
  const upsertAttributes = () => {
    const s = model.snapshot();
    upsertSearchAttributes([
      { key: ReelflowProvider, value: s.provider },
      { key: ReelflowAccount, value: s.account },
      { key: ReelflowKind, value: s.kind },
      ...(s.state !== undefined ? [{ key: ReelflowState, value: s.state }] : []),
      ...(s.phase !== undefined ? [{ key: ReelflowPhase, value: s.phase }] : []),
    ]);
  };
  const describe = () => {
    const s = model.snapshot();
    const last = s.transitions.at(-1);
    setCurrentDetails(
      [
        `**${s.phase ?? 'unknown'}** (${s.state ?? 'no state yet'})${s.terminal ? ', terminal' : ''}`,
        last ? `last transition: ${last.previousState ?? '∅'} → ${last.state} via ${last.via} at ${last.occurredAt}` : 'no transition yet',
        `events ${s.counts.events} · transitions ${s.counts.transitions} · duplicates ${s.counts.duplicates} · stale ${s.counts.stale}`,
      ].join('\n\n'),
    );
  };

  setHandler(eventSignal, (event: CanonicalEvent) => {
    if (event.key !== input.key) {
      log.warn('event for another resource ignored', { eventKey: event.key, eventId: event.eventId });
      return;
    }
    const result = model.apply(event);
    log.info(`event ${result.outcome}`, { eventId: event.eventId, type: event.type, state: event.state, via: event.via });
    if (result.outcome === 'transition') upsertAttributes();
    describe();
  });
  setHandler(stateQuery, () => model.snapshot());
  upsertAttributes();
  describe();

  const continueAsNewSuggested = () => workflowInfo().continueAsNewSuggested;
  for (;;) {
    if (model.terminal) {
      const historyFull = await condition(continueAsNewSuggested, input.lingerMs);
      if (!historyFull) {
        await condition(allHandlersFinished);
        return model.snapshot();
      }
    } else {
      await condition(() => continueAsNewSuggested() || model.terminal);
    }
    if (continueAsNewSuggested()) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof resourceLifecycle>({ ...input, carry: model.carry() });
    }
  }
}
