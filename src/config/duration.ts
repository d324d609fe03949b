import { z } from 'zod';

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

const NOT_A_DURATION = 'not a duration (use e.g. 500ms, 30s, 10m, 24h, 7d)';

/** `"10m"`, `"24h"`, `"1500ms"` or a number of milliseconds → milliseconds; undefined if it is none of these. */
function durationMs(value: string | number): number | undefined {
  if (typeof value === 'number') return value;
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/.exec(value.trim());
  return match ? Math.round(Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS]) : undefined;
}

/** `"10m"`, `"24h"`, `"1500ms"` or a number of milliseconds → milliseconds. */
export function parseDuration(value: string | number): number {
  const ms = durationMs(value);
  if (ms === undefined) throw new Error(`"${value}" is ${NOT_A_DURATION}`);
  return ms;
}

const UNITS: Array<[keyof typeof UNIT_MS, number]> = [
  ['d', UNIT_MS.d],
  ['h', UNIT_MS.h],
  ['m', UNIT_MS.m],
  ['s', UNIT_MS.s],
];

/** 86_400_000 → "24h", 90_000 → "90s": the largest unit that divides it, as a config file would write it. */
export function formatDuration(ms: number): string {
  // Days from two on: 24h reads as the file writes it.
  for (const [unit, size] of UNITS) if (ms >= (unit === 'd' ? 2 * size : size) && ms % size === 0) return `${ms / size}${unit}`;
  return `${ms}ms`;
}

/**
 * The refused value is left to issueMessage (`refusesInput`: "<value> is not a duration"), which
 * says it only if the file wrote it: one from `${VAR}` is named by its variable, as it may be a secret.
 */
export const Duration = z.union([z.number().int().nonnegative(), z.string()]).transform((value, ctx) => {
  const ms = durationMs(value);
  if (ms !== undefined) return ms;
  ctx.addIssue({ code: 'custom', message: NOT_A_DURATION, input: value, params: { refusesInput: true } });
  return z.NEVER;
});

/** A duration that must be above zero: a zero poll interval or timeout would spin or always fail. */
export const PositiveDuration = Duration.refine((ms) => ms > 0, 'must be longer than 0');
