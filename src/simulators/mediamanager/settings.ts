import { z } from 'zod';
import { FakeBaseOptions } from '../kit/options';

const Ms = z.number().int().nonnegative();

/** `simulators.mediamanager:` in the config (and what tests start the fake with). */
export const FakeMediaManagerSettings = FakeBaseOptions.extend({
  port: z.number().int().min(0).max(65535).default(3103),
  /** Required as `Authorization: Bearer <token>`; a connection with this apiToken is served by the fake. */
  apiToken: z.string().min(1),
  /** The one team this fake hosts (a number in YAML becomes a string, as in a connection). */
  teamId: z.union([z.string().min(1), z.number().int().nonnegative()]).transform(String),
  /** GET answers are cached this long per URL, as the platform documents (60 s); tests and the demo use less. */
  getCacheMs: Ms.default(60_000),
  /** A livestream whose encoder stopped turns idle after this long (the platform: 60 s) unless it reconnects. */
  idleAfterMs: Ms.default(60_000),
  timing: z
    .strictObject({
      /** Upload → media.upload.completed (or .failed). */
      processingMs: Ms.default(500),
      /** media.upload.completed → media.master.ready (then auto-publish). */
      masterMs: Ms.default(200),
      /** Pause before the first redelivery (doubling); the platform does not document it. */
      retryBackoffMs: Ms.default(1000),
    })
    .prefault({}),
  /** `media`: the documented `media.*` names; `per-kind`: the newer `video.*` names. */
  eventNaming: z.enum(['media', 'per-kind']).default('media'),
});
export type FakeMediaManagerSettings = z.infer<typeof FakeMediaManagerSettings>;
/** What a test may pass: defaults filled in by the schema. */
export type FakeMediaManagerOptions = z.input<typeof FakeMediaManagerSettings>;
export type FakeMediaManagerTiming = FakeMediaManagerSettings['timing'];
