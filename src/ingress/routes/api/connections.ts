import type { FastifyPluginAsync } from 'fastify';
import type { ConfiguredConnection } from '../../../config/load';
import { connectionSecrets } from '../../../inbox/redact';
import { providerAdapter } from '../../../providers/registry';
import type { ApiRouteOptions } from '../api';

export const MASK = '****';

/** A copy in which every string holding a secret is replaced whole (lists keep their length: a rotation shows). */
function masked(value: unknown, secrets: string[]): unknown {
  if (typeof value === 'string') return secrets.some((secret) => value.includes(secret)) ? MASK : value;
  if (Array.isArray(value)) return value.map((item) => masked(item, secrets));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, masked(v, secrets)]));
  return value;
}

/** One configured connection as operators see it: where its webhooks go, whether it polls, its settings with secrets masked. */
export function describeConnection(connection: ConfiguredConnection) {
  const adapter = providerAdapter(connection.provider);
  const { provider, name, ...settings } = connection;
  return {
    provider,
    name,
    account: adapter?.accountOf?.(connection),
    webhookPath: `/webhooks/${provider}/${name}`,
    polling: Boolean(adapter?.fetchState) && (adapter?.canPoll?.(connection) ?? true),
    ...(masked(settings, connectionSecrets(connection)) as Record<string, unknown>),
  };
}

/** GET /api/connections: every configured connection, secrets masked. */
export const connectionRoutes: FastifyPluginAsync<ApiRouteOptions> = async (app, { config }) => {
  app.get('/api/connections', async () => ({ items: config.connections.map(describeConnection) }));
};
