import { jobResource, type JobOutputError, type JobResource } from './cloudEvents';
import type { PendingWork } from '../kit/pending';

export type JobOutcome = 'Finished' | 'Error' | 'Canceled';
const TERMINAL = new Set<string>(['Finished', 'Error', 'Canceled']);

/** What the fake knows of a job; plain JSON so snapshots can be handed out safely. */
export interface JobRecord {
  project: string;
  transform: string;
  name: string;
  state: string;
  created: string;
  lastModified: string;
  startTime?: string;
  endTime?: string;
  priority: string;
  description?: string;
  correlationData: Record<string, string>;
  input: { assetName: string };
  outputs: Array<{ assetName: string; label?: string }>;
}

export interface JobTiming {
  queuedMs: number;
  processingMs: number;
}

export interface JobTransition {
  job: JobRecord;
  previousState: string;
  state: string;
  at: Date;
}

export interface JobClockDeps {
  pending: PendingWork;
  timing: () => JobTiming;
  outcome: (job: { project: string; transform: string; name: string }) => JobOutcome;
  /** Called on every transition that MK.IO announces (into Processing or a terminal state). */
  onTransition: (transition: JobTransition) => void;
}

/** The error MK.IO puts on each output of a failed job (fields from the .NET SDK's JobError). */
const OUTPUT_ERROR: JobOutputError = {
  code: 'ContentMalformed',
  message: 'The fake MK.IO was told to fail this job.',
  category: 'Content',
  retry: 'DoNotRetry',
};

/** The correlationData key a caller sets to choose how the fake ends a job. */
export const FAKE_OUTCOME = 'reelflow-fake-outcome';

export const jobKey = (project: string, transform: string, name: string): string => `${project}/${transform}/${name}`;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

function stringMap(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/** Reads a job PUT body leniently: anything missing gets a name derived from the job. */
function jobFromBody(project: string, transform: string, name: string, body: unknown, now: string): JobRecord {
  const properties = isRecord(body) && isRecord(body.properties) ? body.properties : {};
  const input = isRecord(properties.input) ? properties.input : {};
  const outputs = Array.isArray(properties.outputs) ? properties.outputs.filter(isRecord) : [];
  return {
    project,
    transform,
    name,
    state: 'Queued',
    created: now,
    lastModified: now,
    priority: text(properties.priority) ?? 'Normal',
    ...(text(properties.description) ? { description: text(properties.description) } : {}),
    correlationData: stringMap(properties.correlationData),
    input: { assetName: text(input.assetName) ?? `${name}-input` },
    outputs:
      outputs.length > 0
        ? outputs.map((output, index) => ({
            assetName: text(output.assetName) ?? `${name}-output-${index}`,
            ...(text(output.label) ? { label: text(output.label) } : {}),
          }))
        : [{ assetName: `${name}-output` }],
  };
}

/** The job exactly as GET serves it (and as `data.resource` carries it). */
export function jobResourceOf(job: JobRecord): JobResource {
  return jobResource({
    project: job.project,
    transform: job.transform,
    job: job.name,
    state: job.state,
    created: job.created,
    lastModified: job.lastModified,
    startTime: job.startTime,
    endTime: job.endTime,
    priority: job.priority,
    description: job.description,
    correlationData: job.correlationData,
    inputAssetName: job.input.assetName,
    outputs: job.outputs.map((output) => ({
      ...output,
      startTime: job.startTime,
      endTime: job.endTime,
      ...(job.state === 'Error' ? { error: OUTPUT_ERROR } : {}),
    })),
  });
}

/**
 * Jobs and their clock: Queued -(queuedMs)-> Processing -(processingMs)-> outcome. A job set by
 * hand leaves the clock, so a test can hold it in any state for as long as it likes.
 */
export class JobStore {
  private readonly jobs = new Map<string, JobRecord>();
  private readonly clocks = new Map<string, () => void>();

  constructor(private readonly deps: JobClockDeps) {}

  /** First PUT creates and starts the clock; a repeat PUT changes nothing (MK.IO's PUT is idempotent). */
  put(project: string, transform: string, name: string, body: unknown): { job: JobRecord; created: boolean } {
    const existing = this.get(project, transform, name);
    if (existing) return { job: existing, created: false };
    const job = jobFromBody(project, transform, name, body, new Date().toISOString());
    this.jobs.set(jobKey(project, transform, name), job);
    this.startClock(job);
    return { job, created: true };
  }

  get(project: string, transform: string, name: string): JobRecord | undefined {
    return this.jobs.get(jobKey(project, transform, name));
  }

  list(project: string, transform: string): JobRecord[] {
    return [...this.jobs.values()].filter((job) => job.project === project && job.transform === transform);
  }

  /** Manual control: stops the job's clock and moves it, announcing the move if MK.IO would. */
  setState(project: string, transform: string, name: string, state: string): void {
    const job = this.get(project, transform, name);
    if (!job) throw new Error(`fake MK.IO: no job ${jobKey(project, transform, name)}`);
    const key = jobKey(project, transform, name);
    this.clocks.get(key)?.();
    this.clocks.delete(key);
    if (job.state !== state) this.transition(job, state);
  }

  /** Each step reads the timing as it starts, so setTiming() reaches jobs already on the clock at their next step. */
  private startClock(job: JobRecord): void {
    const key = jobKey(job.project, job.transform, job.name);
    const step = (ms: number, next: () => void) => this.clocks.set(key, this.deps.pending.timer(ms, next));
    step(this.deps.timing().queuedMs, () => {
      this.transition(job, 'Processing');
      step(this.deps.timing().processingMs, () => {
        this.clocks.delete(key);
        this.transition(job, this.outcomeOf(job));
      });
    });
  }

  private transition(job: JobRecord, state: string): void {
    const at = new Date();
    const previousState = job.state;
    job.state = state;
    job.lastModified = at.toISOString();
    if (state === 'Processing' && !job.startTime) job.startTime = job.lastModified;
    if (TERMINAL.has(state)) job.endTime = job.lastModified;
    else delete job.endTime;
    // MK.IO only announces the start of processing and the terminal states.
    if (state === 'Processing' || TERMINAL.has(state)) this.deps.onTransition({ job, previousState, state, at });
  }

  /**
   * `correlationData: {"reelflow-fake-outcome": "Error"}` on the PUT decides (how `reelflow simulate`
   * asks for a failure over HTTP); else the fake's callback. A throwing callback must not kill the
   * process from inside a timer: the job errors instead.
   */
  private outcomeOf(job: JobRecord): JobOutcome {
    const asked = job.correlationData[FAKE_OUTCOME];
    if (asked === 'Finished' || asked === 'Error' || asked === 'Canceled') return asked;
    try {
      return this.deps.outcome({ project: job.project, transform: job.transform, name: job.name });
    } catch {
      return 'Error';
    }
  }
}
