/**
 * One log record (pino's JSON, already redacted and serialized) as one line for a person at a
 * terminal. Built from the JSON and never from the objects logged, so it can show no more than
 * the JSON lines do. Only an unexpected error adds lines: its stack, indented below.
 */
export type LogRecord = Record<string, unknown>;

export interface PrettyOptions {
  color?: boolean;
}

/** Fields every line has, or that only a machine needs (a task token can complete the activity: never shown). */
const HIDDEN = new Set(['time', 'level', 'msg', 'pid', 'hostname', 'component', 'sdkComponent', 'taskToken', 'namespace', 'isLocal', 'activityId', 'workflowRunId', 'runId', 'workflowType', 'reqId']);
/** Long values are clipped: a line is for reading, the JSON format keeps everything. */
const MAX_VALUE_CHARS = 300;

const TAG: Record<string, string> = { trace: 'TRACE', debug: 'DEBUG', info: '', warn: 'WARN', error: 'ERROR', fatal: 'FATAL' };
const ANSI = { dim: '\u001b[2m', yellow: '\u001b[33m', red: '\u001b[31m', reset: '\u001b[0m' };
const LEVEL_COLOR: Record<string, string> = { trace: ANSI.dim, debug: ANSI.dim, warn: ANSI.yellow, error: ANSI.red, fatal: ANSI.red };

/** The record's time as the local HH:MM:SS. */
function clock(time: unknown): string {
  const date = new Date(typeof time === 'string' || typeof time === 'number' ? time : Date.now());
  return Number.isNaN(date.getTime()) ? '--:--:--' : date.toTimeString().slice(0, 8);
}

/** Any text on one line. */
const oneLine = (text: string) => text.replace(/\s*[\r\n]+\s*/g, ' ⏎ ');

const clip = (text: string) => (text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : text);

function show(value: unknown): string {
  if (typeof value === 'string') return clip(/^[^\s"=]+$/.test(value) ? value : JSON.stringify(value));
  if (typeof value === 'object' && value !== null) return clip(JSON.stringify(value));
  return String(value);
}

const str = (value: unknown) => (value === undefined || value === null ? '' : oneLine(String(value)));

function fieldsOf(record: LogRecord, used: readonly string[]): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(record)) {
    if (HIDDEN.has(name) || name === 'err' || used.includes(name) || value === undefined) continue;
    parts.push(`${name}=${show(value)}`);
  }
  return parts.join(' ');
}

interface ErrorRecord {
  type?: string;
  message?: string;
  stack?: string;
}

/** What the line says of an unexpected error; its stack follows below. */
const errorText = (err: ErrorRecord) => oneLine(`${err.type ?? 'Error'}: ${err.message ?? ''}`);

/** The stack without its first line (the line above already says it), indented. */
function stackLines(err: ErrorRecord): string[] {
  const lines = (err.stack ?? '').split('\n');
  const rest = lines[0]?.includes(err.message ?? '\u0000') ? lines.slice(1) : lines;
  return rest.filter((line) => line.trim()).map((line) => `    ${line.trim()}`);
}

const ms = (value: unknown) => (typeof value === 'number' ? ` ${Math.round(value)} ms` : '');
const attempt = (value: unknown) => (typeof value === 'number' && value > 1 ? ` (attempt ${value})` : '');
/** An expected failure as a summary, or an unexpected one as type and message (its stack below). */
const failureOf = (record: LogRecord) => str(record.failure) || (record.err ? errorText(record.err as ErrorRecord) : '');

/** The events a person watches for, each in its own words; the rest are message and fields. */
const RENDERERS: Record<string, (r: LogRecord) => { text: string; used: string[] }> = {
  webhook: (r) => ({
    text: `← ${str(r.provider)}/${str(r.connection)} ${str(r.type)} → ${str(r.key)}${r.phase ? ` (${str(r.phase)})` : ''} ${str(r.status)}${ms(r.ms)}`,
    used: ['provider', 'connection', 'type', 'key', 'phase', 'status', 'ms', 'eventId', 'source'],
  }),
  'webhook ignored': (r) => ({ text: `← ${str(r.provider)}/${str(r.connection)} ${str(r.type)} ignored`, used: ['provider', 'connection', 'type', 'eventId'] }),
  'action done': (r) => ({
    text: `action ${str(r.action)} ${str(r.key)} → ${str(r.outcome)}${ms(r.durationMs)}`,
    used: ['action', 'key', 'outcome', 'durationMs', 'workflowId', 'activityType', 'taskQueue', 'attempt'],
  }),
  'action failed': (r) => ({
    text: `action ${str(r.action)} ${str(r.key)} failed${attempt(r.attempt)}: ${failureOf(r)}`,
    used: ['action', 'key', 'failure', 'err', 'workflowId', 'activityType', 'taskQueue', 'attempt'],
  }),
  'reelflow alert': (r) => ({
    text: `alert ${str(r.key)} ${str(r.phase)} (${str(r.state)})`,
    used: ['key', 'phase', 'state', 'workflowId', 'activityType', 'taskQueue', 'attempt', ...(Array.isArray(r.errors) && r.errors.length === 0 ? ['errors'] : [])],
  }),
  'Activity failed': (r) => ({
    text: `activity ${str(r.activityType)} ${str(r.workflowId)} failed${attempt(r.attempt)}: ${failureOf(r)}${ms(r.durationMs)}`,
    used: ['activityType', 'workflowId', 'attempt', 'failure', 'err', 'durationMs', 'taskQueue'],
  }),
  'Workflow failed': (r) => ({
    text: `workflow ${str(r.workflowType)} ${str(r.workflowId)} failed: ${failureOf(r)}`,
    used: ['workflowId', 'failure', 'err', 'taskQueue'],
  }),
  'incoming request': (r) => {
    const req = (r.req ?? {}) as { method?: string; url?: string };
    return { text: `→ ${str(req.method)} ${str(req.url)}`, used: ['req'] };
  },
  'request completed': (r) => {
    const res = (r.res ?? {}) as { statusCode?: number };
    return { text: `← ${str(res.statusCode)}${ms(r.responseTime)}`, used: ['res', 'responseTime'] };
  },
};

export function prettyLine(record: LogRecord, options: PrettyOptions = {}): string {
  const level = typeof record.level === 'string' ? record.level : 'info';
  const msg = str(record.msg);
  const render = RENDERERS[msg];
  const { text, used } = render ? render(record) : { text: msg, used: [] };
  const fields = fieldsOf(record, used);
  const err = record.err as ErrorRecord | undefined;
  // A renderer that names the error says it; otherwise it joins the fields.
  const errPart = err && !used.includes('err') ? ` ${errorText(err)}` : '';
  const paint = (code: string | undefined, s: string) => (options.color && code && s ? `${code}${s}${ANSI.reset}` : s);
  const tag = TAG[level] ?? level.toUpperCase();
  const component = typeof record.component === 'string' && !render ? `${record.component} › ` : '';
  const head = [paint(ANSI.dim, clock(record.time)), paint(LEVEL_COLOR[level], tag), `${paint(ANSI.dim, component)}${text}${errPart}`, paint(ANSI.dim, fields)];
  const line = head.filter(Boolean).join(' ');
  const stack = err ? stackLines(err).map((l) => paint(ANSI.dim, l)) : [];
  return [line, ...stack].join('\n');
}
