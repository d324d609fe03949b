import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { SignalDefinition } from '@temporalio/common';
import type { ReelflowConfig } from '../config/load';
import type { CanonicalEvent } from '../domain/canonicalEvent';
import { parseResourceKey } from '../domain/resourceKey';
import { eventSignal } from '../../workflows/messages';
import type { resourceLifecycle, ResourceLifecycleInput } from '../../workflows/resourceLifecycle';
import { lifecycleInput } from './lifecycleInput';
import { ReelflowAccount, ReelflowKind, ReelflowPhase, ReelflowProvider, ReelflowState } from './searchAttributes';

/**
 * signalWithStart on a resource's entity workflow: the signal reaches it whether or not it
 * runs yet, and a new one is searchable from its first moment. A workflow that completed its
 * lifecycle is not started again (a fresh run would know nothing of the old one and redo
 * its actions): that answers `closed`. Failed or terminated ones may start anew.
 */
export async function signalResource<Args extends unknown[]>(
  client: Client,
  taskQueue: string,
  input: ResourceLifecycleInput,
  signal: SignalDefinition<Args>,
  args: Args,
  /** Where the resource stands if this signal starts its workflow (an event's state and phase). */
  startsAt?: StartState,
): Promise<{ outcome: 'signaled'; runId: string } | { outcome: 'closed' }> {
  const ref = parseResourceKey(input.key);
  try {
    const handle = await startOrSignal(client, taskQueue, input, signal, args, ref, startsAt);
    return { outcome: 'signaled', runId: handle.signaledRunId };
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return { outcome: 'closed' };
    throw error;
  }
}

function startOrSignal<Args extends unknown[]>(
  client: Client,
  taskQueue: string,
  input: ResourceLifecycleInput,
  signal: SignalDefinition<Args>,
  args: Args,
  ref: ReturnType<typeof parseResourceKey>,
  startsAt: StartState | undefined,
) {
  return client.workflow.signalWithStart<typeof resourceLifecycle, unknown[]>('resourceLifecycle', {
    workflowId: input.key,
    workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
    taskQueue,
    args: [input],
    signal: signal as SignalDefinition<unknown[]>,
    signalArgs: args,
    staticSummary: `${ref.provider} ${ref.kind} ${ref.id} (${ref.account})`,
    typedSearchAttributes: [
      { key: ReelflowProvider, value: ref.provider },
      { key: ReelflowKind, value: ref.kind },
      { key: ReelflowAccount, value: ref.account },
      // A new workflow is searchable by state at once, and need not upsert what its first event says.
      ...(startsAt
        ? [
            { key: ReelflowState, value: startsAt.state },
            { key: ReelflowPhase, value: startsAt.phase },
          ]
        : []),
    ],
  });
}

export interface StartState {
  state: string;
  phase: string;
}

/** An event's state and phase are the resource's own, unless the event is about one aspect of it. */
export const startStateOf = (event: CanonicalEvent): StartState | undefined => (event.aspect === undefined ? { state: event.state, phase: event.phase } : undefined);

export interface DispatchOptions {
  taskQueue: string;
  /** Past this one hand-off is abandoned; the inbox keeps the event and the relay retries. */
  timeoutMs: number;
  /** The workflow's start input, used only when this event starts it (see lifecycleInput). */
  inputFor: (event: CanonicalEvent) => ResourceLifecycleInput;
}

/** Hands canonical events to their entity workflows. */
export interface Dispatcher {
  /** `closed`: the resource's workflow already completed its lifecycle; the event changes nothing. */
  deliver(event: CanonicalEvent): Promise<{ workflowId: string; runId?: string; closed?: boolean }>;
}

export function temporalDispatcher(client: Client, options: DispatchOptions): Dispatcher {
  return {
    async deliver(event) {
      const sent = await client.withDeadline(Date.now() + options.timeoutMs, () => signalResource(client, options.taskQueue, options.inputFor(event), eventSignal, [event], startStateOf(event)));
      return sent.outcome === 'closed' ? { workflowId: event.key, closed: true } : { workflowId: event.key, runId: sent.runId };
    },
  };
}

/** A dispatcher whose start input comes from the config (wait policy, action plan). */
export function configuredDispatcher(client: Client, config: ReelflowConfig, timeoutMs = config.server.signalTimeout): Dispatcher {
  return temporalDispatcher(client, {
    taskQueue: config.temporal.taskQueue,
    timeoutMs,
    inputFor: (event) => lifecycleInput(config, event),
  });
}
