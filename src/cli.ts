import { ConfigError, loadConfig } from './config/load';
import { InboxUnavailableError } from './inbox/types';
import { runUntilSignal, type Role } from './main';
import { simulate } from './simulators/simulate';
import { simulateRequest } from './simulators/simulateArgs';
import { webhooksCommand } from './webhooks/webhooksCommand';
import { ensureTemporalCli, NO_CLI_MESSAGE } from './temporal/temporalCli';
import { TemporalNotReadyError } from './temporal/registerSearchAttributes';
import { isParseArgsError, UsageError } from './cli/args';
import { checkConfigCommand } from './cli/checkConfig';
import { deliveriesCommand } from './cli/deliveries';
import { NoInboxError } from './cli/inbox';
import { pipelineCommand } from './cli/pipeline';
import { statusCommand } from './cli/status';

const USAGE = `usage: reelflow <command>

  start             dev server (unless TEMPORAL_ADDRESS is set) + worker + ingress, in one process
  ingress           only the webhook ingress (scale horizontally)
  worker            only the Temporal worker
  temporal-cli      find or install the pinned Temporal CLI and print its path
  pipeline vod --transform T --input ASSET [--connection C] [--project P] [--notify ACTION]... [--id ID] [--wait]
                    start the example VOD pipeline (submit MK.IO job → await → publish → notify)
  simulate <provider> [vod-happy|vod-error|live-session|lost-webhooks] [N]
                    drive the demo's fake platform (N resources, default 3) and show what Reelflow made of it
  webhooks sync <provider>/<connection> [--dry-run] [--url URL] [--resend-secret]
                    register Reelflow's webhook on the platform (idempotent; prints what differs)
  webhooks events <provider>/<connection> [--status S] [--limit N] [--json]
                    the platform's delivery history of that webhook (MK.IO: the rule's /events), lost ones marked !
  deliveries ls [--connection C] [--status S] [--type T] [--key K] [--since ISO] [--limit N] [--json]
  deliveries show <id> [--json]
  deliveries replay <id>... | --status failed [--connection C ...] [--no-wait] [--json]
                    the inbox: every webhook received, what became of it; replay sends rows again
  status <key> [--json]
                    a resource's state (its workflow) and its recent deliveries (the inbox)
  check-config [--config FILE]
                    validate the config and print what it makes Reelflow do (where each secret comes from, masked)
`;

async function main(argv: string[]): Promise<number> {
  const [command = 'start'] = argv;
  switch (command) {
    case 'start':
    case 'ingress':
    case 'worker':
      return runUntilSignal(command === 'start' ? 'all' : (command as Role));
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
      return webhooksCommand(argv.slice(1));
    case 'pipeline':
      return pipelineCommand(argv.slice(1));
    case 'deliveries':
      return deliveriesCommand(argv.slice(1));
    case 'status':
      return statusCommand(argv.slice(1));
    case 'check-config':
      return checkConfigCommand(argv.slice(1));
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

/** Bad arguments are answered with the usage and exit code 2; a stack trace only for what is truly unexpected. */
function exitCodeFor(error: Error): number {
  if (error instanceof UsageError) {
    console.error(`reelflow: ${error.message}\n\n${error.usage}`);
    return 2;
  }
  // A command that calls node's parseArgs directly (not parseCommandArgs) refused them.
  if (isParseArgsError(error)) {
    console.error(`reelflow: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  const expected = error instanceof ConfigError || error instanceof NoInboxError || error instanceof InboxUnavailableError || error instanceof TemporalNotReadyError;
  console.error(expected ? error.message : `reelflow: ${error.stack ?? error.message}`);
  return 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => process.exit(exitCodeFor(error)),
);
