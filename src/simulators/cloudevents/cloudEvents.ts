import { randomUUID } from 'node:crypto';
import { JOB_EVENT_TYPE, type TranscodeJob } from './jobs';

/** A CloudEvent in structured form, built by hand: Reelflow's code never depends on the `cloudevents` SDK. */
export interface StructuredCloudEvent {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  data: TranscodeJob;
}

export function jobCloudEvent(job: TranscodeJob, source: string): StructuredCloudEvent {
  return {
    specversion: '1.0',
    id: randomUUID(),
    source,
    type: JOB_EVENT_TYPE[job.status],
    subject: job.id,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    data: structuredClone(job),
  };
}

/** Header values are percent-encoded where HTTP could not carry them as they are (binding §3.1.3.2). */
const headerSafe = (value: string) => value.replace(/[^\x21-\x7E]|["%]/g, (c) => encodeURIComponent(c));

/**
 * The request for events in a mode (CloudEvents HTTP binding): binary puts the attributes in
 * `ce-*` headers and `data` in the body, structured the whole event in the body, batch an array.
 */
export function cloudEventsRequest(events: StructuredCloudEvent[], mode: 'binary' | 'structured' | 'batch'): { headers: Record<string, string>; body: string } {
  if (mode === 'batch') return { headers: { 'content-type': 'application/cloudevents-batch+json' }, body: JSON.stringify(events) };
  const [event] = events as [StructuredCloudEvent];
  if (mode === 'structured') return { headers: { 'content-type': 'application/cloudevents+json; charset=utf-8' }, body: JSON.stringify(event) };
  const { data, datacontenttype, ...attributes } = event;
  const headers: Record<string, string> = { 'content-type': datacontenttype };
  for (const [name, value] of Object.entries(attributes)) headers[`ce-${name}`] = headerSafe(value);
  return { headers, body: JSON.stringify(data) };
}
