import { z } from 'zod';
import type { ApiAnswer, ApiRequest } from './httpServer';
import { parseJsonBody } from './router';
import type { DeliveryFaults, WebhookSender } from './webhookSender';
import { numeric } from '../../config/envNumber';

export const DeliveryFaultsSchema = z.strictObject({
  duplicate: z.number().int().nonnegative().optional(),
  reorder: z.boolean().optional(),
  delayMs: z.number().int().nonnegative().optional(),
  drop: z.number().min(0).max(1).optional(),
  retry: z.strictObject({ attempts: z.number().int().nonnegative(), backoffMs: z.number().int().nonnegative() }).optional(),
}) satisfies z.ZodType<DeliveryFaults>;

/** What every fake's `simulators.<provider>:` entry has; each fake adds its credentials and clock. */
export const FakeBaseOptions = z.strictObject({
  host: z.string().default('127.0.0.1'),
  port: numeric(z.number().int().min(0).max(65535)),
  faults: DeliveryFaultsSchema.default({}),
  /** Seed for the drop and shuffle faults, so runs repeat. */
  seed: z.number().int().optional(),
});

/** Where a fake listens, for clients in another process (`reelflow simulate`). */
export const fakeUrl = (options: { host: string; port: number }): string => `http://${options.host === '0.0.0.0' ? '127.0.0.1' : options.host}:${options.port}`;

/**
 * `GET|PUT /_fake/faults`: the one route a fake has that its platform has not, so that
 * `reelflow simulate` (another process) can make the demo's fake lose webhooks for a while.
 */
export function fakeControl(request: ApiRequest, sender: WebhookSender, invalid: (detail: string) => Error): ApiAnswer | undefined {
  if (request.path !== '/_fake/faults') return undefined;
  if (request.method === 'GET') return { status: 200, body: sender.faults };
  if (request.method !== 'PUT') return { status: 405 };
  const parsed = DeliveryFaultsSchema.safeParse(parseJsonBody(request.body, () => invalid('faults: not JSON')));
  if (!parsed.success) throw invalid(`faults: ${parsed.error.issues[0]!.message}`);
  sender.setFaults(parsed.data);
  return { status: 200, body: sender.faults };
}
