import http, { type ClientRequest } from 'node:http';
import https from 'node:https';
import type { MkioCloudEvent } from './cloudEvents';
import type { FakeMkioCounters } from './counters';
import type { PendingWork } from './pending';
import { shuffle } from './random';
import type { DeliveryFaults } from './types';
import type { DeliveryRecord, WebhookRule } from './webhookRules';

/** MK.IO's own timeout is undocumented; 5 s is the acknowledgement budget Reelflow designs for. */
const POST_TIMEOUT_MS = 5_000;
const DEFAULT_RETRY = { attempts: 3, backoffMs: 100 };

/** One event on its way to one rule, frozen at generation time (a later rule PUT does not change it). */
interface Delivery {
  url: URL;
  headers: Record<string, string>;
  body: string;
  record: DeliveryRecord;
  copies: number;
  delayMs: number;
  retry: { attempts: number; backoffMs: number };
  /** Copies not yet settled; the record is Failed only when every copy gave up. */
  open: number;
  sent: boolean;
}

export interface SenderDeps {
  pending: PendingWork;
  counters: FakeMkioCounters;
  random: () => number;
}

/** Marks an event `reorder` may hold back; held events are grouped by rule and source. */
export interface Holdable {
  /** The resource's last event (JobFinished): releases its group. */
  last: boolean;
}

/** Builds the POST MK.IO makes: rule query params and headers, authentication ones included. */
function toDelivery(rule: WebhookRule, event: MkioCloudEvent, record: DeliveryRecord, faults: DeliveryFaults): Delivery {
  const url = new URL(rule.spec.url);
  for (const [name, value] of Object.entries({ ...rule.spec.queryParams, ...rule.spec.authentication?.queryParams })) url.searchParams.set(name, value);
  const body = JSON.stringify(event);
  return {
    url,
    headers: {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
      ...rule.spec.headers,
      ...rule.spec.authentication?.headers,
    },
    body,
    record,
    copies: 1 + Math.max(0, Math.floor(faults.duplicate ?? 0)),
    delayMs: Math.max(0, faults.delayMs ?? 0),
    retry: {
      attempts: Math.max(0, Math.floor(faults.retry?.attempts ?? DEFAULT_RETRY.attempts)),
      backoffMs: Math.max(0, faults.retry?.backoffMs ?? DEFAULT_RETRY.backoffMs),
    },
    open: 0,
    sent: false,
  };
}

/**
 * Posts events to rules' URLs the way MK.IO does (asynchronously, retried on failure, recorded in
 * the rule's history) and misbehaves on request. A receiver can fail in any way; nothing it does
 * escapes this class.
 */
export class WebhookSender {
  private faults: DeliveryFaults = {};
  private readonly held = new Map<string, Delivery[]>();
  private readonly queues = new Map<string, Promise<void>>();
  private readonly inFlight = new Set<ClientRequest>();

  constructor(private readonly deps: SenderDeps) {}

  setFaults(faults: DeliveryFaults): void {
    this.faults = { ...faults };
    if (!faults.reorder) this.releaseHeld();
  }

  /** One event for one rule: recorded as Pending, then dropped, held or sent. */
  send(rule: WebhookRule, event: MkioCloudEvent, hold?: Holdable): void {
    const { counters, random } = this.deps;
    counters.webhooksGenerated++;
    const record: DeliveryRecord = { created: event.time, source: event.source, type: event.type, status: 'Pending' };
    rule.history.push(record);
    // A dropped event stays Pending forever: generated, never sent, like one lost inside MK.IO.
    if ((this.faults.drop ?? 0) > 0 && random() < (this.faults.drop ?? 0)) {
      counters.deliveriesDropped++;
      return;
    }
    const delivery = toDelivery(rule, event, record, this.faults);
    const queue = `${rule.id} ${event.source}`;
    if (this.faults.reorder && hold) {
      this.held.set(queue, [...(this.held.get(queue) ?? []), delivery]);
      if (hold.last) this.release(queue);
      return;
    }
    this.dispatch(queue, [delivery]);
  }

