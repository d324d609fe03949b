import type { DeliveryFaults } from '../kit/webhookSender';
import type { FakeMkioCounters } from './counters';
import type { JobOutcome, JobRecord } from './jobs';
import type { MkioLiveApi, MkioLiveResourceType } from '../../providers/mkio/source';
import type { LiveChannelRecord } from './liveChannels';
import type { OperationSpec } from './liveResources';
import type { OperationRecord } from './scheduledOperations';
import type { WebhookRuleSpec } from './webhookRules';

export interface FakeMkioTiming {
  queuedMs?: number;
  processingMs?: number;
  /** A live start: Starting → Running (or its error) after this long; default 300. */
  liveStartingMs?: number;
  /** A live stop: Stopping → Stopped after this long; default 200. */
  liveStoppingMs?: number;
  /** Each step of a scheduled operation (Pending → Accepted → Ongoing → Completed); default 300. */
  operationStepMs?: number;
}

export interface FakeMkioOptions {
  /** Required as `Authorization: Bearer <token>` on every API call. */
  token: string;
  host?: string;
  port?: number;
  /** Queued -(queuedMs)-> Processing -(processingMs)-> outcome; defaults 200 / 500. */
  timing?: FakeMkioTiming;
  outcome?: (job: { project: string; transform: string; name: string }) => JobOutcome;
  /** GETs per project per minute; default 2000 like MK.IO. */
  rateLimit?: { getsPerMinute: number };
  faults?: DeliveryFaults;
  /** Seed for the drop and shuffle faults; default 1, so runs repeat. */
  seed?: number;
}

export interface FakeMkio {
  /** API base, e.g. http://127.0.0.1:PORT; paths start with /api/v1/... */
  readonly url: string;
  readonly counters: FakeMkioCounters;
  setFaults(faults: DeliveryFaults): void;
  setTiming(timing: FakeMkioTiming): void;
  /** Same as the PUT route; returns a snapshot. */
  createJob(project: string, transform: string, name: string, body?: unknown): JobRecord;
  /** Takes the job off its clock and moves it, sending the webhook MK.IO would send for that move. */
  setJobState(project: string, transform: string, name: string, state: string): void;
  /** A snapshot of the job, or undefined. */
  job(project: string, transform: string, name: string): JobRecord | undefined;
  /** Same as the live PUT route of that API (`media`: /media/liveEvents, else a Live API collection); a snapshot. */
  createLiveChannel(project: string, name: string, options?: { api?: MkioLiveApi; body?: unknown }): LiveChannelRecord;
  /** POST start (Media API) or `spec.state: Running` (Live API): Starting, then Running and ChannelInstanceStarted. */
  startLive(project: string, name: string): void;
  /** POST stop / `spec.state: Stopped`: Stopping, then Stopped and ChannelInstanceStopped. */
  stopLive(project: string, name: string): void;
  /** The channel's next start fails: UnableToStart (Live API) or Stopped (Media API), with ChannelInstanceError. */
  failNextStart(project: string, name: string): void;
  /** A snapshot of the live resource of that name (either API), or undefined. */
  liveChannel(project: string, name: string): LiveChannelRecord | undefined;
  /** Same as the PUT route; the live resource must exist in that Live API collection. A snapshot. */
  createScheduledOperation(project: string, resourceType: MkioLiveResourceType, channel: string, name: string, spec?: Partial<OperationSpec>): OperationRecord;
  scheduledOperation(project: string, resourceType: MkioLiveResourceType, channel: string, name: string): OperationRecord | undefined;
  /** Same as the PUT route (validated the same way; throws MkioApiError when invalid). */
  putRule(project: string, name: string, spec: WebhookRuleSpec): void;
  /** Resolves when no job timer and no delivery (delays and retries included) is pending. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export type { DeliveryFaults, FakeMkioCounters, JobOutcome, JobRecord, LiveChannelRecord, OperationRecord, WebhookRuleSpec };
