import { fastpixWebhookHeaders } from '../../providers/fastpix/signature';
import type { WebhookSender } from '../kit/webhookSender';
import type { FastpixEvent } from './events';
import type { FastpixEndpoint } from './types';

/** The endpoints of the dashboard's Webhooks page. */
export class EndpointStore {
  private readonly endpoints: FastpixEndpoint[] = [];

  /** Adding the same URL again replaces it (a dashboard edit). */
  add(endpoint: FastpixEndpoint): void {
    const index = this.endpoints.findIndex((known) => known.url === endpoint.url);
    if (index >= 0) this.endpoints[index] = endpoint;
    else this.endpoints.push(endpoint);
  }

  of(workspaceId: string): FastpixEndpoint[] {
    return this.endpoints.filter((endpoint) => endpoint.workspaceId === workspaceId);
  }
}

/**
 * One POST per endpoint of the event's workspace, signed as FastPix signs (`FastPix-Signature`,
 * base64 HMAC-SHA256 of the exact body). `last` marks a resource's final event, which releases
 * what `reorder` holds; a resource's events go out in order to each endpoint otherwise.
 */
export function deliver(sender: WebhookSender, endpoints: FastpixEndpoint[], event: FastpixEvent, last?: boolean): void {
  const body = JSON.stringify(event);
  for (const endpoint of endpoints) {
    sender.send({
      url: endpoint.url,
      headers: fastpixWebhookHeaders(body, endpoint.signingSecret, endpoint.encoding),
      body,
      group: `${endpoint.url} ${event.object.id}`,
      last,
    });
  }
}
