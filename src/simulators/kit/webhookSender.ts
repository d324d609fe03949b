import http, { type ClientRequest } from 'node:http';
import https from 'node:https';
import type { PendingWork } from './pending';
import { shuffle } from './random';

/** Ways a platform's delivery can misbehave; every fake offers all of them. */
export interface DeliveryFaults {
  /** Extra copies of each delivery (0 = none, 2 = each event sent 3 times). */
  duplicate?: number;
  /** Hold a resource's events until its last one, then deliver them out of order. */
  reorder?: boolean;
  /** Wait this long before the first attempt of each delivery. */
  delayMs?: number;
  /** Fraction 0..1 of events never delivered (1 = all); dropped events still count as generated. */
  drop?: number;
  /** Overrides the platform's own redeliveries after a failed attempt (non-2xx, network error or timeout); backoff doubles each time. */
  retry?: { attempts: number; backoffMs: number };
}

/** How a platform delivers when nothing goes wrong on purpose: its timeout and its redeliveries. */
export interface DeliveryHabits {
  timeoutMs: number;
  /** Redeliveries after the first failed attempt (Media Manager: 2, so 3 attempts in all). */
  retry: { attempts: number; backoffMs: number };
}

export type DeliveryStatus = 'Pending' | 'Retrying' | 'Failed' | 'Sent';

/** What the fakes count of their deliveries; a live object so tests can assert exact numbers. */
export interface DeliveryCounters {
  /** One per event per receiver, whether later dropped, held or sent. */
  webhooksGenerated: number;
  /** HTTP POSTs made to receivers, duplicates and retries included. */
  deliveryAttempts: number;
  deliveriesSucceeded: number;
  deliveriesDropped: number;
}

export const newDeliveryCounters = (): DeliveryCounters => ({ webhooksGenerated: 0, deliveryAttempts: 0, deliveriesSucceeded: 0, deliveriesDropped: 0 });

/** One webhook for one receiver, exactly as the platform builds it (its headers carry its signature). */
export interface Outgoing {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** Deliveries of one group (a receiver and a resource) go out one after another. */
  group: string;
  /** The resource's last event: `reorder` releases its group with it. Absent: never held. */
  last?: boolean;
  /** Told of every status change (MK.IO keeps them as the rule's delivery history). */
  onStatus?: (status: DeliveryStatus) => void;
}

/** One outgoing on its way, frozen at generation time. */
interface Delivery {
  outgoing: Outgoing;
  url: URL;
  copies: number;
  delayMs: number;
  retry: { attempts: number; backoffMs: number };
  /** Copies not yet settled; the delivery is Failed only when every copy gave up. */
  open: number;
  sent: boolean;
}

export interface SenderDeps {
  pending: PendingWork;
  counters: DeliveryCounters;
  random: () => number;
  habits: DeliveryHabits;
}

/**
 * Posts webhooks the way a platform does (asynchronously, retried on failure) and misbehaves on
 * request. A receiver can fail in any way; nothing it does escapes this class.
 */
export class WebhookSender {
  private current: DeliveryFaults = {};
  private readonly held = new Map<string, Delivery[]>();
  private readonly queues = new Map<string, Promise<void>>();
  private readonly inFlight = new Set<ClientRequest>();

  constructor(private readonly deps: SenderDeps) {}

  get faults(): DeliveryFaults {
    return { ...this.current };
  }

  setFaults(faults: DeliveryFaults): void {
    this.current = { ...faults };
    if (!faults.reorder) this.releaseHeld();
  }

  /** One event for one receiver: Pending, then dropped, held or sent. */
  send(outgoing: Outgoing): void {
    const { counters, random } = this.deps;
    counters.webhooksGenerated++;
    outgoing.onStatus?.('Pending');
    // A dropped event is never sent, and the platform knows it gave up: a history that keeps
    // statuses (MK.IO's rule /events) shows it Failed, which is what reconcile looks for.
    if ((this.current.drop ?? 0) > 0 && random() < (this.current.drop ?? 0)) {
      counters.deliveriesDropped++;
      outgoing.onStatus?.('Failed');
      return;
    }
    const delivery = this.toDelivery(outgoing);
    if (this.current.reorder && outgoing.last !== undefined) {
      this.held.set(outgoing.group, [...(this.held.get(outgoing.group) ?? []), delivery]);
      if (outgoing.last) this.release(outgoing.group);
      return;
    }
    this.dispatch(outgoing.group, [delivery]);
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
    for (const request of this.inFlight) request.destroy(new Error('fake closed'));
    this.inFlight.clear();
  }

  private toDelivery(outgoing: Outgoing): Delivery {
    const retry = this.current.retry ?? this.deps.habits.retry;
    return {
      outgoing,
      url: new URL(outgoing.url),
      copies: 1 + Math.max(0, Math.floor(this.current.duplicate ?? 0)),
      delayMs: Math.max(0, this.current.delayMs ?? 0),
      retry: { attempts: Math.max(0, Math.floor(retry.attempts)), backoffMs: Math.max(0, retry.backoffMs) },
      open: 0,
      sent: false,
    };
  }

  private release(group: string): void {
    const held = this.held.get(group) ?? [];
    this.held.delete(group);
    this.dispatch(group, this.outOfOrder(held));
  }

  /** A seeded shuffle that is never the original order, so the last event really can come first. */
  private outOfOrder(group: Delivery[]): Delivery[] {
    if (group.length < 2) return group;
    const shuffled = shuffle(group, this.deps.random);
    return shuffled.every((delivery, index) => delivery === group[index]) ? [...group].reverse() : shuffled;
  }

  /**
   * Deliveries of one group go out one after another (first attempts only; retries run on their
   * own), so without `reorder` a receiver sees a resource's events in the order they happened.
   */
  private dispatch(group: string, batch: Delivery[]): void {
    const previous = (this.queues.get(group) ?? Promise.resolve()).catch(() => {});
    const run = previous.then(async () => {
      for (const delivery of batch) {
        await Promise.all(Array.from({ length: delivery.copies }, () => this.sendCopy(delivery)));
      }
    });
    this.queues.set(group, run);
    this.deps.pending.track(
      run.finally(() => {
        if (this.queues.get(group) === run) this.queues.delete(group);
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

  /** One POST; true when the receiver answered 2xx. Reports the delivery's status either way. */
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
      delivery.outgoing.onStatus?.('Sent');
    }
    if (ok || final) delivery.open--;
    if (!delivery.sent) delivery.outgoing.onStatus?.(final && delivery.open === 0 ? 'Failed' : 'Retrying');
    return ok;
  }

  private post(delivery: Delivery): Promise<number> {
    const { timeoutMs } = this.deps.habits;
    const { headers, body } = delivery.outgoing;
    return new Promise((resolve, reject) => {
      const transport = delivery.url.protocol === 'https:' ? https : http;
      const request = transport.request(delivery.url, { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, agent: false, timeout: timeoutMs }, (response) => {
        response.on('error', () => {}); // a receiver hanging up mid-body is not our failure to report
        response.resume(); // the body is not needed; drain it so the socket closes
        resolve(response.statusCode ?? 0);
      });
      this.inFlight.add(request);
      request.on('close', () => this.inFlight.delete(request));
      request.on('timeout', () => request.destroy(new Error(`receiver did not answer within ${timeoutMs} ms`)));
      request.on('error', reject);
      request.end(body);
    });
  }
}
