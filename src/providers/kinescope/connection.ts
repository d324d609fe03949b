import { z } from 'zod';
import { ConnectionName, SecretList } from '../secretSchema';

const MISSING_CREDENTIALS = 'set username and password (the Basic credentials of the Kinescope webhook), or insecureNoAuth: true';

/**
 * A Kinescope workspace whose webhook points at /webhooks/kinescope/<name>. Kinescope signs
 * nothing: the webhook's optional login/password come back as HTTP Basic auth, so they are the
 * only proof of origin and a connection without them must say so explicitly.
 */
export const KinescopeConnection = z
  .strictObject({
    name: ConnectionName,
    provider: z.literal('kinescope'),
    /** The webhook's `login`; RFC 7617 forbids ":" in it. */
    username: z
      .string()
      .min(1)
      .regex(/^[^:]*$/, 'must not contain ":" (HTTP Basic)')
      .optional(),
    /** The webhook's `password`; several while a rotation is under way (the first is what `webhooks sync` registers). */
    password: SecretList.optional(),
    /** Accept unauthenticated webhooks (a Kinescope webhook with empty login and password). */
    insecureNoAuth: z.boolean().default(false),
    /** Base of the Kinescope API, for polling and webhook registration. */
    apiBaseUrl: z.url({ protocol: /^https?$/, error: 'an http(s) URL' }).default('https://api.kinescope.io'),
    /** Bearer token of the Kinescope API; without it Reelflow only follows webhooks. */
    apiToken: z.string().min(1).optional(),
  })
  .superRefine((connection, context) => {
    if (connection.insecureNoAuth) {
      // Both would leave it unclear whether webhooks are checked: say which one is meant.
      if (connection.username !== undefined || connection.password !== undefined) {
        context.addIssue({ code: 'custom', path: ['insecureNoAuth'], message: 'insecureNoAuth: true accepts any webhook: remove username and password, or insecureNoAuth' });
      }
      return;
    }
    if (connection.username === undefined) context.addIssue({ code: 'custom', path: ['username'], message: MISSING_CREDENTIALS });
    else if (connection.password === undefined) context.addIssue({ code: 'custom', path: ['password'], message: MISSING_CREDENTIALS });
  });
export type KinescopeConnection = z.infer<typeof KinescopeConnection>;

/** Narrows a configured connection (validated by the schema above at load) to Kinescope's fields. */
export const isKinescopeConnection = <C extends { provider: string }>(connection: C | undefined): connection is C & KinescopeConnection => connection?.provider === 'kinescope';
