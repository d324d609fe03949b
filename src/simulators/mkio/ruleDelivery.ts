import type { WebhookSender } from '../kit/webhookSender';
import type { MkioCloudEvent } from './cloudEvents';
import type { DeliveryRecord, WebhookRule } from './webhookRules';

/**
 * The POST MK.IO makes for one event and one rule: the rule's query params and headers,
 * authentication ones included, recorded in the rule's `/events` history as it goes.
 * `last` marks a resource's final event (JobFinished), which releases what `reorder` holds.
 */
export function sendToRule(sender: WebhookSender, rule: WebhookRule, event: MkioCloudEvent, last?: boolean): void {
  const url = new URL(rule.spec.url);
  for (const [name, value] of Object.entries({ ...rule.spec.queryParams, ...rule.spec.authentication?.queryParams })) url.searchParams.set(name, value);
  const record: DeliveryRecord = { created: event.time, source: event.source, type: event.type, status: 'Pending' };
  rule.history.push(record);
  sender.send({
    url: url.toString(),
    headers: { 'content-type': 'application/json', ...rule.spec.headers, ...rule.spec.authentication?.headers },
    body: JSON.stringify(event),
    group: `${rule.id} ${event.source}`,
    last,
    onStatus: (status) => {
      record.status = status;
    },
  });
}
