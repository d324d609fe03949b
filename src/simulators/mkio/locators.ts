import { randomUUID } from 'node:crypto';
import { locatorResource, type LocatorResource } from './cloudEvents';
import { badRequest, conflict } from './errors';

export interface LocatorRecord {
  project: string;
  name: string;
  assetName: string;
  streamingPolicyName: string;
  streamingLocatorId: string;
  created: string;
}

/** AMS's built-in clear-streaming policy: what a caller that names none most likely means. */
const DEFAULT_POLICY = 'Predefined_ClearStreamingOnly';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function locatorResourceOf(locator: LocatorRecord): LocatorResource {
  return locatorResource({ ...locator, locator: locator.name });
}

/**
 * Streaming locators are immutable once made: a repeat PUT for the same asset is a no-op, one
 * for another asset is a conflict. That is what makes "publish" safe to retry.
 */
export class LocatorStore {
  private readonly locators = new Map<string, LocatorRecord>();

  put(project: string, name: string, body: unknown): { locator: LocatorRecord; created: boolean } {
    const properties = isRecord(body) && isRecord(body.properties) ? body.properties : undefined;
    const assetName = properties?.assetName;
    if (typeof assetName !== 'string' || assetName === '') throw badRequest('properties.assetName is required');
    const policy = properties?.streamingPolicyName;
    const streamingPolicyName = typeof policy === 'string' && policy !== '' ? policy : DEFAULT_POLICY;

    const existing = this.get(project, name);
    if (existing) {
      if (existing.assetName !== assetName) {
        throw conflict(`streaming locator ${name} already exists for asset ${existing.assetName}, not ${assetName}`);
      }
      return { locator: existing, created: false };
    }
    const locator: LocatorRecord = { project, name, assetName, streamingPolicyName, streamingLocatorId: randomUUID(), created: new Date().toISOString() };
    this.locators.set(`${project}/${name}`, locator);
    return { locator, created: true };
  }

  get(project: string, name: string): LocatorRecord | undefined {
    return this.locators.get(`${project}/${name}`);
  }
}
