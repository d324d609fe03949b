import pino, { type DestinationStream, type Logger } from 'pino';
import { CREDENTIAL_HEADERS } from '../inbox/redact';
import { safePath } from '../ingress/hardening';
import { logFormat, useColor, type LogFormat } from './logFormat';
import { prettyLine } from './prettyLine';

/** The one logger of a Reelflow process: ingress, relay, worker and the Temporal SDK write through it. */
export type ReelflowLogger = Logger;

export interface LoggerSettings {
  /** A pino level (`trace` … `fatal`, or `silent`); LOG_LEVEL, else `info`. */
  level?: string;
  /** Where the lines go; stdout when absent. Tests pass a stream and read what was written. */
  destination?: DestinationStream;
  /** `json` or `pretty`; LOG_FORMAT, else pretty on a terminal. JSON when a destination is given without one. */
  format?: LogFormat;
}

/** Headers logged on their own or inside a request, a row or an error: never with a credential. */
const REDACTED_PATHS = CREDENTIAL_HEADERS.flatMap((name) => [`headers["${name}"]`, `*.headers["${name}"]`]);

/** A request as every line shows it: no query (a platform may carry its shared secret there), no headers. */
const serializeRequest = (req: { method?: string; url?: string; id?: string }) => ({ method: req.method, url: safePath(req.url ?? ''), reqId: req.id });

/**
 * Pino's JSON lines, as written (serialized and redacted), turned into pretty lines: the pretty
 * format can show nothing the JSON format would not.
 */
export function prettyDestination(out: { write(text: string): unknown }, options: { color?: boolean } = {}): DestinationStream {
  return {
    write(chunk: string) {
      for (const json of chunk.split('\n')) {
        if (!json) continue;
        let record: Record<string, unknown>;
        try {
          record = JSON.parse(json) as Record<string, unknown>;
        } catch {
          out.write(`${json}\n`);
          continue;
        }
        out.write(`${prettyLine(record, options)}\n`);
      }
    },
  };
}

/** One line per event: JSON with level names and ISO times, as a log shipper reads them, or pretty at a terminal. */
export function createLogger(settings: LoggerSettings = {}): ReelflowLogger {
  const format = settings.format ?? (settings.destination ? 'json' : logFormat());
  const destination = format === 'pretty' ? prettyDestination(settings.destination ?? process.stdout, { color: !settings.destination && useColor() }) : settings.destination;
  return pino(
    {
      level: settings.level ?? process.env.LOG_LEVEL ?? 'info',
      formatters: { level: (label) => ({ level: label }) },
      timestamp: pino.stdTimeFunctions.isoTime,
      serializers: { req: serializeRequest, err: pino.stdSerializers.err },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    destination,
  );
}
