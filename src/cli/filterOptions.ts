import { z } from 'zod';
import type { DeliveryFilter } from '../inbox/types';
import { DeliveryFilterFields, firstIssue, toStoreFilter } from '../inbox/deliveryFilter';
import { UsageError } from './args';

/** The filter options of `deliveries ls` and `deliveries replay`: the management API's query fields, as --options. */
export const FILTER_OPTIONS = {
  connection: { type: 'string' },
  provider: { type: 'string' },
  status: { type: 'string' },
  type: { type: 'string' },
  key: { type: 'string' },
  since: { type: 'string' },
  until: { type: 'string' },
} as const;

export const FILTER_USAGE = '[--connection C] [--provider P] [--status S] [--type T] [--key K] [--since ISO|ms] [--until ISO|ms]';

const CliFilter = z.strictObject(DeliveryFilterFields);

/** Validated as the API validates its query; a bad value names its --option. */
export function filterFrom(values: Partial<Record<keyof typeof FILTER_OPTIONS, string>>, usage: string): DeliveryFilter {
  const given = Object.fromEntries(Object.entries(values).filter(([name, value]) => name in FILTER_OPTIONS && value !== undefined));
  const parsed = CliFilter.safeParse(given);
  if (!parsed.success) {
    const { field, message } = firstIssue(parsed.error);
    throw new UsageError(`--${field}: ${message}`, usage);
  }
  return toStoreFilter(parsed.data);
}

/** `--limit N`: a whole number from 1 to `max`. */
export function countOption(name: string, value: string | undefined, fallback: number, max: number, usage: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > max) throw new UsageError(`--${name}: a whole number from 1 to ${max}`, usage);
  return n;
}
