import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Bad arguments: the CLI prints the message and the command's usage, and exits 2 (no stack trace). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    message: string,
    readonly usage: string,
  ) {
    super(message);
  }
}

/** node's parseArgs refusals (unknown option, missing value, stray positional) carry these codes. */
export const isParseArgsError = (error: unknown): error is Error & { code: string } =>
  typeof (error as { code?: unknown })?.code === 'string' && (error as { code: string }).code.startsWith('ERR_PARSE_ARGS_');

/** parseArgs, strict, with its refusals turned into a UsageError for this command. */
export function parseCommandArgs<const T extends ParseArgsConfig>(config: T, usage: string): ReturnType<typeof parseArgs<T & { strict: true }>> {
  try {
    return parseArgs({ ...config, strict: true });
  } catch (error) {
    if (isParseArgsError(error)) throw new UsageError(error.message, usage);
    throw error;
  }
}
