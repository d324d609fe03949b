import { z } from 'zod';
import { providerNames } from '../providers/registry';
import { DELIVERY_STATUSES, type DeliveryFilter } from './types';

/**
 * The delivery filter as the management API and the CLI take it: one zod schema for both, so a
 * query parameter, a replay body field and a CLI option mean the same thing and fail the same way.
 */

const Text = z.string().min(1, 'must not be empty').max(1000, 'at most 1000 characters');

/** An ISO 8601 date or date-time (a date-time without a zone is the server's local time), or epoch milliseconds. */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;
export const Moment = z
  .union([z.number().int().nonnegative(), z.string()])
  .transform((value, context) => {
    const ms = typeof value === 'number' ? value : /^\d+$/.test(value) ? Number(value) : ISO_DATE.test(value) ? Date.parse(value) : NaN;
    if (Number.isNaN(ms)) {
      context.addIssue({ code: 'custom', message: 'an ISO 8601 date (2025-01-31, 2025-01-31T12:00:00Z) or epoch milliseconds' });
      return z.NEVER;
    }
    return ms;
  })
  .meta({ description: 'an ISO 8601 date or date-time, or epoch milliseconds' });

/** A whole number in range, from a query string ("50") or a JSON number. */
export const Count = (max: number, description: string) =>
  z
    .union([z.number(), z.string().regex(/^\d+$/, 'a whole number')])
    .transform(Number)
    .pipe(z.number().int('a whole number').min(1, 'at least 1').max(max, `at most ${max}`))
    .meta({ description });

export const DeliveryStatusParam = z.enum(DELIVERY_STATUSES, { error: `one of ${DELIVERY_STATUSES.join(', ')}` });

/** The fields every filter has; `key` is the resource key. */
export const DeliveryFilterFields = {
  connection: Text.optional().meta({ description: 'connection name' }),
  provider: Text.optional().meta({ description: `provider (${providerNames().join(', ')})` }),
  status: DeliveryStatusParam.optional().meta({ description: 'delivery status' }),
  type: Text.optional().meta({ description: "the platform's event type" }),
  key: Text.optional().meta({ description: 'resource key (the entity workflow id)' }),
  since: Moment.optional().meta({ description: 'received at or after (ISO 8601 or epoch ms)' }),
  until: Moment.optional().meta({ description: 'received before (ISO 8601 or epoch ms)' }),
};

export const LIST_LIMIT = { default: 50, max: 500 } as const;
/** Rows one replay call requeues at most: a bigger backlog is replayed in several calls. */
export const REPLAY_CAP = 10_000;

/** GET /api/deliveries query; unknown parameters are refused, so a typo never widens a filter. */
export const DeliveryListQuery = z.strictObject({
  ...DeliveryFilterFields,
  limit: Count(LIST_LIMIT.max, `page size (default ${LIST_LIMIT.default}, at most ${LIST_LIMIT.max})`).optional(),
  before: Count(Number.MAX_SAFE_INTEGER, 'the `next` of the previous page: only older deliveries').optional(),
});
export type DeliveryListQuery = z.output<typeof DeliveryListQuery>;

/** POST /api/deliveries/replay body. */
export const ReplayRequest = z.strictObject({
  ...DeliveryFilterFields,
  all: z.boolean().optional().meta({ description: 'replay without a filter (every replayable delivery); required when no filter field is given' }),
  limit: Count(REPLAY_CAP, `requeue at most this many, oldest first (default and maximum ${REPLAY_CAP})`).optional(),
});
export type ReplayRequest = z.output<typeof ReplayRequest>;

type FilterFields = Pick<DeliveryListQuery, keyof typeof DeliveryFilterFields>;

export function toStoreFilter(fields: FilterFields): DeliveryFilter {
  const { key, ...rest } = fields;
  const filter: DeliveryFilter = { ...rest, resourceKey: key };
  for (const name of Object.keys(filter) as Array<keyof DeliveryFilter>) if (filter[name] === undefined) delete filter[name];
  return filter;
}

export const isEmptyFilter = (filter: DeliveryFilter): boolean => Object.keys(filter).length === 0;

/** The first problem of a failed parse, named by its field (an unknown key names itself). */
export function firstIssue(error: z.ZodError, known?: z.ZodObject): { field: string; message: string } {
  const issue = error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    const names = known ? ` (known: ${Object.keys(known.shape).join(', ')})` : '';
    return { field: issue.keys[0] ?? '(unknown)', message: `unknown parameter${names}` };
  }
  return { field: issue.path.map(String).join('.') || '(body)', message: issue.message };
}
