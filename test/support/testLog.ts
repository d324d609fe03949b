import type { DestinationStream } from 'pino';
import { prettyLine, type LogRecord } from '../../src/observability/prettyLine';

/**
 * Where the product's log lines go during a test. Tests provoke failures on purpose (a receiver's
 * 400, a 404 on poll, a bad `until`): their lines are kept, the last KEPT of them, and printed by
 * the test environment (logEnvironment.ts) only when a test fails. A line the product did not
 * expect (an error with a stack, anything at error level) is printed at once, whatever the outcome.
 */
const KEPT = 500;

declare global {
  /** Shared with the test environment, which runs outside the test's module registry. */
  var __reelflowTestLog: string[] | undefined;
}

function kept(): string[] {
  return (globalThis.__reelflowTestLog ??= []);
}

const ERROR_LEVELS = new Set(['error', 'fatal']);

/** What the product did not classify: an error with a stack, or a line at error level. */
export function isSurprise(record: LogRecord): boolean {
  return record.err !== undefined || ERROR_LEVELS.has(String(record.level));
}

/** A line shown only if the current test fails (a suite's own figures too: `[inbox crash] 198 requests…`). */
export function keepForFailure(line: string): void {
  const lines = kept();
  lines.push(line);
  if (lines.length > KEPT) lines.splice(0, lines.length - KEPT);
}

/** Every record the test logger writes: a surprise to stderr now, the rest kept for a failing test. */
export function testLogDestination(out: { write(text: string): unknown } = process.stderr): DestinationStream {
  return {
    write(chunk: string) {
      for (const json of chunk.split('\n')) {
        if (!json) continue;
        let record: LogRecord;
        try {
          record = JSON.parse(json) as LogRecord;
        } catch {
          out.write(`${json}\n`);
          continue;
        }
        const line = prettyLine(record);
        if (isSurprise(record)) out.write(`${line}\n`);
        else keepForFailure(line);
      }
    },
  };
}

/** The lines kept so far in this test file (tests that assert on what the product logged read them). */
export function keptLogLines(): readonly string[] {
  return kept();
}
