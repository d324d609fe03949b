import { z } from 'zod';
import { FakeBaseOptions } from '../kit/options';

const Ms = z.number().int().nonnegative();

/** `simulators.cloudevents:` in the config: a transcoding service that emits CloudEvents. */
export const FakeTranscoderSettings = FakeBaseOptions.extend({
  port: z.number().int().min(0).max(65535).default(3104),
  /** How its events go over HTTP: one per request (`binary` or `structured`), or `batch`ed. */
  mode: z.enum(['binary', 'structured', 'batch']).default('structured'),
  /** The events' `source` attribute. */
  source: z.string().min(1).default('//transcoder.acme.example'),
  /** Batch mode: events of this long a window go in one request. */
  batchWindowMs: Ms.default(100),
  timing: z
    .strictObject({
      /** Created (queued) → started (transcoding). */
      queuedMs: Ms.default(300),
      /** Started → completed, or failed when the input's URL says `fail`. */
      transcodingMs: Ms.default(1000),
      /** Pause before the first redelivery (doubling). */
      retryBackoffMs: Ms.default(1000),
    })
    .prefault({}),
});
export type FakeTranscoderSettings = z.infer<typeof FakeTranscoderSettings>;
export type FakeTranscoderOptions = z.input<typeof FakeTranscoderSettings>;
