import { z } from 'zod';

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `"10m"`, `"24h"`, `"1500ms"` or a number of milliseconds → milliseconds. */
export function parseDuration(value: string | number): number {
  if (typeof value === 'number') return value;
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/.exec(value.trim());
  if (!match) throw new Error(`"${value}" is not a duration (use e.g. 500ms, 30s, 10m, 24h, 7d)`);
  return Math.round(Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS]);
}

export const Duration = z.union([z.number().int().nonnegative(), z.string()]).transform((value, ctx) => {
  try {
    return parseDuration(value);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});

/** A duration that must be above zero: a zero poll interval or timeout would spin or always fail. */
export const PositiveDuration = Duration.refine((ms) => ms > 0, 'must be longer than 0');
