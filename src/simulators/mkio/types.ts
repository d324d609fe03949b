import type { DeliveryFaults } from '../kit/webhookSender';
import type { FakeMkioCounters } from './counters';
import type { JobOutcome, JobRecord } from './jobs';
import type { WebhookRuleSpec } from './webhookRules';

export interface FakeMkioTiming {
  queuedMs?: number;
  processingMs?: number;
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
  /** Same as the PUT route (validated the same way; throws MkioApiError when invalid). */
  putRule(project: string, name: string, spec: WebhookRuleSpec): void;
  /** Resolves when no job timer and no delivery (delays and retries included) is pending. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export type { DeliveryFaults, FakeMkioCounters, JobOutcome, JobRecord, WebhookRuleSpec };
