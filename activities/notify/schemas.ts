import { z } from 'zod';
import { Webhook } from 'standardwebhooks';

/**
 * Receiver URLs: http(s) only, because fetch fails any other scheme as a network error that
 * would be retried for ever; no `user:pass@`, because fetch refuses those outright.
 */
const receiverUrl = () =>
  z
    // abort: the refinement below only makes sense for a URL that parsed.
    .url({ protocol: /^https?$/, error: 'an http(s) URL', abort: true })
    .refine((url) => {
      const parsed = new URL(url);
      return !parsed.username && !parsed.password;
    }, 'no credentials in the URL: put them in headers');

/** The regex alone lets through base64 that does not decode (`whsec_abc`); the library would throw at send time. */
const decodesAsSecret = (secret: string): boolean => {
  try {
    new Webhook(secret);
    return true;
  } catch {
    return false;
  }
};

export const HttpNotifySpec = z.object({
  type: z.literal('notify.http'),
  url: receiverUrl(),
  /** Standard Webhooks signing secret, `whsec_<base64>`; optional (unsigned if absent). */
  secret: z
    .string()
    .regex(/^whsec_[A-Za-z0-9+/=]+$/, { message: 'a Standard Webhooks secret: whsec_<base64>', abort: true })
    .refine(decodesAsSecret, 'a Standard Webhooks secret: whsec_<base64> (the base64 part does not decode)')
    .optional(),
  headers: z.record(z.string(), z.string()).default({}),
  timeout: z.number().int().positive().default(10_000), // ms
});
export type HttpNotifySpec = z.infer<typeof HttpNotifySpec>;

export const SlackNotifySpec = z.object({
  type: z.literal('notify.slack'),
  /** A Slack incoming-webhook URL; its path is the secret. */
  webhookUrl: receiverUrl(),
  /** Only legacy incoming webhooks honour this; app webhooks post to the channel they were made for. */
  channel: z.string().optional(),
  timeout: z.number().int().positive().default(10_000), // ms
});
export type SlackNotifySpec = z.infer<typeof SlackNotifySpec>;
