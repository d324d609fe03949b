import type { ReelflowConfig } from '../config/load';
import { isMkioConnection } from '../providers/mkio/connection';
import { startFakeMkio, type FakeMkio } from './mkio';

export const DEMO_RULE = 'reelflow-demo';

/**
 * Demo mode: the fake MK.IO from the config's `simulators.mkio`, with a webhook rule per MK.IO
 * connection that the fake serves (same token) pointing at our own ingress.
 */
export async function startDemoSimulators(config: ReelflowConfig, ingressUrl: string | undefined): Promise<FakeMkio | undefined> {
  const options = config.simulators.mkio;
  if (!options) return undefined;
  const fake = await startFakeMkio({ host: options.host, port: options.port, token: options.token, timing: options.timing, faults: options.faults });
  const served = config.connections
    .filter(isMkioConnection)
    .filter((c) => c.apiToken === options.token);
  for (const connection of served) {
    if (!ingressUrl || !connection.project) continue;
    fake.putRule(connection.project, DEMO_RULE, {
      url: `${ingressUrl}/webhooks/mkio/${connection.name}`,
      enabled: true,
      events: ['MediaKind.JobStarted', 'MediaKind.JobFinished', 'MediaKind.StreamingLocatorCreated'],
      authentication: { headers: { [connection.secretHeader]: connection.secret[0]! } },
    });
  }
  return fake;
}
