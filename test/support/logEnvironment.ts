import type { Circus } from '@jest/types';
import NodeEnvironment from 'jest-environment-node';

/**
 * jest's node environment, plus the product's kept log lines (test/support/testLog.ts) printed
 * under a failing test or hook, and forgotten after a passing one: a green run prints only jest.
 */
export default class LogEnvironment extends NodeEnvironment {
  handleTestEvent(event: Circus.Event): void {
    if (event.name === 'test_done') this.flush(event.test.errors.length > 0 ? `test "${event.test.name}"` : undefined);
    if (event.name === 'hook_failure') this.flush(`${event.hook.type} hook`);
  }

  /** Prints the kept lines when `failed` names what failed; forgets them either way. */
  private flush(failed: string | undefined): void {
    const lines = (this.global as { __reelflowTestLog?: string[] }).__reelflowTestLog;
    if (!lines?.length) return;
    if (failed) process.stderr.write(`\n── what Reelflow logged before ${failed} failed (last ${lines.length} lines) ──\n${lines.join('\n')}\n──\n`);
    lines.splice(0);
  }
}
