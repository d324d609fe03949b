import pino, { type DestinationStream, type Logger } from 'pino';
import { CREDENTIAL_HEADERS } from '../inbox/redact';
import { safePath } from '../ingress/hardening';

/** The one logger of a Reelflow process: ingress, relay, worker and the Temporal SDK write through it. */
export type ReelflowLogger = Logger;

export interface LoggerSettings {
  /** A pino level (`trace` … `fatal`, or `silent`); LOG_LEVEL, else `info`. */
  level?: string;
  /** Where the JSON lines go; stdout when absent. Tests pass a stream and read what was written. */
  destination?: DestinationStream;
}

/** Headers logged on their own or inside a request, a row or an error: never with a credential. */
const REDACTED_PATHS = CREDENTIAL_HEADERS.flatMap((name) => [`headers["${name}"]`, `*.headers["${name}"]`]);

/** A request as every line shows it: no query (a platform may carry its shared secret there), no headers. */
const serializeRequest = (req: { method?: string; url?: string; id?: string }) => ({ method: req.method, url: safePath(req.url ?? ''), reqId: req.id });

/** JSON lines, one per event, with level names and ISO times, as a log shipper reads them. */
export function createLogger(settings: LoggerSettings = {}): ReelflowLogger {
  return pino(
    {
      level: settings.level ?? process.env.LOG_LEVEL ?? 'info',
      formatters: { level: (label) => ({ level: label }) },
      timestamp: pino.stdTimeFunctions.isoTime,
      serializers: { req: serializeRequest, err: pino.stdSerializers.err },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    settings.destination,
  );
}
