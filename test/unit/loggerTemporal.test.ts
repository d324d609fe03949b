import { LogTimestamp } from '@temporalio/worker';
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
    expect(lines).toEqual([
      expect.objectContaining({ level: pinoLevel, msg: 'Worker state changed', component: 'temporal', sdkComponent: 'worker', taskQueue: 'tq-1', state: 'RUNNING' }),
    ]);
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
