import type { ReelflowConfig } from '../src/config/load';
import { parseResourceKey, type ResourceKey } from '../src/domain/resourceKey';
import { lifecycleInput } from '../src/temporal/lifecycleInput';
import type { ResourceLifecycleInput } from '../workflows/resourceLifecycle';

/**
 * lifecycleSettings: an entity workflow's settings as this worker's config says now. A local
 * activity at each continue-as-new, so a changed `on:` rule or wait policy reaches a live stream
 * that has been running for months.
 */
export function createSettingsActivities(config: ReelflowConfig) {
  return {
    async lifecycleSettings({ key, connection }: { key: ResourceKey; connection: string }): Promise<ResourceLifecycleInput> {
      const ref = parseResourceKey(key);
      return lifecycleInput(config, { key, provider: ref.provider, connection, kind: ref.kind });
    },
  };
}
