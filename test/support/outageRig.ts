import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startInboxRig, type InboxRig } from './inboxRig';
import { startOwnTemporal, type OwnTemporal } from './ownTemporal';

/**
 * For one describe block: a dedicated Temporal in a temp dir and an ingress child beside it
 * (outage tests pause and kill them, which the run's shared server must never see).
 */
export function useOutageRig(prefix: string): { temporal: () => OwnTemporal; rig: () => InboxRig } {
  let dir: string | undefined;
  let temporal: OwnTemporal | undefined;
  let rig: InboxRig | undefined;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), prefix));
    temporal = await startOwnTemporal(dir);
    rig = await startInboxRig({ temporalAddress: temporal.address, dir });
  }, 180_000);
  afterAll(async () => {
    await rig?.stop();
    await temporal?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);
  return { temporal: () => temporal!, rig: () => rig! };
}
