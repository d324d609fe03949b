import { ConfigError, loadConfig } from './config/load';
import { runUntilSignal, type Role } from './main';
import { parseArgs } from 'node:util';
import { startVodPipeline, VodRequestError } from './pipelines/startVod';
import { simulate } from './simulators/simulate';
import { simulateRequest } from './simulators/simulateArgs';
import { syncWebhooks } from './webhooks/syncCommand';
import { clientFor } from './temporal/clientFor';
import { ensureTemporalCli, NO_CLI_MESSAGE } from './temporal/temporalCli';

const USAGE = `usage: reelflow <command>

  start             dev server (unless TEMPORAL_ADDRESS is set) + worker + ingress, in one process
  ingress           only the webhook ingress (scale horizontally)
  worker            only the Temporal worker
  temporal-cli      find or install the pinned Temporal CLI and print its path
  pipeline vod --transform T --input ASSET [--connection C] [--project P] [--notify ACTION]... [--id ID] [--wait]
                    start the example VOD pipeline (submit MK.IO job → await → publish → notify)
  simulate <provider> [vod-happy|vod-error|live-session|lost-webhooks] [N]
                    drive the demo's fake platform (N resources, default 3) and show what Reelflow made of it
  webhooks sync <provider>/<connection> [--dry-run] [--url URL]
                    register Reelflow's webhook on the platform (idempotent; prints what differs)
  check-config      validate the config file and print a summary (secrets hidden)
`;

async function main(argv: string[]): Promise<number> {
  const [command = 'start'] = argv;
  switch (command) {
    case 'start':
    case 'ingress':
    case 'worker':
      await runUntilSignal(command === 'start' ? 'all' : (command as Role));
      return 0;
    case 'temporal-cli': {
      const started = Date.now();
      const cli = ensureTemporalCli();
      if (!cli) {
        console.error(NO_CLI_MESSAGE);
        return 1;
      }
      console.log(`${cli.path}\t(version ${cli.version}, via ${cli.source}, ${Date.now() - started} ms)`);
      return 0;
    }
    case 'simulate': {
      const request = simulateRequest(argv.slice(1));
      if (typeof request === 'string') {
        console.error(`simulate: ${request}`);
        return 2;
      }
      const { ok } = await simulate(loadConfig(), { ...request, timeoutMs: 5 * 60_000, log: (l) => console.log(l) });
      return ok ? 0 : 1;
    }
    case 'webhooks':
      return syncWebhooks(argv.slice(1));
    case 'pipeline': {
      if (argv[1] !== 'vod') {
        console.error('usage: reelflow pipeline vod --transform T --input ASSET [--connection C] [--notify ACTION] [--id ID] [--wait]');
        return 2;
      }
      const { values } = parseArgs({
        args: argv.slice(2),
        options: {
          transform: { type: 'string' },
          input: { type: 'string' },
          output: { type: 'string' },
          connection: { type: 'string' },
          project: { type: 'string' },
          notify: { type: 'string', multiple: true },
          id: { type: 'string' },
          wait: { type: 'boolean' },
        },
      });
      const config = loadConfig();
      const client = await clientFor(config);
      try {
        const connection = values.connection ?? config.connections.find((c) => c.provider === 'mkio')?.name ?? '';
        const { workflowId, started } = await startVodPipeline(client, config, {
          id: values.id,
          connection,
          project: values.project,
          transform: values.transform,
          inputAsset: values.input,
          outputAsset: values.output,
          notify: values.notify ?? [],
        }).catch((error: Error) => {
          if (error instanceof VodRequestError) throw new ConfigError(`pipeline vod: --${error.field}: ${error.message}`);
          throw error;
        });
        console.log(`${started ? 'started' : 'already started'}: ${workflowId}`);
        if (values.wait) console.log(JSON.stringify(await client.workflow.getHandle(workflowId).result(), null, 2));
      } finally {
        await client.connection.close();
      }
      return 0;
    }
    case 'check-config': {
      const config = loadConfig();
      console.log(`config ok (${config.origin}): ${config.connections.map((c) => `${c.provider}/${c.name}`).join(', ') || 'no connections'}`);
      return 0;
    }
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return 0;
    default:
      console.error(`unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(error instanceof ConfigError ? error.message : `reelflow: ${error.stack ?? error.message}`);
    process.exit(1);
  },
);
