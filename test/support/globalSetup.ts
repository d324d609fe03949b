import path from 'node:path';
import { startDevServer, type DevServer } from '../../src/temporal/devServer';
import { installReelflowInto } from './packageInstall';

declare global {
  var __reelflowDevServer: DevServer | undefined;
}

/** A CI-run continue-as-new needs a short history: the server suggests it after this many events. */
export const TEST_SUGGEST_CAN_AFTER_EVENTS = 120;

/**
 * One real Temporal dev server (in memory, random port) for the whole run. TEMPORAL_TEST_ADDRESS
 * reuses one already running instead. The package is built and linked into the example project
 * first (what its `npm install` would do), for the suites that run a team's own worker.
 */
export default async function globalSetup(): Promise<void> {
  // Once for the run, before any suite: two suites building dist/ at once would trip each other.
  await installReelflowInto(path.resolve(__dirname, '../../examples/team-pipeline'));
  if (process.env.TEMPORAL_TEST_ADDRESS) return;
  const server = await startDevServer({
    port: 0,
    uiPort: false,
    dynamicConfig: { 'limit.historyCount.suggestContinueAsNew': TEST_SUGGEST_CAN_AFTER_EVENTS },
    log: (line) => process.stderr.write(`[dev-server] ${line}\n`),
  });
  process.env.TEMPORAL_TEST_ADDRESS = server.address;
  process.env.TEMPORAL_TEST_SUGGEST_CAN_AFTER = String(TEST_SUGGEST_CAN_AFTER_EVENTS);
  globalThis.__reelflowDevServer = server;
}
