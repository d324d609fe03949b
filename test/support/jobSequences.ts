import { jobCloudEvent, type MkioCloudEvent } from '../../src/simulators/mkio/cloudEvents';

/** One MK.IO job's webhooks: three distinct phases, so every event is either a transition or a stale record. */
export interface JobSequence {
  key: string;
  events: MkioCloudEvent[];
}

const STEPS = [
  { type: 'MediaKind.JobStarted', previousState: 'Queued', state: 'Scheduled' },
  { type: 'MediaKind.JobStarted', previousState: 'Scheduled', state: 'Processing' },
  { type: 'MediaKind.JobFinished', previousState: 'Processing', state: 'Finished' },
] as const;

export function jobSequence(project: string, job: string, transform = 'encode-h264'): JobSequence {
  const start = Date.now();
  return {
    key: `mkio:${project}:job:${transform}/${job}`,
    events: STEPS.map((step, i) => jobCloudEvent({ project, transform, job, ...step, time: new Date(start + i * 1000) })),
  };
}

/** `count` jobs' events, job after job, as a platform would send them (scheduled, processing, finished). */
export function jobSequences(project: string, count: number): JobSequence[] {
  return Array.from({ length: count }, (_, i) => jobSequence(project, `job-${i}`));
}

/** Every event of every job with the key it belongs to, in sending order. */
export const inSendingOrder = (jobs: JobSequence[]): Array<{ key: string; event: MkioCloudEvent }> => jobs.flatMap((job) => job.events.map((event) => ({ key: job.key, event })));
