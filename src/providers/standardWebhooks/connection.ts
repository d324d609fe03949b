import { z } from 'zod';
import { genericSourceFields, refineAccount } from '../mapping/connectionFields';
import { ConnectionName } from '../secretSchema';
import { StandardWebhooksSecrets } from './secret';

/** Any service that signs its webhooks the Standard Webhooks way, posting to /webhooks/standard-webhooks/<name>. */
export const StandardWebhooksConnection = z
  .strictObject({
    name: ConnectionName,
    provider: z.literal('standard-webhooks'),
    /** The endpoint's signing secret(s), `whsec_…`; several while the sender rotates its key. */
    secret: StandardWebhooksSecrets,
    ...genericSourceFields,
  })
  .superRefine(refineAccount);
export type StandardWebhooksConnection = z.infer<typeof StandardWebhooksConnection>;
