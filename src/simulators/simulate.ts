import type { ReelflowConfig } from '../config/load';
import type { ResourceSnapshot } from '../domain/lifecycle';
import { resourceKey } from '../domain/resourceKey';
import { isMkioConnection } from '../providers/mkio/connection';
import { clientFor } from '../temporal/clientFor';
import { stateQuery } from '../../workflows/messages';

export interface SimulateOptions {
  jobs: number;
  transform: string;
  /** Give up waiting for the jobs after this long. */
  timeoutMs: number;
  log: (line: string) => void;
}

const TERMINAL = new Set(['Finished', 'Error', 'Canceled']);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * `reelflow simulate`: creates jobs on the demo's fake MK.IO through its real HTTP API, as a
 * team's code would on MK.IO, waits for them to end there, then shows what Reelflow's entity
 * workflows made of the webhooks (and of polls, when the fake is told to drop deliveries).
 */
export async function simulate(config: ReelflowConfig, options: SimulateOptions): Promise<{ ok: boolean }> {
  const fake = config.simulators.mkio;
  const connection = config.connections
    .filter(isMkioConnection)
    .find((c) => fake && c.apiToken === fake.token && c.project);
  if (!fake || !connection?.project) throw new Error('no fake MK.IO in this config: run the embedded demo (`npm start` without a config file) or add simulators.mkio');
  const base = `http://${fake.host === '0.0.0.0' ? '127.0.0.1' : fake.host}:${fake.port}`;
  const api = (path: string, init?: RequestInit) =>
    fetch(`${base}/api/v1/projects/${connection.project}${path}`, { ...init, headers: { authorization: `Bearer ${fake.token}`, 'content-type': 'application/json' } });

  try {
    await api('/webhook/rules');
  } catch {
    throw new Error(`the fake MK.IO at ${base} does not answer: start Reelflow first (\`npm start\`)`);
  }

  const run = Date.now().toString(36);
  const names = Array.from({ length: options.jobs }, (_, i) => `sim-${run}-${i + 1}`);
  for (const job of names) {
    const answer = await api(`/media/transforms/${options.transform}/jobs/${job}`, {
      method: 'PUT',
      body: JSON.stringify({ properties: { input: { assetName: `${job}-input` }, outputs: [{ assetName: `${job}-output` }] } }),
    });
    if (!answer.ok) throw new Error(`creating job ${job} failed: HTTP ${answer.status}`);
  }
  options.log(`created ${names.length} job(s) on the fake MK.IO (project ${connection.project}, transform ${options.transform}); waiting for them to end…`);

  const deadline = Date.now() + options.timeoutMs;
  const ended = new Map<string, string>();
  while (ended.size < names.length && Date.now() < deadline) {
    for (const job of names.filter((n) => !ended.has(n))) {
      const answer = await api(`/media/transforms/${options.transform}/jobs/${job}/state`);
      const state = answer.ok ? ((await answer.json()) as { status?: { state?: string } }).status?.state : undefined;
      if (state && TERMINAL.has(state)) ended.set(job, state);
    }
    await sleep(500);
  }

  const client = await clientFor(config);
  const temporal = client.connection;
  let ok = ended.size === names.length;
  try {
    options.log('');
    options.log('job                          fake MK.IO   Reelflow phase   transitions (via)            actions');
    for (const job of names) {
      const key = resourceKey({ provider: 'mkio', account: connection.project, kind: 'job', id: `${options.transform}/${job}` });
      let snapshot: ResourceSnapshot | undefined;
      for (let attempt = 0; attempt < 20 && snapshot?.phase !== phaseFor(ended.get(job)); attempt++) {
        snapshot = await client.workflow.getHandle(key).query(stateQuery).catch(() => undefined);
        if (snapshot?.phase !== phaseFor(ended.get(job))) await sleep(250);
      }
      const transitions = snapshot?.transitions.map((t) => `${t.state}(${t.via})`).join(' → ') ?? 'no workflow';
      const actions = snapshot?.actions.map((a) => `${a.name}:${a.status}`).join(', ') || '-';
      if (snapshot?.phase !== phaseFor(ended.get(job))) ok = false;
      options.log(`${job.padEnd(28)} ${(ended.get(job) ?? 'running').padEnd(12)} ${(snapshot?.phase ?? '-').padEnd(16)} ${transitions.padEnd(28)} ${actions}`);
    }
    options.log('');
    options.log(`Temporal UI: filter with  ReelflowAccount = "${connection.project}" AND ReelflowKind = "job"`);
  } finally {
    await temporal.close();
  }
  return { ok };
}

function phaseFor(state: string | undefined): string | undefined {
  return state === 'Finished' ? 'ready' : state === 'Error' ? 'failed' : state === 'Canceled' ? 'canceled' : undefined;
}
