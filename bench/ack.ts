/**
 * Acknowledgement-latency benchmark: `npm run bench:ack [-- --provider mediamanager --requests 400 --concurrency 32]`.
 *
 * How long does a platform wait for Reelflow's 2xx when webhooks come in a burst? Media Manager
 * gives up after 3 attempts of 3 s, so this is what decides whether its events are kept. In one
 * run, against one real Temporal dev server, the same burst (each request a new resource, signed
 * as the platform signs it, by its test kit) goes to:
 *
 * 1. a bare fastify handler that parses the JSON and answers 200 (what HTTP alone costs);
 * 2. a bare fastify handler that does one signalWithStart of a minimal workflow and answers
 *    (what Temporal's acceptance costs: the floor for any ingress that answers once Temporal holds the event);
 * 3. Reelflow's ingress (verify, parse, dispatch) with its worker running, per platform.
 *
 * Figures are ratios to (2) from the same run; absolute times are notes (these machines differ
 * up to 10×). Progress goes to stderr; the report to stdout, its last line one JSON object.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Fastify from 'fastify';
import { validateConfig } from '../src/config/load';
import { buildIngress } from '../src/ingress/app';
import { providerModules } from '../src/providers/registry';
import type { SignedWebhook } from '../src/providers/types';
import { configuredDispatcher } from '../src/temporal/dispatch';
import { createWorkers, runWorkers } from '../src/worker';
import { startBenchTemporal } from './benchTemporal';
import { nowMs } from './clock';
import { formatMs, round1, summarize, table, type Summary } from './stats';

const progress = (line: string) => process.stderr.write(`[bench:ack] ${line}\n`);
/** Media Manager's per-attempt timeout: an ack slower than this is an attempt lost. */
const GIVE_UP_MS = 3000;

interface Burst {
  summary: Summary;
  over3s: number;
  errors: number;
}

/** Unmeasured requests first: connections, JIT and caches warm up before the figures count. */
const WARMUP = 48;

/** Sends every request with at most `concurrency` in flight; latency = the answer arrived − sent. The first WARMUP are not counted. */
async function burst(url: string, all: SignedWebhook[], concurrency: number): Promise<Burst> {
  await send(url, all.slice(0, WARMUP), concurrency);
  const latencies = await send(url, all.slice(WARMUP), concurrency);
  return { summary: summarize(latencies.map((l) => l.ms)), over3s: latencies.filter((l) => l.ms > GIVE_UP_MS).length, errors: latencies.filter((l) => !l.ok).length };
}

