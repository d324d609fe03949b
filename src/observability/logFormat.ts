export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/**
 * LOG_FORMAT when set; otherwise pretty lines for a person at a terminal and JSON lines for
 * everything else (CI, docker, a pipe, a file), which is what a log shipper reads.
 * An unknown value is refused rather than silently picking one.
 */
export function logFormat(env: NodeJS.ProcessEnv = process.env, out: { isTTY?: boolean } = process.stdout): LogFormat {
  const value = env.LOG_FORMAT?.trim().toLowerCase();
  if (!value) return out.isTTY ? 'pretty' : 'json';
  if (!(LOG_FORMATS as readonly string[]).includes(value)) throw new Error(`LOG_FORMAT must be one of ${LOG_FORMATS.join(', ')} (got "${env.LOG_FORMAT}")`);
  return value as LogFormat;
}

/** Colours only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function useColor(env: NodeJS.ProcessEnv = process.env, out: { isTTY?: boolean } = process.stdout): boolean {
  return Boolean(out.isTTY) && !env.NO_COLOR;
}
