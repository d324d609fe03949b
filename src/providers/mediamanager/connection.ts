import { z } from 'zod';
import { ConnectionName, SecretList } from '../secretSchema';

/** An HTTP header name (RFC 9110 token): it is looked up lower-cased in node's request headers. */
const HeaderName = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/, 'an HTTP header name');

/**
 * How Media Manager signs a delivery. The real scheme is only shown in the platform's UI (as PHP
 * in the "Reveal Secret" pop-up), so every part is configurable: a wrong guess is a config change,
 * not a code change. The defaults are the common Laravel webhook-server convention.
 */
export const SignatureScheme = z.strictObject({
  header: HeaderName.default('Signature'),
  algorithm: z.enum(['sha256', 'sha1']).default('sha256'),
  encoding: z.enum(['hex', 'base64']).default('hex'),
  /** Text before the digest in the header, e.g. `sha256=`. */
  prefix: z.string().max(50).default(''),
});
export type SignatureScheme = z.infer<typeof SignatureScheme>;

/** Team ids are numbers on the platform; YAML may give one as a number, Reelflow keeps a string. */
const TeamId = z
  .union([z.string(), z.number().int().nonnegative()])
  .transform(String)
  .pipe(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a Media Manager team id (letters, digits, "-" or "_")'));

/** A Media Manager team whose webhook (team settings → Webhooks) points at /webhooks/mediamanager/<name>. */
export const MediaManagerConnection = z.strictObject({
  name: ConnectionName,
  provider: z.literal('mediamanager'),
  /** The webhook secret Media Manager generated (team settings → Reveal Secret); a list during a rotation. */
  secret: SecretList,
  signature: SignatureScheme.prefault({}),
  /** Base of the Media Manager API, used for polling. */
  apiBaseUrl: z.url({ protocol: /^https?$/, error: 'an http(s) URL' }).default('https://app.mediamanager.io/api/v1'),
  /** An API token (it acts as its user, across that user's teams). Without it (or teamId) Reelflow only follows webhooks. */
  apiToken: z.string().min(1).optional(),
  /** The team whose media list is polled (`team_id`). */
  teamId: TeamId.optional(),
});
export type MediaManagerConnection = z.infer<typeof MediaManagerConnection>;

/** Narrows a configured connection (validated by the schema above at load) to Media Manager's fields. */
export const isMediaManagerConnection = <C extends { provider: string }>(connection: C | undefined): connection is C & MediaManagerConnection => connection?.provider === 'mediamanager';
