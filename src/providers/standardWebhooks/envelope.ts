import { z } from 'zod';
import { PayloadError, payloadErrorFromZod } from '../errors';

/** The payload the Standard Webhooks spec recommends: `type`, `timestamp`, `data`; anything else is kept for the mapping. */
const StandardWebhookBody = z.looseObject({
  type: z.string().min(1, 'must not be empty'),
  timestamp: z.string().optional(),
  data: z.unknown().optional(),
});
export type StandardWebhookBody = z.infer<typeof StandardWebhookBody>;

export function standardWebhookBodyOf(json: unknown): StandardWebhookBody {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new PayloadError('(body)', 'expected a JSON object');
  const parsed = StandardWebhookBody.safeParse(json);
  if (!parsed.success) throw payloadErrorFromZod(parsed.error.issues);
  return parsed.data;
}
