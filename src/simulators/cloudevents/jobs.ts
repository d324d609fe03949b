/** A transcoding job as the fake's API shows it and its events carry it. */
export interface TranscodeJob {
  id: string;
  input: string;
  preset: string;
  status: 'queued' | 'transcoding' | 'complete' | 'error';
  progress: number;
  outputs: string[];
  error?: { code: string; message: string };
  createdAt: string;
  updatedAt: string;
}

/** The event types the transcoder emits, by the job's status (`com.acme.transcode.job.completed`...). */
export const JOB_EVENT_TYPE: Record<TranscodeJob['status'], string> = {
  queued: 'com.acme.transcode.job.created',
  transcoding: 'com.acme.transcode.job.started',
  complete: 'com.acme.transcode.job.completed',
  error: 'com.acme.transcode.job.failed',
};

/** An input whose URL contains this word fails (how a scenario asks for an error). */
export const FAIL_WORD = 'fail';
