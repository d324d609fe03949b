import { z } from 'zod';

/**
 * Where a mapped value comes from: a dotted path into the event as JSON (`type`, `subject`,
 * `source`, `data.status`, `data.outputs.0.state`). A CloudEvent is read in its structured form
 * whichever mode it came in, so one mapping serves binary, structured and batch deliveries.
 */
export const FieldPath = z.string().regex(/^[A-Za-z0-9_$@-]{1,64}(\.[A-Za-z0-9_$@-]{1,64}){0,15}$/, 'a dotted path into the event, e.g. type, subject or data.status');
export type FieldPath = z.infer<typeof FieldPath>;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The value at `path`, or undefined when any step is absent (an array step takes a numeric index). */
export function readField(event: unknown, path: FieldPath): unknown {
  let value: unknown = event;
  for (const step of path.split('.')) {
    if (Array.isArray(value) && /^\d+$/.test(step)) value = value[Number(step)];
    else if (isRecord(value) && Object.hasOwn(value, step)) value = value[step];
    else return undefined;
  }
  return value;
}
