import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { ResourceSnapshot } from '../../src/domain/lifecycle';
import { BUNDLE_OPTIONS } from '../../src/temporal/workflowBundle';
import { stateQuery } from '../../workflows/messages';

export function testAddress(): string {
  const address = process.env.TEMPORAL_TEST_ADDRESS;
  if (!address) throw new Error('TEMPORAL_TEST_ADDRESS is not set: run through jest (globalSetup starts the dev server)');
  return address;
}

export async function testClient(): Promise<Client> {
  return new Client({ connection: await Connection.connect({ address: testAddress() }) });
}

export async function testNativeConnection(): Promise<NativeConnection> {
  return NativeConnection.connect({ address: testAddress() });
}

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
/** Bundling takes a second or two: once per test file is enough. */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({ ...BUNDLE_OPTIONS, logger: quietLogger });
  return bundle;
}

const noop = () => {};
const quietLogger = { trace: noop, debug: noop, info: noop, warn: noop, error: (m: string) => console.error(m), log: noop };

/** Names no other test file uses, so parallel files never share a workflow id or task queue. */
export const unique = (prefix: string): string => `${prefix}-${randomUUID().slice(0, 8)}`;

/** Polls until `probe` returns a value (visibility is eventually consistent). */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 15_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`condition not met within ${timeoutMs} ms${lastError ? `: ${String(lastError)}` : ''}`);
}

/** A resource's state (its entity workflow's `state` query) once `done` holds. */
export const stateWhen = (client: Client, key: string, done: (s: ResourceSnapshot) => boolean, timeoutMs = 20_000): Promise<ResourceSnapshot> =>
  eventually(async () => {
    const s: ResourceSnapshot = await client.workflow.getHandle(key).query(stateQuery);
    return done(s) ? s : undefined;
  }, timeoutMs);
