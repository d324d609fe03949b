import { defineSignal } from '@temporalio/workflow';
import type { CanonicalEvent } from '../src/domain/canonicalEvent';

/** Declared once, imported by the workflow and by every client, so a rename cannot drift. */
export const eventSignal = defineSignal<[CanonicalEvent]>('event');
// The messages outside code also uses live in resourceApi.ts (published, zod-free).
export { resourceUpdateSignal, stateQuery, subscribeSignal, type ResourceStatus } from './resourceApi';

/**
 * Poll once, now (reconcile read a Failed or Retrying delivery for this resource in the platform's
 * history). Several before the poll runs make one poll; a resource that cannot be polled ignores it.
 */
export const pollNowSignal = defineSignal<[{ reason: string }]>('pollNow');
