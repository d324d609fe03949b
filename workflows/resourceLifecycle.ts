import {
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  log,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { createActionActivities } from '../activities/actions';
import type { createPollActivities, PollOutcome } from '../activities/poll';
import type { ActionPlan } from '../src/config/actions';
import { idempotencyKey, type ActionContext } from '../src/domain/actions';
import { CanonicalEvent } from '../src/domain/canonicalEvent';
import { ResourceLifecycle, type LifecycleCarry, type Transition } from '../src/domain/lifecycle';
import { isTerminal } from '../src/domain/phase';
import type { ResourceKey } from '../src/domain/resourceKey';
import { nextPollDelay, type WaitPolicy } from '../src/domain/waitPolicy';
import {
  ReelflowAccount,
  ReelflowKind,
  ReelflowPhase,
  ReelflowProvider,
  ReelflowState,
} from '../src/temporal/searchAttributes';
import { eventSignal, resourceUpdateSignal, stateQuery, subscribeSignal, type ResourceStatus } from './messages';

export interface ResourceLifecycleInput {
  key: ResourceKey;
  /** After a terminal phase, keep absorbing late duplicates this long, then complete. */
  lingerMs: number;
  /** The connection the resource's events come through; polls and actions use its config. */
  connection?: string;
  /** Wait-or-poll; absent for providers that cannot be polled (and for workflows started before it existed). */
  wait?: WaitPolicy;
  /** Action names per phase (names only: the specs and their secrets stay in the worker's config). */
  plan?: ActionPlan;
  /** Set by continue-as-new: the state and recent event ids of the previous run. */
  carry?: LifecycleCarry;
  /** Set by continue-as-new: when the last transition happened (epoch ms), so maxWait spans runs. */
  lastProgressAt?: number;
}

const { runAction } = proxyActivities<ReturnType<typeof createActionActivities>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 8 },
});

/**
 * One workflow per resource, id = resource key. A thin shell: the rules live in
 * ResourceLifecycle; this wires signals and queries to it, waits for news or polls when none
 * comes, runs the configured actions on transitions, and tells subscribed pipelines.
 */
