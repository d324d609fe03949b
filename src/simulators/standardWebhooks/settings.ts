import { z } from 'zod';
import { FakeBaseOptions } from '../kit/options';

const Ms = z.number().int().nonnegative();

/** `simulators.standard-webhooks:` in the config: a video SaaS that signs its webhooks the Standard Webhooks way. */
export const FakeVideoSaasSettings = FakeBaseOptions.extend({
  port: z.number().int().min(0).max(65535).default(3105),
  /** The customer's workspace, in every video (`data.workspace`). */
  workspace: z.string().min(1).default('acme'),
  timing: z
    .strictObject({
      /** Created → processing. */
      createdMs: Ms.default(300),
      /** Processing → ready, or failed when the source URL says `fail`. */
      processingMs: Ms.default(1000),
      /** Pause before the first redelivery (doubling). */
      retryBackoffMs: Ms.default(1000),
    })
    .prefault({}),
});
export type FakeVideoSaasSettings = z.infer<typeof FakeVideoSaasSettings>;
export type FakeVideoSaasOptions = z.input<typeof FakeVideoSaasSettings>;
