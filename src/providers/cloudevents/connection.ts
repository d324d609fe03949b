import { z } from 'zod';
import { genericSourceFields, refineAccount } from '../mapping/connectionFields';
import { ConnectionName, SecretList } from '../secretSchema';
import { StandardWebhooksSecrets } from '../standardWebhooks/secret';

/** An HTTP header name (RFC 9110 token): it is looked up lower-cased in node's request headers. */
const HeaderName = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/, 'an HTTP header name');

/** `verify: { secretHeader, secret }`: the sender puts a shared secret (one of several during a rotation) in that header. */
const SharedSecret = z.strictObject({ secretHeader: HeaderName, secret: SecretList }).transform((verify) => ({ scheme: 'shared-secret' as const, ...verify }));

/** `verify: { standardWebhooks: whsec_… }`: the sender signs each delivery the Standard Webhooks way. */
const StandardWebhooksSignature = z.strictObject({ standardWebhooks: StandardWebhooksSecrets }).transform((verify) => ({ scheme: 'standard-webhooks' as const, secret: verify.standardWebhooks }));

/**
 * `verify:` picks its scheme by key, so an error names the field of the scheme meant (a plain
 * union would only say that no member matched).
 */
export const CloudEventsVerify = z.record(z.string(), z.unknown(), 'expected { secretHeader, secret } or { standardWebhooks: whsec_… }').transform((value, context) => {
  const parsed = ('standardWebhooks' in value ? StandardWebhooksSignature : SharedSecret).safeParse(value);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) context.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  return z.NEVER;
});

/**
 * Any CloudEvents 1.0 source (binary, structured or batch mode over HTTP) posting to
 * /webhooks/cloudevents/<name>; its events become resources through `mapping`.
 */
export const CloudEventsConnection = z
  .strictObject({
    name: ConnectionName,
    provider: z.literal('cloudevents'),
    verify: CloudEventsVerify,
    ...genericSourceFields,
  })
  .superRefine(refineAccount);
export type CloudEventsConnection = z.infer<typeof CloudEventsConnection>;
export type CloudEventsVerify = z.infer<typeof CloudEventsVerify>;
