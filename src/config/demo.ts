import { providerModules } from '../providers/registry';

/**
 * The demo's management API token, unless REELFLOW_API_TOKEN is set. Public on purpose (the README
 * prints it): the demo listens on 127.0.0.1 only, and its webhook secrets are just as well known.
 */
export const DEMO_API_TOKEN = 'reelflow-demo-api-token';

/**
 * The embedded default: what `npm start` runs without a config file. One demo connection per
 * platform, each served by its fake in the same process (its API on its own port, its webhooks
 * to our ingress), with polling after 30 s of quiet. Each fake says what its demo connection is.
 * PORT moves the ingress; the management API is open to the demo's token (or REELFLOW_API_TOKEN),
 * so every curl of the README works against the demo.
 */
export function demoConfig(): unknown {
  const demos = providerModules().map((module) => ({ provider: module.adapter.name, ...module.simulator.demo() }));
  return {
    server: { port: '${PORT:-3000}', apiToken: `\${REELFLOW_API_TOKEN:-${DEMO_API_TOKEN}}` },
    polling: { quietFor: '30s', maxPollInterval: '2m', maxWait: '1h' },
    connections: demos.map((demo) => demo.connection),
    simulators: Object.fromEntries(demos.map((demo) => [demo.provider, demo.options])),
  };
}
