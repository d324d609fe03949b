import { PayloadError } from '../errors';
import { readField, type FieldPath } from './fieldPath';

/**
 * The date at `path`: an RFC 3339 / ISO 8601 string, or Unix seconds or milliseconds. Absent:
 * undefined (the caller falls back); present but unreadable: a PayloadError naming the field.
 */
export function readTime(event: unknown, path: FieldPath): Date | undefined {
  const value = readField(event, path);
  if (value === undefined || value === null || value === '') return undefined;
  let ms = Number.NaN;
  if (typeof value === 'number') ms = value < 1e11 ? value * 1000 : value;
  else if (typeof value === 'string') ms = /^\d+$/.test(value) ? Number(value) * (value.length <= 11 ? 1000 : 1) : Date.parse(value);
  const date = new Date(ms);
  if (!Number.isFinite(date.getTime())) throw new PayloadError(path, `not a date: ${JSON.stringify(value).slice(0, 60)}`);
  return date;
}
