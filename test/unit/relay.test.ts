import type { CanonicalEvent } from '../../src/domain/canonicalEvent';
import { Relay, type RelayOptions } from '../../src/inbox/relay';
import { openSqliteInbox } from '../../src/inbox/sqliteStore';
import type { InboxStore, NewDelivery } from '../../src/inbox/types';
import type { Dispatcher } from '../../src/temporal/dispatch';
import { eventually } from '../support/temporal';

const OPTIONS: RelayOptions = { concurrency: 4, leaseMs: 10_000, maxAttempts: 3, maxAgeMs: 60_000, minBackoffMs: 20, maxBackoffMs: 100, tickMs: 20 };
const silent = { info: () => {}, warn: () => {}, error: () => {} };

/** gRPC errors as the Temporal client raises them: a numeric status code somewhere in the cause chain. */
const grpc = (code: number) => Object.assign(new Error(`grpc ${code}`), { code });
const UNAVAILABLE = 14;
const INVALID_ARGUMENT = 3;

const entry = (eventId: string, receivedAt = Date.now()): NewDelivery => ({
  provider: 'mkio',
  connection: 'main',
  eventId,
  unique: true,
  type: 't',
  resourceKey: `key-${eventId}`,
  status: 'pending',
  event: { eventId, key: `key-${eventId}` } as unknown as CanonicalEvent,
  body: '{}',
  headers: {},
  receivedAt,
});

/** A dispatcher whose answer the test sets, counting calls and the most ever in flight. */
function scriptedDispatcher() {
  const state = { fail: undefined as Error | undefined, failOnly: new Set<string>(), delayMs: 0, calls: 0, inFlight: 0, maxInFlight: 0, delivered: [] as string[] };
  const dispatcher: Dispatcher = {
    async deliver(event) {
      state.calls += 1;
      state.inFlight += 1;
      state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
      try {
        await new Promise((r) => setTimeout(r, state.delayMs));
        if (state.fail && (state.failOnly.size === 0 || state.failOnly.has(event.eventId))) throw state.fail;
        state.delivered.push(event.eventId);
        return { workflowId: event.key, runId: `run-${event.eventId}` };
      } finally {
        state.inFlight -= 1;
      }
    },
  };
  return { dispatcher, state };
}

