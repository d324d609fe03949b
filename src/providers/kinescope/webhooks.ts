import { z } from 'zod';
import { ProviderApiError } from '../apiError';
import type { WebhookRegistrar } from '../types';
import { kinescopeApi, kinescopePath } from './api';
import type { KinescopeConnection } from './connection';
import { TRACKED_EVENTS } from './states';

/** One Reelflow webhook per connection, found again by this name. */
export const reelflowWebhookName = (connection: string): string => `reelflow-${connection}`;

/** Passwords are write-only: never printed, whatever they are. */
export const MASK = '********';

/** The five fields Kinescope's POST and PUT take (PUT requires all five). */
export interface KinescopeWebhookSpec {
  name: string;
  endpoint: string;
  login: string;
  password: string;
  events: string[];
}

/** A webhook as GET /v1/webhooks lists it; lenient on what we do not compare. */
const ListedWebhook = z
  .object({
    id: z.string().min(1),
    name: z.string(),
    endpoint: z.string().optional(),
    login: z.string().nullish(),
    events: z.array(z.string()).nullish(),
  })
  .loose();
type ListedWebhook = z.infer<typeof ListedWebhook>;

const WebhookList = z.object({ data: z.array(z.unknown()).nullish() }).loose();

/** What this connection's webhook should be on Kinescope. */
export function wantedWebhook(connection: KinescopeConnection, webhookUrl: string): KinescopeWebhookSpec {
  return {
    name: reelflowWebhookName(connection.name),
    endpoint: webhookUrl,
    login: connection.username ?? '',
    // The first of a rotation is the one to register; the others stay accepted meanwhile.
    password: connection.password?.[0] ?? '',
    events: [...TRACKED_EVENTS],
  };
}

const quote = (value: string) => JSON.stringify(value);
const eventList = (events: readonly string[]) => `[${[...events].sort().join(', ')}]`;

/** Every field of a webhook about to be created, the password masked. */
function creationLines(wanted: KinescopeWebhookSpec): string[] {
  return [`name: ${quote(wanted.name)}`, `endpoint: ${quote(wanted.endpoint)}`, `login: ${quote(wanted.login)}`, `password: ${MASK}`, `events: ${eventList(wanted.events)}`];
}

/** What differs, as `field: "old" → "new"`; the password cannot be read back, so it is never compared. */
function differences(existing: ListedWebhook, wanted: KinescopeWebhookSpec): string[] {
  const lines: string[] = [];
  if (existing.endpoint !== wanted.endpoint) lines.push(`endpoint: ${quote(existing.endpoint ?? '')} → ${quote(wanted.endpoint)}`);
  if ((existing.login ?? '') !== wanted.login) lines.push(`login: ${quote(existing.login ?? '')} → ${quote(wanted.login)}`);
  const before = eventList(existing.events ?? []);
  const after = eventList(wanted.events);
  if (before !== after) lines.push(`events: ${before} → ${after}`);
  return lines;
}

async function findWebhook(connection: KinescopeConnection, name: string, fetchImpl?: typeof fetch): Promise<ListedWebhook | undefined> {
  const answer = WebhookList.safeParse(await kinescopeApi(connection, fetchImpl).get<unknown>('/v1/webhooks'));
  if (!answer.success) throw new ProviderApiError(502, 'Kinescope GET /v1/webhooks answered without a data list');
  for (const item of answer.data.data ?? []) {
    const webhook = ListedWebhook.safeParse(item);
    if (webhook.success && webhook.data.name === name) return webhook.data;
  }
  return undefined;
}

/**
 * `reelflow webhooks sync kinescope/<connection>`: finds `reelflow-<connection>` among the
 * workspace's webhooks, creates it when absent, rewrites it (all five fields, as PUT requires)
 * when its endpoint, login or events differ. A second run finds nothing to do.
 */
export const kinescopeWebhooks: WebhookRegistrar<KinescopeConnection> = {
  async sync(connection, { webhookUrl, dryRun, resendSecret, fetch: fetchImpl }) {
    const wanted = wantedWebhook(connection, webhookUrl);
    const existing = await findWebhook(connection, wanted.name, fetchImpl);
    const api = kinescopeApi(connection, fetchImpl);
    if (!existing) {
      if (!dryRun) await api.send('POST', '/v1/webhooks', wanted);
      return { action: 'created', diff: creationLines(wanted) };
    }
    const diff = differences(existing, wanted);
    // The password cannot be read back: after a rotation only --resend-secret sends the new one.
    if (diff.length === 0 && !resendSecret) return { action: 'unchanged', diff };
    if (!dryRun) await api.send('PUT', kinescopePath`/v1/webhooks/${existing.id}`, wanted);
    return { action: 'updated', diff: [...diff, `password: ${MASK} (write-only: sent again)`] };
  },
};
