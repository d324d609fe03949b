import { providerModules } from '../providers/registry';

/**
 * The embedded default: what `npm start` runs without a config file. One demo connection per
 * platform, each served by its fake in the same process (its API on its own port, its webhooks
 * to our ingress), with polling after 30 s of quiet. Each fake says what its demo connection is.
 */
export function demoConfig(): unknown {
  const demos = providerModules().map((module) => ({ provider: module.adapter.name, ...module.simulator.demo() }));
  return {
    polling: { quietFor: '30s', maxPollInterval: '2m', maxWait: '1h' },
    connections: demos.map((demo) => demo.connection),
    simulators: Object.fromEntries(demos.map((demo) => [demo.provider, demo.options])),
  };
}
