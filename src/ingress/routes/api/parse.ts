import type { z } from 'zod';
import { PayloadError } from '../../../providers/errors';
import { firstIssue } from '../../../inbox/deliveryFilter';

/** Validates a query, body or path parameter; a bad value is a 400 naming the parameter. */
export function parseOr400<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const { field, message } = firstIssue(parsed.error, 'shape' in schema ? (schema as unknown as z.ZodObject) : undefined);
  throw new PayloadError(field, message);
}

/** A delivery id in a path: a positive whole number. */
export function deliveryId(text: string): number {
  if (!/^\d{1,15}$/.test(text) || Number(text) < 1) throw new PayloadError('id', 'a delivery id (a positive whole number)');
  return Number(text);
}

/** An answer the current state of a row refuses (409), mapped by the one error handler through its status code. */
export class ConflictError extends Error {
  override readonly name = 'ConflictError';
  readonly statusCode = 409;
  readonly code = 'CONFLICT';
}
