import { z } from 'zod';
import { ConnectionName, SecretList } from '../secretSchema';
import { WORKSPACE_ID } from './ids';
import { isBase64 } from './signature';

/** It names the account of resource keys, whose separator is `:`. */
const WorkspaceId = z.string().regex(WORKSPACE_ID, 'a FastPix workspace id (printable, no spaces or ":")');

/** A FastPix workspace whose dashboard webhook points at /webhooks/fastpix/<name>. */
export const FastpixConnection = z
  .strictObject({
    name: ConnectionName,
    provider: z.literal('fastpix'),
    /** Dashboard > Webhooks > Signing Secret, as shown (base64); several while rotating. */
    signingSecret: SecretList,
    /** `base64`: the HMAC key is the decoded secret (FastPix's SDKs); `raw`: its UTF-8 bytes (some third-party code). */
    signingSecretEncoding: z.enum(['base64', 'raw']).default('base64'),
    /** Events from any other workspace are refused. Omit to take the workspace from each event. */
    workspace: WorkspaceId.optional(),
    /** Base of the FastPix API, used for polling; paths start with /v1/. */
    apiBaseUrl: z.url({ protocol: /^https?$/, error: 'an http(s) URL' }).default('https://api.fastpix.com'),
    /** Access Token ID and Secret Key (HTTP Basic). Without them Reelflow only follows webhooks. */
    accessTokenId: z.string().min(1).optional(),
    secretKey: z.string().min(1).optional(),
  })
  .superRefine((connection, ctx) => {
    // A secret that is not base64 would decode to garbage and fail every webhook: refuse it at load.
    if (connection.signingSecretEncoding === 'base64') {
      connection.signingSecret.forEach((secret, index) => {
        if (!isBase64(secret)) {
          ctx.addIssue({
            code: 'custom',
            path: connection.signingSecret.length > 1 ? ['signingSecret', index] : ['signingSecret'],
            message: 'not valid base64 (copy it from the dashboard as shown, or set signingSecretEncoding: raw)',
          });
        }
      });
    }
    if ((connection.accessTokenId === undefined) !== (connection.secretKey === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [connection.accessTokenId === undefined ? 'accessTokenId' : 'secretKey'],
        message: 'accessTokenId and secretKey go together (HTTP Basic): set both or neither',
      });
    }
  });
export type FastpixConnection = z.infer<typeof FastpixConnection>;

/** Narrows a configured connection (validated by the schema above at load) to FastPix's fields. */
export const isFastpixConnection = <C extends { provider: string }>(connection: C | undefined): connection is C & FastpixConnection => connection?.provider === 'fastpix';
