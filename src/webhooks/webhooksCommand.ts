import { UsageError } from '../cli/args';
import { EVENTS_USAGE, webhookEvents } from './eventsCommand';
import { SYNC_USAGE, syncWebhooks } from './syncCommand';

/** `reelflow webhooks sync|events`: Reelflow's webhook registration on a platform, and what the platform says it delivered. */
export async function webhooksCommand(argv: string[]): Promise<number> {
  switch (argv[0]) {
    case 'sync':
      return syncWebhooks(argv);
    case 'events':
      return webhookEvents(argv);
    default:
      throw new UsageError(argv[0] ? `unknown webhooks command "${argv[0]}"` : 'name a webhooks command', `${SYNC_USAGE}\n${EVENTS_USAGE}`);
  }
}