async function send(url: string, requests: SignedWebhook[], concurrency: number): Promise<Array<{ ms: number; ok: boolean }>> {
  const latencies: Array<{ ms: number; ok: boolean }> = [];
  let next = 0;
  const lane = async () => {
    while (next < requests.length) {
      const request = requests[next++]!;
      const sentAt = nowMs();
      const answer = await fetch(url, { method: 'POST', headers: request.headers, body: request.body }).catch(() => undefined);
      await answer?.arrayBuffer();
      latencies.push({ ms: nowMs() - sentAt, ok: answer !== undefined && answer.status < 300 });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return latencies;
}

async function main() {
  const { values } = parseArgs({
    options: { provider: { type: 'string', multiple: true }, requests: { type: 'string', default: '400' }, concurrency: { type: 'string', default: '32' } },
  });
  const requests = Number(values.requests);
  const concurrency = Number(values.concurrency);
  const modules = providerModules().filter((m) => m.testKit.sampleWebhook && (!values.provider || values.provider.includes(m.adapter.name)));

  progress('starting a Temporal dev server');
  const temporal = await startBenchTemporal(progress);
  const { client, native } = temporal;
  // Each run stores into an inbox of its own: a file left from an earlier run would answer `duplicate`.
  const inboxDir = mkdtempSync(join(tmpdir(), 'reelflow-bench-ack-'));
  const rows: Array<{ name: string; burst: Burst }> = [];
  try {
    const plain = Array.from({ length: WARMUP + requests }, (_, n) => ({ body: JSON.stringify({ id: `evt-${n}`, n }), headers: { 'content-type': 'application/json' } }));

    progress('baseline 1: bare fastify handler');
    const bare = Fastify();
    bare.post('/hook', async () => ({ status: 'accepted' }));
    rows.push({ name: 'bare fastify handler', burst: await burst(`${await bare.listen({ port: 0, host: '127.0.0.1' })}/hook`, plain, concurrency) });
    await bare.close();

    progress('baseline 2: fastify + one signalWithStart of a minimal workflow');
    const signaling = Fastify();
    signaling.post<{ Body: { id: string } }>('/hook', async (request) => {
      await client.workflow.signalWithStart('benchMinimal', { workflowId: `bare-${request.body.id}`, taskQueue: 'bench-bare', args: [], signal: 'event', signalArgs: [request.body] });
      return { status: 'accepted' };
    });
    rows.push({ name: 'fastify + signalWithStart', burst: await burst(`${await signaling.listen({ port: 0, host: '127.0.0.1' })}/hook`, plain, concurrency) });
    await signaling.close();

    for (const module of modules) {
      const name = module.adapter.name;
      progress(`Reelflow ingress + worker, ${module.adapter.title} webhooks`);
      const { entry } = module.testKit.connection({ name: 'bench', account: `bench-${Date.now().toString(36)}` });
      // Webhooks only (no API token): no poll may compete with the burst.
      const config = validateConfig(
        { temporal: { taskQueue: `bench-ack-${name}` }, inbox: { file: join(inboxDir, `${name}.sqlite`) }, lifecycle: { lingerAfterTerminal: '1h' }, connections: [entry] },
        'ack bench',
      );
      const running = runWorkers(await createWorkers({ connection: native, namespace: 'default', config, client }));
      const app = await buildIngress({ config, dispatcher: configuredDispatcher(client, config), temporalReady: async () => true, logger: false });
      const url = `${await app.listen({ port: 0, host: '127.0.0.1' })}/webhooks/${name}/bench`;
      const connectionConfig = config.connections[0]!;
      const signed = Array.from({ length: WARMUP + requests }, (_, n) => module.testKit.sign(connectionConfig, module.testKit.sampleWebhook!(connectionConfig, n)));
      rows.push({ name: `Reelflow: ${module.adapter.title}`, burst: await burst(url, signed, concurrency) });
      await app.close();
      await running.stop();
    }
  } finally {
    await temporal.close();
    rmSync(inboxDir, { recursive: true, force: true });
  }

  const floor = rows[1]!.burst.summary;
  process.stdout.write(`\n${requests} webhooks, ${concurrency} in flight, each a new resource; ratio = p50/p99 over "fastify + signalWithStart" in this run\n\n`);
  process.stdout.write(
    `${table(
      ['ingress', 'p50', 'p99', 'max', 'p50 ratio', 'p99 ratio', `> ${GIVE_UP_MS / 1000} s`, 'non-2xx'],
      rows.map(({ name, burst: b }) => [
        name,
        formatMs(b.summary.p50),
        formatMs(b.summary.p99),
        formatMs(b.summary.max),
        `${(b.summary.p50 / floor.p50).toFixed(2)}×`,
        `${(b.summary.p99 / floor.p99).toFixed(2)}×`,
        String(b.over3s),
        String(b.errors),
      ]),
    )}\n\n`,
  );
  const result = Object.fromEntries(
    rows.map(({ name, burst: b }) => [name, { p50Ms: round1(b.summary.p50), p99Ms: round1(b.summary.p99), p99Ratio: round1(b.summary.p99 / floor.p99), over3s: b.over3s, errors: b.errors }]),
  );
  process.stdout.write(`${JSON.stringify({ bench: 'ack', requests, concurrency, rows: result })}\n`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
