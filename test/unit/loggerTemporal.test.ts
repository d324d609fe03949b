import { ApplicationFailure } from '@temporalio/common';
import { LogTimestamp } from '@temporalio/worker';
import { HandlerError } from 'nexus-rpc';
import { markReported } from '../../src/observability/expectedFailure';
import { createLogger } from '../../src/observability/logger';
import { temporalLogger, temporalLogLevel, temporalRuntimeOptions } from '../../src/observability/temporalLogger';

/** A root logger whose JSON lines land in an array. */
function captured(level = 'trace') {
  const lines: Array<Record<string, any>> = [];
  const root = createLogger({ level, destination: { write: (line: string) => void lines.push(JSON.parse(line)) } });
  return { root, lines };
}

describe('the Temporal SDK logger adapter', () => {
  it.each([
    ['TRACE', 'trace'],
    ['DEBUG', 'debug'],
    ['INFO', 'info'],
    ['WARN', 'warn'],
    ['ERROR', 'error'],
  ] as const)('log(%s, …) writes one pino line at %s, with the meta as fields and component temporal', (sdkLevel, pinoLevel) => {
    const { root, lines } = captured();
    temporalLogger(root, 'TRACE').log(sdkLevel, 'Worker state changed', { sdkComponent: 'worker', taskQueue: 'tq-1', state: 'RUNNING' });
    expect(lines).toEqual([expect.objectContaining({ level: pinoLevel, msg: 'Worker state changed', component: 'temporal', sdkComponent: 'worker', taskQueue: 'tq-1', state: 'RUNNING' })]);
  });

  it('the shorthand methods map like log(level)', () => {
    const { root, lines } = captured();
    const sdk = temporalLogger(root, 'TRACE');
    sdk.trace('t');
    sdk.debug('d');
    sdk.info('i');
    sdk.warn('w');
    sdk.error('e');
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      ['trace', 't'],
      ['debug', 'd'],
      ['info', 'i'],
      ['warn', 'w'],
      ['error', 'e'],
    ]);
  });

  it('keeps lines below its own level out, whatever the root logger allows', () => {
    const { root, lines } = captured('trace');
    const sdk = temporalLogger(root, 'WARN');
    sdk.info('Workflow bundle created', { sdkComponent: 'worker' });
    sdk.debug('noise');
    sdk.warn('Activity failed', { activityId: '1' });
    expect(lines.map((l) => l.msg)).toEqual(['Activity failed']);
  });

  it("what Reelflow's own activities and workflows log follows the root's level (LOG_LEVEL), not the SDK's", () => {
    const { root, lines } = captured('info');
    const sdk = temporalLogger(root, 'WARN');
    sdk.info('action done', { sdkComponent: 'activity', action: 'publish' });
    sdk.info('polling at once', { sdkComponent: 'workflow' });
    sdk.debug('below the root level', { sdkComponent: 'activity' });
    sdk.info('Worker state changed', { sdkComponent: 'worker' });
    expect(lines.map((l) => l.msg)).toEqual(['action done', 'polling at once']);
  });

  it("says the poll queues' activity-only workers at debug: no warning at every start for what Reelflow does on purpose", () => {
    const { root, lines } = captured('trace');
    temporalLogger(root, 'WARN').warn('No workflows registered, not polling for workflow tasks', { sdkComponent: 'worker', taskQueue: 'reelflow.poll.mkio' });
    expect(lines).toEqual([]);
    temporalLogger(root, 'TRACE').warn('No workflows registered, not polling for workflow tasks', { taskQueue: 'reelflow.poll.mkio' });
    expect(lines.map((l) => [l.level, l.taskQueue])).toEqual([['debug', 'reelflow.poll.mkio']]);
  });

  it('serializes an error (with its stack) under err, drops the SDK timestamp symbol and passes forwarded core fields through', () => {
    const { root, lines } = captured();
    const sdk = temporalLogger(root, 'TRACE');
    sdk.warn('Activity task failed', { error: new Error('provider answered 503'), activityType: 'pollResource' });
    sdk.log('WARN', 'Poll error', { [LogTimestamp]: 1764075000000000000n, sdkComponent: 'core', target: 'temporalio_sdk_core::poll', attempt: 3 });
    expect(lines[0]).toMatchObject({ level: 'warn', activityType: 'pollResource', err: { type: 'Error', message: 'provider answered 503', stack: expect.stringContaining('provider answered 503') } });
    expect(lines[0]).not.toHaveProperty('error');
    expect(lines[1]).toEqual(expect.objectContaining({ msg: 'Poll error', sdkComponent: 'core', target: 'temporalio_sdk_core::poll', attempt: 3 }));
    expect(JSON.stringify(lines[1])).not.toContain('1764075000000000000');
  });

  it('an expected failure (an ApplicationFailure, even cloned from a workflow thread; a Nexus HandlerError) is one `failure` field, without a stack; the task token is left out', () => {
    const { root, lines } = captured();
    const sdk = temporalLogger(root, 'TRACE');
    sdk.warn('Activity failed', { error: ApplicationFailure.nonRetryable('mkio POST /locators: HTTP 404', 'ProviderRejected'), taskToken: 'CiQwMWEy', durationMs: 5 });
    const cloned = Object.assign(new Error('until: a non-empty list of phases'), { name: 'ApplicationFailure' });
    sdk.warn('Workflow failed', { error: cloned, workflowId: 'await-1' });
    sdk.warn('Nexus handler invocation failed', { error: new HandlerError('BAD_REQUEST', 'key: not a resource key: "x"'), method: 'startOperation' });
    expect(lines[2]).toEqual(expect.objectContaining({ msg: 'Nexus handler invocation failed', failure: 'BAD_REQUEST: key: not a resource key: "x"' }));
    expect(lines[0]).toEqual(expect.objectContaining({ level: 'warn', msg: 'Activity failed', failure: 'ProviderRejected: mkio POST /locators: HTTP 404', durationMs: 5 }));
    expect(lines[1]).toEqual(expect.objectContaining({ level: 'warn', msg: 'Workflow failed', failure: 'until: a non-empty list of phases' }));
    for (const line of lines) {
      expect(line).not.toHaveProperty('err');
      expect(line).not.toHaveProperty('taskToken');
      expect(JSON.stringify(line)).not.toContain(' at ');
    }
  });

  it('a failure an activity already said in its own line is repeated at debug only', () => {
    const { root, lines } = captured();
    const failure = ApplicationFailure.nonRetryable('notify.http to http://x: HTTP 400', 'NotifyRejected');
    markReported(failure);
    temporalLogger(root, 'TRACE').warn('Activity failed', { error: failure });
    temporalLogger(root, 'WARN').warn('Activity failed', { error: failure });
    expect(lines.map((l) => [l.level, l.msg])).toEqual([['debug', 'Activity failed']]);
  });

  it('TEMPORAL_LOG_LEVEL: WARN when unset, any case accepted, an unknown level refused', () => {
    expect(temporalLogLevel(undefined)).toBe('WARN');
    expect(temporalLogLevel('debug')).toBe('DEBUG');
    expect(() => temporalLogLevel('LOUD')).toThrow(/TEMPORAL_LOG_LEVEL must be one of TRACE, DEBUG, INFO, WARN, ERROR/);
  });

  it('runtime options forward core (Rust) logs at the same level to the adapter; worker metrics only when configured', () => {
    const { root, lines } = captured();
    const options = temporalRuntimeOptions(root, 'INFO', '127.0.0.1:9464');
    expect(options.telemetryOptions).toEqual({ logging: { filter: { core: 'INFO' }, forward: {} }, metrics: { prometheus: { bindAddress: '127.0.0.1:9464' } } });
    options.logger!.info('through the runtime logger');
    options.logger!.debug('below INFO');
    expect(lines.map((l) => [l.component, l.msg])).toEqual([['temporal', 'through the runtime logger']]);
    expect(temporalRuntimeOptions(root, 'WARN').telemetryOptions).toEqual({ logging: { filter: { core: 'WARN' }, forward: {} } });
  });
});
