import { z } from 'zod';
import { ProviderApiError } from '../apiError';
import { mkioApi, mkioPath } from './api';
import type { MkioConnection } from './connection';

/** A delivery's status in a rule's `/events` history: Failed or a stuck Retrying means a lost webhook. */
export const MkioDeliveryStatus = z.enum(['Pending', 'Retrying', 'Failed', 'Sent']);
export type MkioDeliveryStatus = z.infer<typeof MkioDeliveryStatus>;

/** A delivery MK.IO gave up on, or is still retrying: the webhook has not reached Reelflow. */
export const isLostMkioDelivery = (status: string): boolean => status === 'Failed' || status === 'Retrying';

/** One record of `GET .../webhook/rules/{name}/events`; lenient on fields MK.IO may add. */
export const MkioDeliveryRecord = z
  .object({
    created: z.string(),
    source: z.string(),
    type: z.string(),
    // A status MK.IO adds later is kept as its word, not refused.
    status: z.union([MkioDeliveryStatus, z.string()]),
  })
  .loose();
export type MkioDeliveryRecord = z.infer<typeof MkioDeliveryRecord>;

const History = z.object({ value: z.array(z.unknown()) }).loose();

/** The rule Reelflow manages for a connection on MK.IO. */
export const mkioRuleName = (connection: MkioConnection): string => connection.webhookRule ?? `reelflow-${connection.name}`;

export const mkioRulePath = (connection: MkioConnection, project: string) => mkioPath`/api/v1/projects/${project}/webhook/rules/${mkioRuleName(connection)}`;

/**
 * The rule's delivery history, oldest first as MK.IO lists it. Records that do not parse are
 * skipped (counted in `skipped`), so one odd record does not hide the others.
 */
export async function readMkioDeliveries(connection: MkioConnection, fetchImpl?: typeof fetch): Promise<{ records: MkioDeliveryRecord[]; skipped: number }> {
  if (!connection.project) throw new ProviderApiError(400, `connection ${connection.name} needs a project to read its webhook rule`);
  const answer = History.safeParse(await mkioApi(connection, fetchImpl).get<unknown>(`${mkioRulePath(connection, connection.project)}/events`));
  if (!answer.success) throw new ProviderApiError(502, 'MK.IO webhook rule events answered without a value list');
  const records: MkioDeliveryRecord[] = [];
  let skipped = 0;
  for (const item of answer.data.value) {
    const record = MkioDeliveryRecord.safeParse(item);
    if (record.success) records.push(record.data);
    else skipped++;
  }
  return { records, skipped };
}
