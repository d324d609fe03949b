/**
 * Runs the calls made within one turn of the event loop together, in one synchronous `runAll`:
 * webhooks that arrive together then share one SQLite transaction and one fsync instead of
 * paying one each (at ~3.5 ms an fsync on a small disk, that is what caps a burst).
 */
export function groupCommit<I, O>(runAll: (inputs: I[]) => O[]): (input: I) => Promise<O> {
  let waiting: Array<{ input: I; resolve: (output: O) => void; reject: (error: unknown) => void }> = [];
  const flush = () => {
    const batch = waiting;
    waiting = [];
    try {
      const outputs = runAll(batch.map((call) => call.input));
      batch.forEach((call, i) => call.resolve(outputs[i]!));
    } catch (error) {
      for (const call of batch) call.reject(error);
    }
  };
  return (input) =>
    new Promise<O>((resolve, reject) => {
      if (waiting.push({ input, resolve, reject }) === 1) setImmediate(flush);
    });
}
