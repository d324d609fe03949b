import { logFormat } from './logFormat';

/** What a started process tells its operator: where everything is. */
export interface StartInfo {
  role: 'all' | 'ingress' | 'worker';
  configOrigin: string;
  temporal: { address?: string; namespace: string; reused: boolean; uiUrl?: string };
  /** Empty when this process runs no worker. */
  taskQueues: string[];
  /** Where the worker's own Prometheus metrics are served, when configured. */
  workerMetricsAddress?: string;
  /** Absent when this process runs no ingress. */
  ingressUrl?: string;
  /** The demo's own, public API token, when it is the one in use (never a token someone chose). */
  demoApiToken?: string;
  connections: Array<{ provider: string; name: string }>;
  fakes: Array<{ provider: string; title: string; url: string }>;
}

export const BANNER_MESSAGE = 'reelflow is up';

/** For a person at a terminal. */
export function bannerLines(info: StartInfo): string[] {
  const { temporal } = info;
  const lines = ['', `reelflow (${info.role}) is up — config: ${info.configOrigin}`];
  lines.push(`  temporal      ${temporal.address ?? '(from profile)'} namespace ${temporal.namespace}${temporal.reused ? ' (reused)' : ''}`);
  if (temporal.uiUrl) lines.push(`  temporal ui   ${temporal.uiUrl}`);
  if (info.taskQueues.length) lines.push(`  worker        task queues ${info.taskQueues.join(', ')}`);
  if (info.workerMetricsAddress) lines.push(`  worker metrics http://${info.workerMetricsAddress}/metrics (Prometheus)`);
  if (info.ingressUrl) {
    lines.push(`  ingress       ${info.ingressUrl}  (POST /webhooks/<provider>/<connection>, GET /healthz, GET /readyz)`);
    lines.push(`                management API ${info.ingressUrl}/api/ · metrics ${info.ingressUrl}/metrics · OpenAPI ${info.ingressUrl}/openapi.json`);
    if (info.demoApiToken) lines.push(`                the demo's API token: -H 'Authorization: Bearer ${info.demoApiToken}' (REELFLOW_API_TOKEN sets your own)`);
    for (const c of info.connections) lines.push(`    connection  ${c.provider}/${c.name} → /webhooks/${c.provider}/${c.name}`);
  }
  if (info.fakes.length) lines.push('  fakes         `npm run simulate -- <provider> [vod-happy|vod-error|live-session|lost-webhooks]` drives them');
  for (const fake of info.fakes) lines.push(`    ${fake.provider.padEnd(19)}${fake.url}  (${fake.title})`);
  lines.push('');
  return lines;
}

/** For a log shipper: the same facts as one structured line (logged with BANNER_MESSAGE). */
export function bannerRecord(info: StartInfo): Record<string, unknown> {
  return {
    role: info.role,
    config: info.configOrigin,
    temporal: { address: info.temporal.address, namespace: info.temporal.namespace, reused: info.temporal.reused },
    ui: info.temporal.uiUrl,
    taskQueues: info.taskQueues,
    workerMetrics: info.workerMetricsAddress ? `http://${info.workerMetricsAddress}/metrics` : undefined,
    ingress: info.ingressUrl,
    connections: info.connections.map((c) => `${c.provider}/${c.name}`),
    fakes: info.fakes.map((f) => ({ provider: f.provider, url: f.url })),
  };
}

/** The human banner where lines are pretty (a terminal, or LOG_FORMAT=pretty); otherwise one JSON line, so a log shipper sees nothing but JSON. */
export function announce(info: StartInfo, out: { isTTY?: boolean; write(text: string): unknown }, log: { info(fields: object, message: string): void }, env: NodeJS.ProcessEnv = process.env): void {
  if (logFormat(env, out) === 'pretty') out.write(`${bannerLines(info).join('\n')}\n`);
  else log.info(bannerRecord(info), BANNER_MESSAGE);
}
