import { randomUUID } from 'node:crypto';
import { MKIO_EVENT_TYPES } from '../../providers/mkio/eventTypes';
import { badRequest } from './errors';

export { MKIO_EVENT_TYPES };

/** Event types a rule may subscribe to (the Management API's enum). */
const KNOWN_TYPES = new Set<string>(MKIO_EVENT_TYPES);

export interface WebhookRuleSpec {
  url: string;
  enabled: boolean;
  events: string[];
  headers?: Record<string, string>;
  queryParams?: Record<string, string>;
  /** Write-only: sent with every delivery, read back masked. */
  authentication?: { headers?: Record<string, string>; queryParams?: Record<string, string> };
}

import type { DeliveryStatus } from '../kit/webhookSender';

export type { DeliveryStatus };

/** One line of a rule's `/events` history. */
export interface DeliveryRecord {
  created: string;
  source: string;
  type: string;
  status: DeliveryStatus;
}

export interface WebhookRule {
  project: string;
  name: string;
  id: string;
  spec: WebhookRuleSpec;
  history: DeliveryRecord[];
}

export const MASK = '*****';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function stringMap(value: unknown, field: string): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  if (!isRecord(value)) throw badRequest(`${field} must be an object of strings`);
  for (const [key, item] of Object.entries(value)) {
    if (typeof item !== 'string') throw badRequest(`${field}.${key} must be a string`);
  }
  return { ...(value as Record<string, string>) };
}

/** Validates a PUT body `{ spec }` the way the Management API does; errors name the field. */
export function parseRuleBody(body: unknown): WebhookRuleSpec {
  if (!isRecord(body) || !isRecord(body.spec)) throw badRequest('spec is required');
  const spec = body.spec;
  if (typeof spec.url !== 'string' || spec.url === '') throw badRequest('spec.url is required');
  let url: URL;
  try {
    url = new URL(spec.url);
  } catch {
    throw badRequest('spec.url is not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw badRequest('spec.url must be http or https');
  if (typeof spec.enabled !== 'boolean') throw badRequest('spec.enabled is required (boolean)');
  if (!Array.isArray(spec.events)) throw badRequest('spec.events is required (array of event types)');
  spec.events.forEach((type, index) => {
    if (typeof type !== 'string' || !KNOWN_TYPES.has(type)) throw badRequest(`spec.events[${index}] is not a known event type`);
  });
  if (spec.authentication !== undefined && !isRecord(spec.authentication)) throw badRequest('spec.authentication must be an object');
  const authentication = spec.authentication;
  return {
    url: spec.url,
    enabled: spec.enabled,
    events: [...(spec.events as string[])],
    ...(spec.headers !== undefined ? { headers: stringMap(spec.headers, 'spec.headers') } : {}),
    ...(spec.queryParams !== undefined ? { queryParams: stringMap(spec.queryParams, 'spec.queryParams') } : {}),
    ...(authentication
      ? {
          authentication: {
            ...(authentication.headers !== undefined ? { headers: stringMap(authentication.headers, 'spec.authentication.headers') } : {}),
            ...(authentication.queryParams !== undefined ? { queryParams: stringMap(authentication.queryParams, 'spec.authentication.queryParams') } : {}),
          },
        }
      : {}),
  };
}

const masked = (values: Record<string, string> | undefined) => (values === undefined ? undefined : Object.fromEntries(Object.keys(values).map((key) => [key, MASK])));

/** A rule as GET answers it: authentication values are write-only, so every one reads back masked. */
export function ruleResource(rule: WebhookRule) {
  const { authentication, ...rest } = rule.spec;
  return {
    metadata: { id: rule.id, name: rule.name },
    spec: {
      ...rest,
      ...(authentication
        ? {
            authentication: {
              ...(authentication.headers ? { headers: masked(authentication.headers) } : {}),
              ...(authentication.queryParams ? { queryParams: masked(authentication.queryParams) } : {}),
            },
          }
        : {}),
    },
  };
}

/** Webhook rules per project, each with its delivery history. */
export class WebhookRuleStore {
  private readonly rules = new Map<string, WebhookRule>();

  /** PUT replaces the whole spec; the rule keeps its id and its history. */
  put(project: string, name: string, spec: WebhookRuleSpec): { rule: WebhookRule; created: boolean } {
    const existing = this.get(project, name);
    if (existing) {
      existing.spec = spec;
      return { rule: existing, created: false };
    }
    const rule: WebhookRule = { project, name, id: randomUUID(), spec, history: [] };
    this.rules.set(`${project}/${name}`, rule);
    return { rule, created: true };
  }

  get(project: string, name: string): WebhookRule | undefined {
    return this.rules.get(`${project}/${name}`);
  }

  list(project: string): WebhookRule[] {
    return [...this.rules.values()].filter((rule) => rule.project === project);
  }

  /** Deleting a rule deletes its history too (deliveries still under way update a detached record). */
  delete(project: string, name: string): boolean {
    return this.rules.delete(`${project}/${name}`);
  }

  /** Enabled rules of the project that subscribe to `type`. */
  subscribers(project: string, type: string): WebhookRule[] {
    return this.list(project).filter((rule) => rule.spec.enabled && rule.spec.events.includes(type));
  }
}
