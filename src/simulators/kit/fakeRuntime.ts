import { startHttpServer, type ApiAnswer, type ApiRequest, type HttpServer } from './httpServer';
import { PendingWork } from './pending';
import { seededRandom } from './random';
import { WebhookSender, type DeliveryCounters, type DeliveryFaults, type DeliveryHabits } from './webhookSender';

const DEFAULT_SEED = 1;

/**
 * What every fake platform runs on: its pending work (clocks, deliveries), its webhook sender
 * with the platform's habits and the test's faults, and its HTTP server. A fake builds its
 * service on `pending` and `sender`, then `listen`s; `idle` and `close` are the same for all.
 */
export class FakeRuntime {
  readonly pending = new PendingWork();
  readonly sender: WebhookSender;
  private server: HttpServer | undefined;
  private closed = false;

  constructor(options: { counters: DeliveryCounters; habits: DeliveryHabits; faults?: DeliveryFaults; seed?: number }) {
    this.sender = new WebhookSender({ pending: this.pending, counters: options.counters, random: seededRandom(options.seed ?? DEFAULT_SEED), habits: options.habits });
    this.sender.setFaults(options.faults ?? {});
  }

  /** Serves the platform's API; `failure` turns any error into the platform's own error body. */
  async listen(address: { host?: string; port?: number }, answer: (request: ApiRequest) => ApiAnswer, failure: (error: unknown) => ApiAnswer): Promise<string> {
    this.server = await startHttpServer({ host: address.host ?? '127.0.0.1', port: address.port ?? 0 }, answer, failure);
    return this.server.url;
  }

  readonly setFaults = (faults: DeliveryFaults): void => this.sender.setFaults(faults);

  /** Resolves when no clock step and no delivery is pending. Events `reorder` still holds would wait forever once nothing else can happen: they go then. */
  readonly idle = async (): Promise<void> => {
    for (;;) {
      await this.pending.whenIdle();
      if (this.pending.isClosed || !this.sender.releaseHeld()) return;
    }
  };

  readonly close = async (): Promise<void> => {
    if (this.closed) return;
    this.closed = true;
    this.pending.close();
    this.sender.close();
    await this.server?.close();
  };
}
