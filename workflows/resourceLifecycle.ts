import {
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { createPollActivities, PollOutcome } from '../activities/poll';
import type { createSettingsActivities } from '../activities/settings';
import { actionsFor, idempotencyKey, type ActionContext, type ActionPlan, type TypePlan } from '../src/domain/actions';
import type { CanonicalEvent, EventSource } from '../src/domain/canonicalEvent';
import { isCanonicalEvent } from '../src/domain/eventShape';
import { ResourceLifecycle, type LifecycleCarry, type Transition } from '../src/domain/lifecycle';
import { endsLife, policyOrDefault, type LifecyclePolicy } from '../src/domain/lifecyclePolicy';
import { dueAfterQuiet, pollNowAnswer, waitStep, type LoopState } from '../src/domain/nextStep';
import type { ResourceKey } from '../src/domain/resourceKey';
import { nextPollDelay, type WaitPolicy } from '../src/domain/waitPolicy';
import { ReelflowAccount, ReelflowKind, ReelflowPhase, ReelflowProvider, ReelflowState } from '../src/temporal/searchAttributes';
import { runAction, runActionFast } from './entity/actions';
import { currentDetails, waitSummary } from './entity/details';
import { untilOrTimeout, untilOrTimeoutThenEnd } from './entity/waits';
import { eventSignal, pollNowSignal, resourceUpdateSignal, stateQuery, subscribeSignal, type ResourceStatus } from './messages';

export interface ResourceLifecycleInput {
  key: ResourceKey;
  /** After a terminal phase, keep absorbing late duplicates this long, then complete. */
  lingerMs: number;
  /** The connection the resource's events come through; polls and actions use its config. */
  connection?: string;
  /** The kind's lifecycle rules (absent in workflows started before policies: the kind's default). */
  policy?: LifecyclePolicy;
  /** Wait-or-poll; absent for providers that cannot be polled (and for workflows started before it existed). */
  wait?: WaitPolicy;
  /** Action names per phase (names only: the specs and their secrets stay in the worker's config). */
  plan?: ActionPlan;
  /** Action names per event type (an AI summary on a ready media). */
  typePlan?: TypePlan;
  /** Continue as new after this long in one run, re-reading these settings from the config. */
  refreshAfterMs?: number;
  /** Set by continue-as-new: the state and recent event ids of the previous run. */
  carry?: LifecycleCarry;
  /** Set by continue-as-new: when the last transition happened (epoch ms), so maxWait spans runs. */
  lastProgressAt?: number;
}

/** Behaviour that changed under running workflows: histories recorded before replay the old way. */
const PATCH_ACTIONS_ON_PHASE_CHANGE = 'reelflow-actions-on-phase-change';
const PATCH_SETTINGS_AT_CONTINUE = 'reelflow-settings-at-continue-as-new';
/** A worker from before pollNow buffered the signal and did nothing: replaying its history must do nothing too. */
const PATCH_POLL_NOW = 'reelflow-poll-now';
/**
 * Upsert only changed search attributes. It also stands for every patch above: a patch costs a
 * run two history events (its marker and Temporal's TemporalChangeVersion upsert), so a new run
 * records one marker alone; histories from before it ask the older ones, as they did.
 */
const PATCH_LEAN_ATTRIBUTES = 'reelflow-lean-attributes';
/**
 * Waits with fewer promises (entity/waits.ts); the linger's timer is no longer cancelled when the
 * run continues as new. Stands for every patch above, as the one before it did.
 */
const PATCH_LEAN_WAITS = 'reelflow-lean-waits';
/**
 * Actions try a local activity first (runActionFast). Stands for every patch above, as the one
 * before it did: a new run records this marker alone.
 */
const PATCH_LOCAL_ACTIONS = 'reelflow-local-actions';

const { lifecycleSettings } = proxyLocalActivities<ReturnType<typeof createSettingsActivities>>({
  startToCloseTimeout: '10 seconds',
  scheduleToCloseTimeout: '1 minute',
});

/**
 * One workflow per resource, id = resource key. A thin shell: the rules live in
 * ResourceLifecycle and "what next" in nextStep; this wires signals, queries, timers and
 * activities to them, runs the configured actions on transitions, and tells subscribed pipelines.
 */
export async function resourceLifecycle(input: ResourceLifecycleInput) {
  // First, so that a new run's marker comes before anything the older patches gate.
  const localActions = patched(PATCH_LOCAL_ACTIONS);
  const leanWaits = localActions || patched(PATCH_LEAN_WAITS);
  const lean = leanWaits || patched(PATCH_LEAN_ATTRIBUTES);
  const since = (patch: string) => lean || patched(patch);
  const model = input.carry ? ResourceLifecycle.restore(input.carry, input.policy) : ResourceLifecycle.create(input.key, input.policy);
  const policy = policyOrDefault(model.view.kind, input.policy);
  const { wait } = input;
  const connection = input.connection ?? '';
  const { pollResource, fetchResource } = proxyActivities<ReturnType<typeof createPollActivities>>({
    taskQueue: wait?.pollTaskQueue,
    startToCloseTimeout: '30 seconds',
    // 429s wait for Retry-After (nextRetryDelay); 5xx back off; then the workflow's own backoff takes over.
    retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 5 },
  });

  let news = 0; // non-duplicate events seen: the wait loop wakes when it moves
  let lastProgressAt = input.lastProgressAt ?? Date.now(); // workflow time: deterministic
  const refreshAt = input.refreshAfterMs !== undefined ? Date.now() + input.refreshAfterMs : undefined;
  const inflight = new Set<Promise<void>>();
  const track = (work: Promise<void>) => {
    inflight.add(work);
    void work.finally(() => inflight.delete(work));
  };

  // Search attributes cost a history event per upsert, so only on transitions, and (in runs new
  // enough to ask) only the values that differ from what the workflow has: the start already set
  // provider, account, kind and the first event's state and phase. Details are free.
  const upsertAttributes = () => {
    const s = model.view;
    const wanted = [
      { key: ReelflowProvider, value: s.provider },
      { key: ReelflowAccount, value: s.account },
      { key: ReelflowKind, value: s.kind },
      ...(s.state !== undefined ? [{ key: ReelflowState, value: s.state }] : []),
      ...(s.phase !== undefined ? [{ key: ReelflowPhase, value: s.phase }] : []),
    ];
    if (!lean) return upsertSearchAttributes(wanted);
    const current = workflowInfo().typedSearchAttributes;
    const changed = wanted.filter(({ key, value }) => current.get(key) !== value);
    if (changed.length > 0) upsertSearchAttributes(changed);
  };
  const describe = () => setCurrentDetails(currentDetails(model.view));

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
  /** In the background, and only when someone listens: every promise in a workflow costs a captured stack. */
  const tellSubscribersSoon = () => {
    if (model.subscribers.length > 0) track(tellSubscribers());
  };

  const runOne = async (transition: Transition, actionName: string) => {
    const s = model.view;
    const key = idempotencyKey(workflowInfo().workflowId, transition.eventId, actionName);
    const ctx: ActionContext = {
      idempotencyKey: key,
      actionName,
      workflowId: workflowInfo().workflowId,
      key: s.key,
      provider: s.provider,
      connection,
      account: s.account,
      kind: s.kind,
      id: s.id,
      transition,
      resource: s.resource,
    };
    model.recordAction({ idempotencyKey: key, name: actionName, eventId: transition.eventId, status: 'running' });
    describe();
    try {
      const detail = await (localActions ? runActionFast : runAction)({ actionName, ctx });
      model.recordAction({ idempotencyKey: key, name: actionName, eventId: transition.eventId, status: 'succeeded', detail });
    } catch (error) {
      // A failed action is shown, not fatal: the others and the lifecycle go on.
      const cause = (error as { cause?: Error }).cause;
      model.recordAction({ idempotencyKey: key, name: actionName, eventId: transition.eventId, status: 'failed', detail: (cause ?? (error as Error)).message });
    }
    describe();
  };
  const onTransition = (transition: Transition) => {
    if (transition.aspect === undefined) {
      lastProgressAt = Date.now();
      upsertAttributes();
    }
    const names = actionsFor(transition, input.plan, input.typePlan, since(PATCH_ACTIONS_ON_PHASE_CHANGE));
    for (const name of names) track(runOne(transition, name));
    tellSubscribersSoon();
  };

  const handleEvent = (event: CanonicalEvent) => {
    // Whatever a sender put in a signal, a malformed event must not wedge this workflow's tasks.
    if (!isCanonicalEvent(event) || event.key !== input.key) {
      log.warn('malformed event, or one for another resource, ignored', { eventKey: String(event?.key), eventId: String(event?.eventId) });
      return;
    }
    const revision = model.view.revision;
    const result = model.apply(event);
    if (result.outcome !== 'duplicate') news += 1;
    if (result.transition) onTransition(result.transition);
    else if (model.view.revision !== revision) tellSubscribersSoon(); // a new link is news to subscribers too
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

  /** One GET through the provider's rate-limited queue; true when it brought a transition. */
  const pollOnce = async (via: Extract<EventSource, 'poll' | 'reconcile'> = 'poll'): Promise<boolean> => {
    const n = model.notePoll();
    // Dated when asked, not when answered: a webhook that lands meanwhile is newer than this read.
    const askedAt = new Date().toISOString();
    let outcome: PollOutcome;
    try {
      outcome = await pollResource({ key: input.key, connection });
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
    if (outcome.outcome === 'state' && !resource && endsLife(policy, outcome.phase) && ref.providerPhase !== outcome.phase) {
      // Actions on a terminal phase need the full resource; fetch it through the same rate limit.
      resource = await fetchResource({ key: input.key, connection }).catch((error: Error) => {
        log.warn('fetching the full resource failed', { key: input.key, error: error.message });
        return undefined;
      });
    }
    handleEvent({
      provider: ref.provider,
      connection,
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
      via,
      resource,
    });
    return model.view.counts.transitions > before;
  };

  const continueAsNewSuggested = () => workflowInfo().continueAsNewSuggested;
  const settle = async () => {
    await condition(() => inflight.size === 0 && allHandlersFinished());
  };
  /** The next run starts from the config as it is now (if this run is new enough to ask). */
  const nextRunInput = async (): Promise<ResourceLifecycleInput> => {
    const carried = { carry: model.carry(), lastProgressAt };
    if (!since(PATCH_SETTINGS_AT_CONTINUE) || !connection) return { ...input, ...carried };
    const fresh = await lifecycleSettings({ key: input.key, connection }).catch((error: Error) => {
      log.warn('re-reading settings failed; the next run keeps these', { key: input.key, error: error.message });
      return input;
    });
    return { ...fresh, ...carried };
  };

  let delay = wait?.quietForMs ?? 0;
  const loopState = (): LoopState => ({
    terminal: model.terminal,
    deletionPending: model.deletionPending,
    attention: model.attention,
    policy,
    wait,
    lingerMs: input.lingerMs,
    now: Date.now(),
    lastProgressAt,
    pollDelayMs: delay,
    refreshAt,
  });

  // Why a poll was asked for by pollNow, until the loop runs it: several asks make one poll.
  let pollAsked: string | undefined;
  setHandler(pollNowSignal, (request) => {
    // Whatever a sender put in the signal, it must not wedge this workflow's tasks.
    const reason = typeof request?.reason === 'string' ? request.reason.slice(0, 300) : 'unspecified';
    const answer = pollNowAnswer(loopState());
    if (answer !== 'poll') log.info('pollNow ignored', { key: input.key, reason, because: answer });
    else if (since(PATCH_POLL_NOW)) pollAsked ??= reason;
  });

  /** The poll a pollNow asked for, if it still holds (the resource may have ended since); then as after any poll. */
  const pollIfAsked = async () => {
    if (pollAsked === undefined) return;
    const reason = pollAsked;
    pollAsked = undefined;
    if (pollNowAnswer(loopState()) !== 'poll') return;
    log.info('polling at once', { key: input.key, reason });
    delay = (await pollOnce('reconcile')) ? (wait?.quietForMs ?? 0) : nextPollDelay(delay, wait!);
  };

  for (;;) {
    const step = waitStep(loopState());
    const seen = news;
    // pollAsked is only ever set by a pollNow signal: histories without one wake exactly as before.
    const hasNews = () => continueAsNewSuggested() || model.terminal || news !== seen || pollAsked !== undefined;
    let woke: boolean;
    if (step.timeoutMs === undefined) woke = await condition(hasNews).then(() => true);
    else {
      const summary = waitSummary(model.view, step);
      if (!leanWaits) woke = await condition(step.wakeOn === 'history-full' ? continueAsNewSuggested : hasNews, step.timeoutMs, { summary });
      else if (step.wakeOn === 'history-full') woke = await untilOrTimeoutThenEnd(continueAsNewSuggested, step.timeoutMs, summary);
      else woke = await untilOrTimeout(hasNews, step.timeoutMs, summary);
    }

    let refresh = false;
    if (woke) {
      if (step.wakeOn === 'news' && news !== seen) delay = wait?.quietForMs ?? 0; // a webhook wins: back to waiting the full quiet period
      // Guarded here, not only inside: an async call costs promises, and each captures a stack.
      if (pollAsked !== undefined) await pollIfAsked();
    } else {
      switch (dueAfterQuiet(loopState())) {
        case 'complete':
          await settle();
          // Pipelines still waiting for something else learn that nothing more will come.
          await tellSubscribers(true);
          return model.snapshot();
        case 'refresh':
          refresh = true;
          break;
        case 'seal':
          model.seal();
          tellSubscribersSoon();
          describe();
          break;
        case 'stall':
          attention('stalled', `no transition for ${Math.round((wait?.maxWaitMs ?? 0) / 1000)} s; polling stopped`);
          break;
        case 'poll':
          delay = (await pollOnce()) ? (wait?.quietForMs ?? 0) : nextPollDelay(delay, wait!);
          break;
        case 'nothing':
          break;
      }
    }
    if (continueAsNewSuggested() || refresh) {
      await settle();
      await continueAsNew<typeof resourceLifecycle>(await nextRunInput());
    }
  }
}
