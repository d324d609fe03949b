import type { DeliveryFaults } from './webhookSender';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Calls `probe` every `everyMs` until it returns true or `timeoutMs` passes; returns whether it did. */
export async function waitUntil(probe: () => Promise<boolean>, timeoutMs: number, everyMs = 500): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return true;
    await sleep(everyMs);
  }
  return false;
}

/**
 * Makes a running fake (in another process) drop every webhook until the returned function
 * puts its faults back: the `lost-webhooks` scenario, where only polling can find the truth.
 */
export async function dropWebhooks(fakeUrl: string): Promise<() => Promise<void>> {
  const call = async (method: 'GET' | 'PUT', body?: DeliveryFaults): Promise<DeliveryFaults> => {
    const answer = await fetch(`${fakeUrl}/_fake/faults`, { method, headers: { 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
    if (!answer.ok) throw new Error(`the fake at ${fakeUrl} answered ${answer.status} to ${method} /_fake/faults`);
    return (await answer.json()) as DeliveryFaults;
  };
  const before = await call('GET').catch((error: Error) => {
    throw new Error(`the fake at ${fakeUrl} does not answer (${error.message}): start Reelflow first (\`npm start\`)`);
  });
  await call('PUT', { ...before, drop: 1 });
  return async () => {
    await call('PUT', before);
  };
}
