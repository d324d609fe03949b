import type { Logger as SdkLogger, LogLevel, LogMetadata } from '@temporalio/common';
import type { RuntimeOptions } from '@temporalio/worker';
import { failureSummary, isExpectedFailure, wasReported } from './expectedFailure';
import type { ReelflowLogger } from './logger';

const SDK_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'] as const satisfies readonly LogLevel[];
type PinoLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';
const PINO_LEVEL: Record<LogLevel, PinoLevel> = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' };

/**
 * TEMPORAL_LOG_LEVEL, WARN when unset: at INFO the SDK logs each bundled workflow module, which
 * buries a start-up. An unknown value is refused rather than silently logging everything.
 */
export function temporalLogLevel(value: string | undefined): LogLevel {
  const level = (value ?? 'WARN').toUpperCase();
  if (!(SDK_LEVELS as readonly string[]).includes(level)) throw new Error(`TEMPORAL_LOG_LEVEL must be one of ${SDK_LEVELS.join(', ')} (got "${value}")`);
  return level as LogLevel;
}

/**
 * The SDK's meta as pino fields. Its bigint timestamp rides on a symbol key and is left behind
 * (pino stamps the line); a task token can complete the activity, so it is left out too. An
 * expected failure under `error` or `failure` becomes a one-line `failure` (the workflow records
 * it; a stack would repeat it); any other Error moves to `err`, which pino serializes with its stack.
 */
function fields(meta: LogMetadata | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(meta ?? {})) {
    if (key === 'taskToken') continue;
    if ((key === 'error' || key === 'failure') && value instanceof Error && !('err' in out) && !('failure' in out)) {
      if (isExpectedFailure(value)) out.failure = failureSummary(value);
      else out.err = value;
    } else out[key] = value;
  }
  return out;
}

/** An activity that said its own failure in one line (runAction) leaves the SDK's line about it to debug. */
function alreadyReported(meta: LogMetadata | undefined): boolean {
  return wasReported(meta?.error) || wasReported(meta?.failure);
}

/**
 * SDK warnings about something Reelflow does on purpose, said at debug: each provider's poll
 * queue has an activity-only worker, so "no workflows registered" is the design, not a problem.
 */
const EXPECTED: ReadonlyMap<string, LogLevel> = new Map([['No workflows registered, not polling for workflow tasks', 'DEBUG']]);

/** Lines of Reelflow's own activities and workflows (their context loggers): said at LOG_LEVEL, not the SDK's level. */
const OWN_COMPONENTS: ReadonlySet<unknown> = new Set(['activity', 'workflow']);

/**
 * The SDK's Logger interface over pino loggers: workflow, activity, worker and (forwarded) core
 * lines. The SDK's own lines go to `sdk` (at TEMPORAL_LOG_LEVEL); what Reelflow's activities and
 * workflows log through their context logger goes to `own` (at LOG_LEVEL).
 */
export class TemporalPinoLogger implements SdkLogger {
  constructor(
    private readonly sdk: ReelflowLogger,
    private readonly own: ReelflowLogger = sdk,
  ) {}

  log(sdkLevel: LogLevel, message: string, meta?: LogMetadata): void {
    const level = EXPECTED.get(message) ?? (alreadyReported(meta) ? 'DEBUG' : sdkLevel);
    const method = PINO_LEVEL[level] ?? 'info';
    const target = OWN_COMPONENTS.has(meta?.sdkComponent) ? this.own : this.sdk;
    if (target.isLevelEnabled(method)) target[method](fields(meta), message);
  }
  trace(message: string, meta?: LogMetadata): void {
    this.log('TRACE', message, meta);
  }
  debug(message: string, meta?: LogMetadata): void {
    this.log('DEBUG', message, meta);
  }
  info(message: string, meta?: LogMetadata): void {
    this.log('INFO', message, meta);
  }
  warn(message: string, meta?: LogMetadata): void {
    this.log('WARN', message, meta);
  }
  error(message: string, meta?: LogMetadata): void {
    this.log('ERROR', message, meta);
  }
}

/** The Temporal SDK's lines as `{ component: 'temporal' }` children of the process logger: the SDK's at `level`, our activities' and workflows' at the root's. */
export function temporalLogger(root: ReelflowLogger, level: LogLevel): SdkLogger {
  const own = root.child({ component: 'temporal' });
  return new TemporalPinoLogger(own.child({}, { level: PINO_LEVEL[level] }), own);
}

/**
 * Runtime options that send every SDK line through our logger: the TypeScript side directly, the
 * Rust core's lines forwarded (otherwise core prints its own plain text to stderr) at the same
 * level; third-party native crates stay at their ERROR default.
 */
export function temporalRuntimeOptions(root: ReelflowLogger, level: LogLevel, metricsAddress?: string): RuntimeOptions {
  return {
    logger: temporalLogger(root, level),
    telemetryOptions: {
      logging: { filter: { core: level }, forward: {} },
      ...(metricsAddress ? { metrics: { prometheus: { bindAddress: metricsAddress } } } : {}),
    },
  };
}
