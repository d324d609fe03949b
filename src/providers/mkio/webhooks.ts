import { z } from 'zod';
import { ProviderApiError } from '../apiError';
import type { ProviderHttp } from '../http';
import type { WebhookRegistrar } from '../types';
import { WebhookSyncError } from '../webhookSyncError';
import { mkioApi } from './api';
import type { MkioConnection } from './connection';
import { isLostMkioDelivery, mkioRuleName, mkioRulePath, readMkioDeliveries } from './deliveryHistory';
import { changedFields, creationLines, foreignAuthentication, mergeMkioRule, MkioRuleSpec, ruleFields, updateLines, wantedMkioRule } from './ruleSpec';

const RuleAnswer = z.object({ spec: MkioRuleSpec }).loose();

function projectOf(connection: MkioConnection): string {
  if (!connection.project) throw new ProviderApiError(400, `connection ${connection.name} needs a project: MK.IO webhook rules belong to one`);
  return connection.project;
}

/** The rule's spec, or undefined when MK.IO has no rule of that name. */
async function readRule(api: ProviderHttp, path: string): Promise<MkioRuleSpec | undefined> {
  let body: unknown;
  try {
    body = await api.get<unknown>(path);
  } catch (error) {
    if (error instanceof ProviderApiError && error.status === 404) return undefined;
    throw error;
  }
  const rule = RuleAnswer.safeParse(body);
  if (!rule.success) throw new ProviderApiError(502, `MK.IO GET ${path} answered without a rule spec (url, enabled, events)`);
  return rule.data.spec;
}

function refuseForeignAuthentication(names: string[], rule: string): never {
  throw new WebhookSyncError(
    `MK.IO rule "${rule}" carries authentication that is not Reelflow's: ${names.join(', ')}. ` +
      'MK.IO reads authentication values back masked, so Reelflow cannot send them again, and a PUT (which replaces the whole rule) would erase them. ' +
      'Nothing was written. Give Reelflow a rule of its own (connection key webhookRule), or remove those entries from this rule yourself, then run sync again.',
  );
}

/** PUT replaces the whole spec; then read it back and name any field MK.IO did not keep (secrets by presence only). */
async function writeRule(api: ProviderHttp, path: string, rule: string, spec: MkioRuleSpec): Promise<void> {
  await api.send('PUT', path, { spec });
  const stored = await readRule(api, path);
  if (!stored) throw new WebhookSyncError(`MK.IO rule "${rule}" is absent when read back after the PUT`);
  const mismatches = changedFields(ruleFields(spec), ruleFields(stored));
  if (mismatches.length > 0) {
    const described = mismatches.map((m) => `${m.path} reads back ${m.after ?? '(none)'}, sent ${m.before ?? '(none)'}`);
    throw new WebhookSyncError(`MK.IO rule "${rule}" does not read back as written: ${described.join('; ')}`);
  }
}

/**
 * `reelflow webhooks sync mkio/<connection>`: the connection's rule (`reelflow-<connection>` or
 * `webhookRule`) read, merged with what Reelflow needs and written whole, since PUT replaces the
 * spec: the operator's headers, query params and any field Reelflow does not know are kept.
 * The secret cannot be read back, so a rule that differs in nothing else is left alone unless
 * `resendSecret` (after rotating `secret:`).
 */
export const mkioWebhooks: WebhookRegistrar<MkioConnection> = {
  async sync(connection, { webhookUrl, dryRun, resendSecret, fetch: fetchImpl }) {
    const path = mkioRulePath(connection, projectOf(connection));
    const rule = mkioRuleName(connection);
    const api = mkioApi(connection, fetchImpl);
    const wanted = wantedMkioRule(connection, webhookUrl);
    const existing = await readRule(api, path);
    if (!existing) {
      if (!dryRun) await writeRule(api, path, rule, wanted);
      return { action: 'created', diff: creationLines(wanted) };
    }
    const foreign = foreignAuthentication(existing, connection);
    if (foreign.length > 0) refuseForeignAuthentication(foreign, rule);
    const merged = mergeMkioRule(existing, wanted);
    const diff = updateLines(existing, merged, resendSecret);
    if (diff.length === 0) return { action: 'unchanged', diff };
    if (!dryRun) await writeRule(api, path, rule, merged);
    return { action: 'updated', diff };
  },

  async events(connection, { fetch: fetchImpl }) {
    const rule = mkioRuleName(connection);
    const { records, skipped } = await readMkioDeliveries(connection, fetchImpl).catch((error: unknown) => {
      if (error instanceof ProviderApiError && error.status === 404) {
        throw new ProviderApiError(404, `MK.IO has no webhook rule "${rule}" in project ${connection.project}: run reelflow webhooks sync mkio/${connection.name}`);
      }
      throw error;
    });
    return {
      registration: rule,
      deliveries: records.map(({ created, type, status, source }) => ({ created, type, status, source, lost: isLostMkioDelivery(status) })),
      skipped,
    };
  },
};
