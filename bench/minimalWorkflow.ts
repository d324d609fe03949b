import { condition, defineSignal, setHandler } from '@temporalio/workflow';

/** The signal the bare baselines send (the name bench/ack.ts uses too). */
export const benchEvent = defineSignal<[unknown]>('event');

/** The least a workflow can do with an event: take one signal, then complete. No activity, no timer. */
export async function benchMinimal(): Promise<void> {
  let received = false;
  setHandler(benchEvent, () => {
    received = true;
  });
  await condition(() => received);
}
