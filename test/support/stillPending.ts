/** True when `promise` has not settled after a few turns of the event loop (for "this waits for that" tests). */
export async function stillPending(promise: Promise<unknown>, turns = 20): Promise<boolean> {
  let settled = false;
  void promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (let i = 0; i < turns; i++) await new Promise((r) => setImmediate(r));
  return !settled;
}
