import type { IngressStamp } from './reelflowStack';

/**
 * What bench:capacity's parent and its child processes (one system under test each: Reelflow's
 * ingress + workers, or the bare baseline's worker; with --split, Reelflow's ingress and its
 * workers in two) say to each other over the fork IPC channel.
 */

export type ChildRole = 'reelflow' | 'reelflow-ingress' | 'reelflow-worker' | 'bare';

/** The child's argument (argv[2], JSON). */
export interface ChildSpec {
  role: ChildRole;
  temporalAddress: string;
  taskQueue: string;
  notifyUrl: string;
  /** Reelflow's roles only. */
  project?: string;
  secret?: string;
  apiBaseUrl?: string;
  apiToken?: string;
  inboxFile?: string;
  pollQuietFor?: string;
  maxCachedWorkflows?: number;
}

/** The main worker's effective settings, as the SDK compiled them (what the run actually used). */
export interface WorkerSettings {
  maxCachedWorkflows: number;
  reuseV8Context: boolean;
  workflowThreadPoolSize: number;
  /** null: the SDK's poller behavior decides (autoscaling). */
  maxConcurrentWorkflowTaskPolls: number | null;
  maxConcurrentActivityTaskPolls: number | null;
  /** The slot suppliers (fixed sizes or resource-based), JSON. */
  tuner: string;
}

export interface ReadyMessage {
  kind: 'ready';
  /** Reelflow: the ingress's base URL and webhook path. */
  url?: string;
  webhookPath?: string;
  /** Absent from a process that runs no worker (`reelflow-ingress`). */
  worker?: WorkerSettings;
}

export interface MemoryFigures {
  rssBytes: number;
  heapUsedBytes: number;
  heapTotalBytes: number;
  externalBytes: number;
  /** Whether a full GC ran first (the child was started with --expose-gc). */
  gcRan: boolean;
}

export interface WorkerActivity {
  numCachedWorkflows: number;
  numInFlightWorkflowActivations: number;
  numInFlightActivities: number;
}

export type Request = { id: number; kind: 'stamps'; keys: string[] } | { id: number; kind: 'memory' } | { id: number; kind: 'status' } | { id: number; kind: 'stop' };

export type ReplyBody = { stamps: Array<IngressStamp | null> } | { memory: MemoryFigures; activity: WorkerActivity } | { activity: WorkerActivity } | { stopped: true };

export interface ReplyMessage {
  kind: 'reply';
  id: number;
  body?: ReplyBody;
  error?: string;
}

export type ChildMessage = ReadyMessage | ReplyMessage;