export async function resourceLifecycle(input: ResourceLifecycleInput) {
  const model = input.carry ? ResourceLifecycle.restore(input.carry) : ResourceLifecycle.create(input.key);
  const { wait } = input;
  const { pollResource, fetchResource } = proxyActivities<ReturnType<typeof createPollActivities>>({
    taskQueue: wait?.pollTaskQueue,
    startToCloseTimeout: '30 seconds',
    // 429s wait for Retry-After (nextRetryDelay); 5xx back off; then the workflow's own backoff takes over.
    retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 5 },
  });

  let news = 0; // non-duplicate events seen: the wait loop wakes when it moves
  let lastProgressAt = input.lastProgressAt ?? Date.now(); // workflow time: deterministic
  const inflight = new Set<Promise<void>>();
  const track = (work: Promise<void>) => {
    inflight.add(work);
    void work.finally(() => inflight.delete(work));
  };

  // Search attributes cost a history event each, so only on transitions; details are free.
  const upsertAttributes = () => {
    const s = model.view;
    upsertSearchAttributes([
      { key: ReelflowProvider, value: s.provider },
      { key: ReelflowAccount, value: s.account },
      { key: ReelflowKind, value: s.kind },
      ...(s.state !== undefined ? [{ key: ReelflowState, value: s.state }] : []),
      ...(s.phase !== undefined ? [{ key: ReelflowPhase, value: s.phase }] : []),
    ]);
  };
  const describe = () => {
    const s = model.view;
    const last = s.transitions.at(-1);
    const failed = s.actions.filter((a) => a.status === 'failed');
    const running = s.actions.filter((a) => a.status === 'running');
    setCurrentDetails(
      [
        `**${s.phase ?? 'unknown'}** (${s.state ?? 'no state yet'})${s.terminal ? ', terminal' : ''}${s.attention ? ` — ${s.attention.reason}` : ''}`,
        last ? `last transition: ${last.previousState ?? '∅'} → ${last.state} via ${last.via} at ${last.occurredAt}` : 'no transition yet',
        `events ${s.counts.events} · transitions ${s.counts.transitions} · duplicates ${s.counts.duplicates} · stale ${s.counts.stale} · polls ${s.counts.polls}`,
        ...(running.length ? [`actions running: ${running.map((a) => a.name).join(', ')}`] : []),
        ...(failed.length ? [`**actions failed**: ${failed.map((a) => `${a.name} (${a.detail ?? 'error'})`).join('; ')}`] : []),
      ].join('\n\n'),
    );
  };

  const status = (closed = false): ResourceStatus => {
    const { transitions: _t, stale: _s, actions: _a, subscribers: _u, ...rest } = model.snapshot();
    return closed ? { ...rest, closed } : rest;
  };
  const tell = (id: string, current: ResourceStatus) =>
    getExternalWorkflowHandle(id)
      .signal(resourceUpdateSignal, current)
      .catch((error: Error) => {
        // A pipeline that finished (or was removed) no longer listens.
        log.info('subscriber gone, dropped', { subscriber: id, error: error.message });
        model.unsubscribe(id);
      });
  const tellSubscribers = async (closed = false) => {
    if (model.subscribers.length === 0) return;
    const current = status(closed);
    await Promise.all(model.subscribers.map((id) => tell(id, current)));
  };

  const runActions = async (transition: Transition) => {
    const names = input.plan?.[transition.phase] ?? [];
    if (names.length === 0) return;
    const s = model.view;
    const resource = s.resource;
    await Promise.all(
      names.map(async (actionName) => {
        const key = idempotencyKey(workflowInfo().workflowId, transition.eventId, actionName);
        const ctx: ActionContext = {
          idempotencyKey: key,
          actionName,
          workflowId: workflowInfo().workflowId,
          key: s.key,
          provider: s.provider,
          connection: input.connection ?? '',
          account: s.account,
          kind: s.kind,
          id: s.id,
          transition,
          resource,
        };
        model.recordAction({ idempotencyKey: key, name: actionName, eventId: transition.eventId, status: 'running' });
        describe();
        try {
          const detail = await runAction({ actionName, ctx });
          model.recordAction({ idempotencyKey: key, name: actionName, eventId: transition.eventId, status: 'succeeded', detail });
        } catch (error) {
          // A failed action is shown, not fatal: the others and the lifecycle go on.
          const cause = (error as { cause?: Error }).cause;
          model.recordAction({ idempotencyKey: key, name: actionName, eventId: transition.eventId, status: 'failed', detail: (cause ?? (error as Error)).message });
        }
        describe();
      }),
    );
  };

  const onTransition = (transition: Transition) => {
    lastProgressAt = Date.now();
    upsertAttributes();
    track(runActions(transition));
    track(tellSubscribers());
  };

  const handleEvent = (event: CanonicalEvent) => {
    // Whatever a sender put in a signal, a malformed event must not wedge this workflow's tasks.
    if (!CanonicalEvent.safeParse(event).success || event.key !== input.key) {
      log.warn('malformed event, or one for another resource, ignored', { eventKey: String(event?.key), eventId: String(event?.eventId) });
      return;
    }
    const result = model.apply(event);
    if (result.outcome !== 'duplicate') news += 1;
    if (result.transition) onTransition(result.transition);
    describe();
  };

  setHandler(eventSignal, handleEvent);
  setHandler(subscribeSignal, ({ workflowId }) => {
    model.subscribe(workflowId);
    // The subscriber hears the current status at once: an event that came first is not lost.
    track(tell(workflowId, status()));
  });
  setHandler(stateQuery, () => model.snapshot());
  upsertAttributes();
  describe();

  const attention = (phase: 'stalled' | 'needs-attention', reason: string) => {
    const transition = model.markAttention(phase, reason, new Date().toISOString());
    if (transition) onTransition(transition);
    describe();
  };

  const pollOnce = async (): Promise<boolean> => {
    const n = model.notePoll();
    // Dated when asked, not when answered: a webhook that lands meanwhile is newer than this read.
    const askedAt = new Date().toISOString();
    let outcome: PollOutcome;
    try {
      outcome = await pollResource({ key: input.key, connection: input.connection ?? '' });
    } catch (error) {
      log.warn('poll failed', { key: input.key, error: ((error as { cause?: Error }).cause ?? (error as Error)).message });
      describe();
      return false;
    }
    if (outcome.outcome === 'needs-attention') {
      attention('needs-attention', outcome.detail);
      return false;
    }
    if (outcome.outcome === 'unknown') {
      describe();
      return false;
    }
    const before = model.view.counts.transitions;
    const ref = model.view;
    let resource = outcome.outcome === 'state' ? outcome.resource : undefined;
    if (outcome.outcome === 'state' && !resource && isTerminal(ref.kind, outcome.phase) && ref.providerPhase !== outcome.phase) {
      // Actions on a terminal phase need the full resource; fetch it through the same rate limit.
      resource = await fetchResource({ key: input.key, connection: input.connection ?? '' }).catch((error: Error) => {
        log.warn('fetching the full resource failed', { key: input.key, error: error.message });
        return undefined;
      });
    }
    handleEvent({
      provider: ref.provider,
      connection: input.connection ?? '',
      account: ref.account,
      eventId: `poll:${n}`,
      type: 'reelflow.poll',
      key: input.key,
      kind: ref.kind,
      id: ref.id,
      state: outcome.outcome === 'gone' ? 'NotFound' : outcome.state,
      phase: outcome.outcome === 'gone' ? 'deleted' : outcome.phase,
      occurredAt: askedAt,
      receivedAt: new Date().toISOString(),
      via: 'poll',
      resource,
    });
    return model.view.counts.transitions > before;
  };

  const continueAsNewSuggested = () => workflowInfo().continueAsNewSuggested;
  const settle = async () => {
    await condition(() => inflight.size === 0 && allHandlersFinished());
  };
  let delay = wait?.quietForMs ?? 0;

  for (;;) {
    if (model.terminal) {
      const historyFull = await condition(continueAsNewSuggested, input.lingerMs);
      if (!historyFull) {
        await settle();
        // Pipelines still waiting for something else learn that nothing more will come.
        await tellSubscribers(true);
        return model.snapshot();
      }
    } else if (!wait || model.attention) {
      // Nothing to poll (or polling gave up): wait for a webhook.
      const seen = news;
      await condition(() => continueAsNewSuggested() || model.terminal || news !== seen);
      delay = wait?.quietForMs ?? 0;
    } else {
      const seen = news;
      const untilStall = Math.max(0, wait.maxWaitMs - (Date.now() - lastProgressAt));
      const gotNews = await condition(() => continueAsNewSuggested() || model.terminal || news !== seen, Math.min(delay, untilStall));
      if (gotNews) {
        delay = wait.quietForMs; // a webhook wins: back to waiting the full quiet period
      } else if (Date.now() - lastProgressAt >= wait.maxWaitMs) {
        attention('stalled', `no transition for ${Math.round(wait.maxWaitMs / 1000)} s; polling stopped`);
      } else {
        delay = (await pollOnce()) ? wait.quietForMs : nextPollDelay(delay, wait);
      }
    }
    if (continueAsNewSuggested()) {
      await settle();
      await continueAsNew<typeof resourceLifecycle>({ ...input, carry: model.carry(), lastProgressAt });
    }
  }
}
