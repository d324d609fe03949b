import type { ReelflowConfig } from '../config/load';
import { providerModule } from '../providers/registry';
import type { RunningFake } from '../providers/types';

export interface DemoFake {
  provider: string;
  title: string;
  fake: RunningFake;
  /** The connections whose webhooks this fake sends to our ingress. */
  connections: string[];
}

/**
 * Demo mode: each fake of the config's `simulators:` section, delivering to our own ingress the
 * webhooks of every connection it serves (same credentials), as its platform would.
 */
export async function startDemoSimulators(config: ReelflowConfig, ingressUrl: string | undefined): Promise<DemoFake[]> {
  const started: DemoFake[] = [];
  try {
    for (const [provider, options] of Object.entries(config.simulators)) {
      const module = providerModule(provider)!; // load.ts refused simulators of unknown providers
      const fake = await module.simulator.start(options).catch((error: Error) => {
        throw new Error(`the fake ${module.adapter.title} (simulators.${provider}) could not start: ${error.message}`, { cause: error });
      });
      const served = config.connections.filter((c) => c.provider === provider && module.simulator.serves(options, c));
      started.push({ provider, title: module.adapter.title, fake, connections: served.map((c) => c.name) });
      if (!ingressUrl) continue;
      for (const connection of served) module.simulator.connect(fake, connection, `${ingressUrl}/webhooks/${provider}/${connection.name}`);
    }
    return started;
  } catch (error) {
    await Promise.all(started.map(({ fake }) => fake.close()));
    throw error;
  }
}
