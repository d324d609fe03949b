import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { CanonicalEvent } from '../src/domain/canonicalEvent';
import type { ResourceSnapshot } from '../src/domain/lifecycle';

/** Declared once, imported by the workflow and by every client, so a rename cannot drift. */
export const eventSignal = defineSignal<[CanonicalEvent]>('event');
export const stateQuery = defineQuery<ResourceSnapshot>('state');

/** A pipeline asks to hear about a resource; it gets the current status at once, then every change. */
export const subscribeSignal = defineSignal<[{ workflowId: string }]>('subscribe');

/** What a subscriber hears: the snapshot without its history lists; `closed` on the last one. */
export type ResourceStatus = Omit<ResourceSnapshot, 'transitions' | 'stale' | 'actions' | 'subscribers'> & { closed?: boolean };
export const resourceUpdateSignal = defineSignal<[ResourceStatus]>('resourceUpdate');

/**
 * Poll once, now (reconcile read a Failed or Retrying delivery for this resource in the platform's
 * history). Several before the poll runs make one poll; a resource that cannot be polled ignores it.
 */
export const pollNowSignal = defineSignal<[{ reason: string }]>('pollNow');