  /** Sends whatever `reorder` still holds (out of order); false if nothing was held. */
  releaseHeld(): boolean {
    if (this.held.size === 0) return false;
    for (const key of [...this.held.keys()]) this.release(key);
    return true;
  }

  /** Aborts POSTs under way; their deliveries end as failed attempts. */
  close(): void {
    this.held.clear();
    for (const request of this.inFlight) request.destroy(new Error('fake MK.IO closed'));
    this.inFlight.clear();
  }

  private release(queue: string): void {
    const group = this.held.get(queue) ?? [];
    this.held.delete(queue);
    this.dispatch(queue, this.outOfOrder(group));
  }

  /** A seeded shuffle that is never the original order, so JobFinished really can come first. */
  private outOfOrder(group: Delivery[]): Delivery[] {
    if (group.length < 2) return group;
    const shuffled = shuffle(group, this.deps.random);
    return shuffled.every((delivery, index) => delivery === group[index]) ? [...group].reverse() : shuffled;
  }

  /**
   * Deliveries for one rule and resource go out one after another (first attempts only; retries run
   * on their own), so without `reorder` a receiver sees a job's events in the order they happened.
   */
  private dispatch(queue: string, batch: Delivery[]): void {
    const previous = (this.queues.get(queue) ?? Promise.resolve()).catch(() => {});
    const run = previous.then(async () => {
      for (const delivery of batch) {
        await Promise.all(Array.from({ length: delivery.copies }, () => this.sendCopy(delivery)));
      }
    });
    this.queues.set(queue, run);
    this.deps.pending.track(
      run.finally(() => {
        if (this.queues.get(queue) === run) this.queues.delete(queue);
      }),
    );
  }

  private async sendCopy(delivery: Delivery): Promise<void> {
    delivery.open++;
    if (!(await this.deps.pending.sleep(delivery.delayMs))) return;
    if (await this.attempt(delivery, delivery.retry.attempts === 0)) return;
    this.deps.pending.track(this.redeliver(delivery));
  }

  private async redeliver(delivery: Delivery): Promise<void> {
    const { attempts, backoffMs } = delivery.retry;
    for (let n = 1; n <= attempts; n++) {
      if (!(await this.deps.pending.sleep(backoffMs * 2 ** (n - 1)))) return;
      if (await this.attempt(delivery, n === attempts)) return;
    }
  }

  /** One POST; true when the receiver answered 2xx. Updates the history record either way. */
  private async attempt(delivery: Delivery, final: boolean): Promise<boolean> {
    if (this.deps.pending.isClosed) return true;
    this.deps.counters.deliveryAttempts++;
    let status = 0;
    try {
      status = await this.post(delivery);
    } catch {
      status = 0; // network error, timeout or close: a failed attempt like any other
    }
    const ok = status >= 200 && status < 300;
    if (ok) {
      this.deps.counters.deliveriesSucceeded++;
      delivery.sent = true;
      delivery.record.status = 'Sent';
    }
    if (ok || final) delivery.open--;
    if (!delivery.sent) delivery.record.status = final && delivery.open === 0 ? 'Failed' : 'Retrying';
    return ok;
  }

  private post(delivery: Delivery): Promise<number> {
    return new Promise((resolve, reject) => {
      const transport = delivery.url.protocol === 'https:' ? https : http;
      const request = transport.request(delivery.url, { method: 'POST', headers: delivery.headers, agent: false, timeout: POST_TIMEOUT_MS }, (response) => {
        response.on('error', () => {}); // a receiver hanging up mid-body is not our failure to report
        response.resume(); // the body is not needed; drain it so the socket closes
        resolve(response.statusCode ?? 0);
      });
      this.inFlight.add(request);
      request.on('close', () => this.inFlight.delete(request));
      request.on('timeout', () => request.destroy(new Error(`receiver did not answer within ${POST_TIMEOUT_MS} ms`)));
      request.on('error', reject);
      request.end(delivery.body);
    });
  }
}
