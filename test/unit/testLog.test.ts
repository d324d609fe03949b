import { ApplicationFailure } from '@temporalio/common';
import { createLogger } from '../../src/observability/logger';
import { temporalLogger } from '../../src/observability/temporalLogger';
import { keptLogLines, testLogDestination } from '../support/testLog';

/** The test run's own logging (test/support/testLog.ts): quiet about what tests provoke, loud about surprises. */
describe('the test log', () => {
  it('keeps an expected failure for a failing test, and prints a surprise (a stack, an error) at once', () => {
    const printed: string[] = [];
    const sdk = temporalLogger(createLogger({ level: 'info', destination: testLogDestination({ write: (t: string) => printed.push(t) }) }), 'WARN');
    const before = keptLogLines().length;

    sdk.warn('Activity failed', { error: ApplicationFailure.nonRetryable('HTTP 404', 'ProviderRejected'), activityType: 'pollResource', workflowId: 'k1' });
    sdk.info('action done', { sdkComponent: 'activity', action: 'publish', key: 'k1', outcome: 'created' });
    expect(printed).toEqual([]);
    expect(keptLogLines().slice(before)).toEqual([expect.stringMatching(/WARN activity pollResource k1 failed: ProviderRejected: HTTP 404$/), expect.stringMatching(/action publish k1 → created$/)]);

    sdk.warn('Activity failed', { error: new TypeError('x is undefined'), activityType: 'pollResource', workflowId: 'k2' });
    sdk.error('Worker failed', { sdkComponent: 'worker' });
    expect(printed).toHaveLength(2);
    expect(printed[0]).toMatch(/WARN activity pollResource k2 failed: TypeError: x is undefined\n {4}at /);
    expect(printed[1]).toMatch(/ERROR temporal › Worker failed/);
  });
});
