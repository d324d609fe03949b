import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { CanonicalEvent } from '../src/domain/canonicalEvent';
import type { ResourceSnapshot } from '../src/domain/lifecycle';

/** Declared once, imported by the workflow and by every client, so a rename cannot drift. */
export const eventSignal = defineSignal<[CanonicalEvent]>('event');
export const stateQuery = defineQuery<ResourceSnapshot>('state');
