import { table, when } from '../cli/table';
import type { WebhookHistory } from '../providers/types';

type Delivery = WebhookHistory['deliveries'][number];

/** The textual marker of a lost delivery: it survives pipes, grep and colourless terminals. */
export const LOST_MARK = '!';

const RED = '\x1b[31m';
const YELLOW = '\x1b[33m';
const RESET = '\x1b[0m';

/** Newest first; records whose time cannot be read sink to the end, ties keep the platform's later-first order. */
export function newestFirst(deliveries: Delivery[]): Delivery[] {
  const time = (created: string) => {
    const ms = Date.parse(created);
    return Number.isNaN(ms) ? -Infinity : ms;
  };
  return deliveries
    .map((delivery, index) => ({ delivery, index, at: time(delivery.created) }))
    .sort((a, b) => (a.at === b.at ? b.index - a.index : b.at - a.at))
    .map(({ delivery }) => delivery);
}

const createdCell = (created: string) => {
  const ms = Date.parse(created);
  return Number.isNaN(ms) ? created : when(ms);
};

/**
 * CREATED, TYPE, STATUS, SOURCE; a lost delivery's status reads `! Failed`, and with `color` its
 * whole row is red (given up) or yellow (still retrying).
 */
export function deliveryTable(deliveries: Delivery[], color: boolean): string {
  const rows = deliveries.map((d) => [createdCell(d.created), d.type, d.lost ? `${LOST_MARK} ${d.status}` : d.status, d.source]);
  const lines = table(['CREATED', 'TYPE', 'STATUS', 'SOURCE'], rows, 100).split('\n');
  if (!color) return lines.join('\n');
  return lines
    .map((line, i) => {
      const delivery = i === 0 ? undefined : deliveries[i - 1];
      if (!delivery?.lost) return line;
      return `${/fail/i.test(delivery.status) ? RED : YELLOW}${line}${RESET}`;
    })
    .join('\n');
}
