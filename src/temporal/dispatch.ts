import type { Client } from '@temporalio/client';
import type { CanonicalEvent } from '../domain/canonicalEvent';
import { eventSignal } from '../../workflows/messages';
import type { resourceLifecycle, ResourceLifecycleInput } from '../../workflows/resourceLifecycle';
import { ReelflowAccount, ReelflowKind, ReelflowProvider } from './searchAttributes';

export interface DispatchOptions {
  taskQueue: string;
  lingerMs: number;
  /** Past this the call is abandoned and the ingress answers 503 (Media Manager gives up at 3 s). */
  timeoutMs: number;
}

/** Hands canonical events to their entity workflows. */
export interface Dispatcher {
  deliver(event: CanonicalEvent): Promise<{ workflowId: string }>;
}

/** signalWithStart: the event reaches the resource's workflow whether or not it runs yet. */
export function temporalDispatcher(client: Client, options: DispatchOptions): Dispatcher {
  return {
    async deliver(event) {
      const input: ResourceLifecycleInput = { key: event.key, lingerMs: options.lingerMs };
      await client.withDeadline(Date.now() + options.timeoutMs, () =>
        client.workflow.signalWithStart<typeof resourceLifecycle, [CanonicalEvent]>('resourceLifecycle', {
          workflowId: event.key,
          taskQueue: options.taskQueue,
          args: [input],
          signal: eventSignal,
          signalArgs: [event],
          staticSummary: `${event.provider} ${event.kind} ${event.id} (${event.account})`,
          typedSearchAttributes: [
            { key: ReelflowProvider, value: event.provider },
            { key: ReelflowKind, value: event.kind },
            { key: ReelflowAccount, value: event.account },
          ],
        }),
      );
      return { workflowId: event.key };
    },
  };
}
