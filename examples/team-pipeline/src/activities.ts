/** Where a resource ended, as the team's pipeline reports it. */
export interface Outcome {
  key: string;
  state: string;
  phase: string;
}

/** The team's own step after both resources settled: here a one-line summary (a real team would write it to its own store). */
export async function recordSummary(encode: Outcome, upload: Outcome): Promise<string> {
  const line = (o: Outcome) => `${o.key} ${o.state} (${o.phase})`;
  return `encode ${line(encode)}; upload ${line(upload)}`;
}
