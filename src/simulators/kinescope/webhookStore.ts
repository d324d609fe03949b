import { randomUUID } from 'node:crypto';
import { TRACKED_EVENTS } from '../../providers/kinescope/states';
import { isRecord } from '../kit/router';
import { badRequest } from './errors';

/** The event names a webhook may subscribe to: those Kinescope documents. */
export const KINESCOPE_EVENTS: ReadonlySet<string> = new Set(TRACKED_EVENTS);

export interface WebhookSpec {
  name: string;
  endpoint: string;
  login: string;
  /** Write-only: sent with every delivery as HTTP Basic, read back masked. */
  password: string;
  events: string[];
}

export interface WebhookRecord extends WebhookSpec {
  id: string;
  createdAt: string;
  updatedAt: string;
}

export const PASSWORD_MASK = '********';

/** A webhook as GET /v1/webhooks lists it: the password never comes back. */
export function webhookResourceOf(webhook: WebhookRecord) {
  return {
    id: webhook.id,
    name: webhook.name,
    endpoint: webhook.endpoint,
    login: webhook.login,
    password: webhook.password ? PASSWORD_MASK : '',
    events: [...webhook.events],
    created_at: webhook.createdAt,
    updated_at: webhook.updatedAt,
  };
}
export type WebhookResource = ReturnType<typeof webhookResourceOf>;

function text(body: Record<string, unknown>, field: string, required: boolean, nonEmpty: boolean): string | undefined {
  const value = body[field];
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string') throw badRequest(`${field} is required (string)`);
  if (nonEmpty && value === '') throw badRequest(`${field} must not be empty`);
  return value;
}

/**
 * Validates a POST (`name`, `endpoint`, `events` required) or PUT (all five required) body as
 * Kinescope's API does; errors name the field.
 */
export function parseWebhookBody(body: unknown, method: 'POST' | 'PUT'): WebhookSpec {
  if (!isRecord(body)) throw badRequest('body must be a JSON object');
  const all = method === 'PUT';
  const name = text(body, 'name', true, true)!;
  const endpoint = text(body, 'endpoint', true, true)!;
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw badRequest('endpoint is not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw badRequest('endpoint must be http or https');
  const login = text(body, 'login', all, false) ?? '';
  const password = text(body, 'password', all, false) ?? '';
  if (!Array.isArray(body.events) || body.events.length === 0) throw badRequest('events is required (a non-empty array of event names)');
  body.events.forEach((event, index) => {
    if (typeof event !== 'string' || !KINESCOPE_EVENTS.has(event)) throw badRequest(`events[${index}] is not a known event`);
  });
  return { name, endpoint, login, password, events: [...new Set(body.events as string[])] };
}

/** The workspace's webhooks, in creation order. */
export class WebhookStore {
  private readonly webhooks = new Map<string, WebhookRecord>();

  create(spec: WebhookSpec): WebhookRecord {
    const now = new Date().toISOString();
    const webhook: WebhookRecord = { id: randomUUID(), ...spec, createdAt: now, updatedAt: now };
    this.webhooks.set(webhook.id, webhook);
    return webhook;
  }

  /** PUT replaces all five fields; the webhook keeps its id. */
  replace(id: string, spec: WebhookSpec): WebhookRecord | undefined {
    const webhook = this.webhooks.get(id);
    if (!webhook) return undefined;
    Object.assign(webhook, spec, { updatedAt: new Date().toISOString() });
    return webhook;
  }

  get(id: string): WebhookRecord | undefined {
    return this.webhooks.get(id);
  }

  findByName(name: string): WebhookRecord | undefined {
    return this.list().find((webhook) => webhook.name === name);
  }

  list(): WebhookRecord[] {
    return [...this.webhooks.values()];
  }

  delete(id: string): boolean {
    return this.webhooks.delete(id);
  }

  subscribers(event: string): WebhookRecord[] {
    return this.list().filter((webhook) => webhook.events.includes(event));
  }
}
