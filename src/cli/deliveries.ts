import { UsageError } from './args';
import { LIST_USAGE, listDeliveries } from './deliveriesList';
import { replayDeliveries, REPLAY_USAGE } from './deliveriesReplay';
import { SHOW_USAGE, showDelivery } from './deliveriesShow';

export const DELIVERIES_USAGE = [LIST_USAGE, SHOW_USAGE, REPLAY_USAGE].join('\n');

/** `reelflow deliveries ls|show|replay`: the inbox, read and replayed directly (the same file the ingress writes). */
export async function deliveriesCommand(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  switch (verb) {
    case 'ls':
    case 'list':
      return listDeliveries(rest);
    case 'show':
      return showDelivery(rest);
    case 'replay':
      return replayDeliveries(rest);
    default:
      throw new UsageError(verb ? `unknown deliveries command "${verb}"` : 'name a deliveries command', DELIVERIES_USAGE);
  }
}
