import type { MkioLiveResourceType } from '../../providers/mkio/source';
import type { PendingWork } from '../kit/pending';
import { isRecord } from '../kit/router';
import { badRequest } from './errors';
import { FAKE_OUTCOME } from './jobs';
import type { OperationShape, OperationSpec } from './liveResources';

export type OperationRecord = OperationShape;

/** MK.IO's only operation type. */
export const START_STOP = 'MediaKind.ScheduledOperation.StartStop';

export type OperationEventType = 'MediaKind.ScheduledOperationAccepted' | 'MediaKind.ScheduledOperationOngoing' | 'MediaKind.ScheduledOperationCompleted' | 'MediaKind.ScheduledOperationError';

export interface OperationTransition {
  operation: OperationRecord;
  type: OperationEventType;
  previousState: string;
  state: string;
  at: Date;
}

export interface OperationClockDeps {
  pending: PendingWork;
  /** Each of Pending → Accepted → Ongoing → Completed takes this long. */
  stepMs: () => number;
  onTransition: (transition: OperationTransition) => void;
  /** The operation's window opens (Ongoing) and closes (Completed): it starts and stops its live resource. */
  onWindow: (operation: OperationRecord, edge: 'start' | 'end') => void;
}

export const operationKey = (project: string, resourceType: string, channel: string, name: string): string => `${project}/${resourceType}/${channel}/${name}`;

const isIsoTime = (value: unknown): value is string => typeof value === 'string' && !Number.isNaN(Date.parse(value));

/** Validates a PUT body `{ spec }` as the Live API does; errors name the field. */
export function parseOperationBody(body: unknown): OperationSpec {
  if (!isRecord(body) || !isRecord(body.spec)) throw badRequest('spec is required');
  const { type, startTime, endTime, correlationData } = body.spec;
  if (type !== START_STOP) throw badRequest(`spec.type must be ${START_STOP}`);
  if (!isIsoTime(startTime)) throw badRequest('spec.startTime is required (ISO 8601 UTC)');
  if (!isIsoTime(endTime)) throw badRequest('spec.endTime is required (ISO 8601 UTC)');
  if (!isRecord(correlationData)) throw badRequest('spec.correlationData is required (an object, possibly empty)');
  const strings = Object.fromEntries(Object.entries(correlationData).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  return { type, startTime, endTime, correlationData: strings };
}

/**
 * Scheduled operations and their clock. The fake does not wait for the real start and end
 * times: Pending -(step)-> Accepted -(step)-> Ongoing (starts the live resource) -(step)->
 * Completed (stops it). `correlationData: {"reelflow-fake-outcome": "Error"}` ends it in Error
 * instead of Ongoing.
 */
export class OperationStore {
  private readonly operations = new Map<string, OperationRecord>();
  private readonly clocks = new Map<string, () => void>();

  constructor(private readonly deps: OperationClockDeps) {}

  /** PUT replaces the spec; the first one starts the clock. */
  put(project: string, resourceType: MkioLiveResourceType, channel: string, name: string, spec: OperationSpec): { operation: OperationRecord; created: boolean } {
    const existing = this.get(project, resourceType, channel, name);
    if (existing) {
      existing.spec = spec;
      existing.lastModified = new Date().toISOString();
      return { operation: existing, created: false };
    }
    const now = new Date().toISOString();
    const operation: OperationRecord = { project, resourceType, channel, name, spec, state: 'Pending', created: now, lastModified: now };
    this.operations.set(operationKey(project, resourceType, channel, name), operation);
    this.startClock(operation);
    return { operation, created: true };
  }

  get(project: string, resourceType: string, channel: string, name: string): OperationRecord | undefined {
    return this.operations.get(operationKey(project, resourceType, channel, name));
  }

  list(project: string, resourceType: string, channel: string): OperationRecord[] {
    return [...this.operations.values()].filter((op) => op.project === project && op.resourceType === resourceType && op.channel === channel);
  }

  /** Deleting stops its clock; the Live API answers 204 when there was nothing to delete. */
  delete(project: string, resourceType: string, channel: string, name: string): boolean {
    const key = operationKey(project, resourceType, channel, name);
    this.clocks.get(key)?.();
    this.clocks.delete(key);
    return this.operations.delete(key);
  }

  private startClock(operation: OperationRecord): void {
    const key = operationKey(operation.project, operation.resourceType, operation.channel, operation.name);
    const step = (next: () => void) => this.clocks.set(key, this.deps.pending.timer(this.deps.stepMs(), next));
    step(() => {
      this.transition(operation, 'MediaKind.ScheduledOperationAccepted', 'Accepted');
      step(() => {
        if (operation.spec.correlationData[FAKE_OUTCOME] === 'Error') {
          this.clocks.delete(key);
          this.transition(operation, 'MediaKind.ScheduledOperationError', 'Error');
          return;
        }
        this.transition(operation, 'MediaKind.ScheduledOperationOngoing', 'Ongoing');
        this.deps.onWindow(operation, 'start');
        step(() => {
          this.clocks.delete(key);
          this.transition(operation, 'MediaKind.ScheduledOperationCompleted', 'Completed');
          this.deps.onWindow(operation, 'end');
        });
      });
    });
  }

  private transition(operation: OperationRecord, type: OperationEventType, state: string): void {
    const at = new Date();
    const previousState = operation.state;
    operation.state = state;
    operation.lastModified = at.toISOString();
    this.deps.onTransition({ operation, type, previousState, state, at });
  }
}