describe('relay', () => {
  let store: InboxStore;
  let relay: Relay;
  let script: ReturnType<typeof scriptedDispatcher>;
  const startRelay = async (options: Partial<RelayOptions> = {}) => {
    relay = new Relay(store, script.dispatcher, { ...OPTIONS, ...options }, silent);
    await relay.start();
  };
  beforeEach(() => {
    store = openSqliteInbox({ file: ':memory:', synchronous: 'full', busyTimeout: 100 });
    script = scriptedDispatcher();
  });
  afterEach(async () => {
    await relay?.stop();
    await store.close();
  });

  it('hands a new row over at once and tells the waiting answer', async () => {
    await startRelay();
    const [row] = await store.record([entry('a')]);
    expect(await relay.deliverSoon(row!.id, 5000)).toEqual({ status: 'delivered', workflowId: 'key-a', runId: 'run-a' });
    expect(await store.get(row!.id)).toMatchObject({ status: 'delivered', attempts: 1, runId: 'run-a' });
  });

  it('a hand-off that ends frees its slot for a waiting row at once, not at the next tick', async () => {
    script.state.delayMs = 20;
    await startRelay({ concurrency: 1, tickMs: 60_000 });
    const rows = await store.record(Array.from({ length: 5 }, (_, i) => entry(`w${i}`)));
    relay.kick();
    // Five in 5 s with a 60 s tick: each freed slot took the next row itself.
    await eventually(async () => ((await store.counts()).delivered === 5 ? true : undefined), 5_000, 10);
    expect(script.state.delivered).toEqual(rows.map((_, i) => `w${i}`));
  });

  it('claims once per webhook when nothing waits: a hand-off that ends does not look again', async () => {
    await startRelay({ tickMs: 60_000 });
    const claims = jest.spyOn(store, 'claimDue');
    for (const id of ['c1', 'c2', 'c3']) {
      const [row] = await store.record([entry(id)]);
      expect(await relay.deliverSoon(row!.id, 5000)).toMatchObject({ status: 'delivered' });
    }
    expect(claims).toHaveBeenCalledTimes(3);
  });

  it('never has more than `concurrency` hand-offs in flight, and delivers every row', async () => {
    script.state.delayMs = 20;
    await startRelay();
    await store.record(Array.from({ length: 30 }, (_, i) => entry(`e${i}`)));
    relay.kick();
    await eventually(async () => ((await store.counts()).delivered === 30 ? true : undefined));
    expect(script.state.maxInFlight).toBeLessThanOrEqual(OPTIONS.concurrency);
    expect(script.state.maxInFlight).toBeGreaterThan(1);
    expect(new Set(script.state.delivered).size).toBe(30);
  });

  it('during an outage: answers "not yet", probes one at a time, counts no refusals; delivers everything once Temporal answers', async () => {
    script.state.fail = grpc(UNAVAILABLE);
    await startRelay();
    const rows = await store.record(Array.from({ length: 10 }, (_, i) => entry(`e${i}`)));
    expect(await relay.deliverSoon(rows[0]!.id, 300)).toBeUndefined();
    expect(relay.inOutage).toBe(true);
    // The first wave went out before anyone knew; from then on, one probe at a time.
    script.state.maxInFlight = 0;
    const callsBefore = script.state.calls;
    await new Promise((r) => setTimeout(r, 500));
    // A loaded machine may put the next probe (intervals double) just past the 500 ms: wait for it.
    await eventually(async () => (script.state.calls > callsBefore ? true : undefined), 5_000, 10);
    expect(script.state.maxInFlight).toBe(1);
    expect(script.state.calls - callsBefore).toBeLessThan(30);
    const pending = await store.list({ status: 'pending' }, { limit: 20 });
    expect(pending.items).toHaveLength(10);
    expect(pending.items.every((d) => d.refusals === 0)).toBe(true);

    script.state.fail = undefined;
    await eventually(async () => ((await store.counts()).delivered === 10 ? true : undefined), 15_000);
    expect(relay.inOutage).toBe(false);
    expect(script.state.delivered.sort()).toEqual(rows.map((_, i) => `e${i}`).sort());
  });

  it('one event that keeps timing out among others that go through is load, not an outage, and blocks nothing', async () => {
    await startRelay({ minBackoffMs: 200 });
    script.state.fail = grpc(4); // DEADLINE_EXCEEDED, for one event only
    script.state.failOnly.add('slow');
    const sampled: boolean[] = [];
    const sampler = setInterval(() => sampled.push(relay.inOutage), 10);
    const rows = await store.record([entry('slow'), ...Array.from({ length: 11 }, (_, i) => entry(`fine${i}`))]);
    relay.kick();
    await eventually(async () => ((await store.counts()).delivered === 11 ? true : undefined));
    await new Promise((r) => setTimeout(r, 500));
    clearInterval(sampler);
    expect(sampled).not.toContain(true);
    expect(await store.get(rows[0]!.id)).toMatchObject({ status: 'pending', refusals: 0, attempts: expect.any(Number) });
  });

  it('notices within the probe interval (2 s at most) that Temporal answers again, however long the outage', async () => {
    script.state.fail = grpc(UNAVAILABLE);
    await startRelay({ concurrency: 8 });
    await store.record(Array.from({ length: 20 }, (_, i) => entry(`e${i}`)));
    relay.kick();
    await new Promise((r) => setTimeout(r, 4000)); // long enough for the probe interval to reach its cap
    expect(relay.inOutage).toBe(true);
    script.state.fail = undefined;
    const healed = Date.now();
    const [fresh] = await store.record([entry('after')]);
    // Known to be out: the answer does not wait (202 at once), and the event follows soon.
    const asked = Date.now();
    expect(await relay.deliverSoon(fresh!.id, 10_000)).toBeUndefined();
    expect(Date.now() - asked).toBeLessThan(500);
    await eventually(async () => ((await store.get(fresh!.id))?.status === 'delivered' ? true : undefined), 10_000, 20);
    expect(Date.now() - healed).toBeLessThan(2000 + 1000); // cap plus a tick and some slack for a busy machine
  });

  it('an event Temporal refuses becomes a dead letter after maxAttempts, and the waiting answer hears it', async () => {
    script.state.fail = grpc(INVALID_ARGUMENT);
    await startRelay();
    const [row] = await store.record([entry('bad')]);
    const settled = await relay.deliverSoon(row!.id, 10_000);
    expect(settled).toEqual({ status: 'failed', reason: expect.stringContaining('refused it 3 times') });
    expect(await store.get(row!.id)).toMatchObject({ status: 'failed', attempts: 3, refusals: 3 });
    expect(relay.inOutage).toBe(false);
  });

  it('a row pending past maxAge becomes a dead letter', async () => {
    script.state.fail = grpc(UNAVAILABLE);
    await startRelay({ maxAgeMs: 1000 });
    const [row] = await store.record([entry('old', Date.now() - 2000)]);
    await eventually(async () => ((await store.get(row!.id))?.status === 'failed' ? true : undefined));
    expect((await store.get(row!.id))!.reason).toMatch(/still not delivered/);
  });

  it('delivers at start what a crash left leased', async () => {
    await store.record([entry('a'), entry('b')]);
    await store.claimDue(2, Date.now(), 60 * 60_000); // the dead process's leases
    await startRelay();
    await eventually(async () => ((await store.counts()).delivered === 2 ? true : undefined));
  });
});
