import type { ConfiguredConnection } from '../../src/config/load';
import { providerModule } from '../../src/providers/registry';

/** What a platform saw: an HTTP status and body, or no answer at all (refused, reset). */
export type Answer = { status: number; body: unknown } | { status: 'no-answer'; error: string };

export const is2xx = (answer: Answer): boolean => typeof answer.status === 'number' && answer.status >= 200 && answer.status < 300;

/** POSTs a body to `/webhooks/<provider>/<connection>` over a real socket, signed as the platform signs it. */
export async function postSigned(baseUrl: string, connection: ConfiguredConnection, body: unknown): Promise<Answer> {
  const signed = providerModule(connection.provider)!.testKit.sign(connection, JSON.stringify(body));
  try {
    const response = await fetch(`${baseUrl}/webhooks/${connection.provider}/${connection.name}`, {
      method: 'POST',
      headers: signed.headers,
      body: signed.body,
      // Platforms give up after a few seconds; an ingress that holds a request this long has failed anyway.
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // kept as text: the assertion that fails will show it
    }
    return { status: response.status, body: parsed };
  } catch (error) {
    return { status: 'no-answer', error: String((error as Error).cause ?? error) };
  }
}

/** How often each value occurs, e.g. { accepted: 12, duplicate: 3 }. */
export function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

/** How many answers had each HTTP status, e.g. { '200': 120, '202': 78 }. */
export const tally = (answers: Answer[]): Record<string, number> => countBy(answers.map((a) => String(a.status)));

/** The `status` word of a Reelflow answer (accepted, spooled, duplicate...), or the HTTP status when there is none. */
export const statusWord = (answer: Answer): string => {
  const body = 'body' in answer ? answer.body : undefined;
  const word = typeof body === 'object' && body !== null ? (body as { status?: unknown }).status : undefined;
  return typeof word === 'string' ? word : String(answer.status);
};

/** Statuses in sending order, run-length encoded ("200×20 202×41 200×3"): where an outage began and ended shows. */
export function statusRuns(answers: Answer[]): string {
  const out: Array<[string, number]> = [];
  for (const answer of answers) {
    const status = String(answer.status);
    const last = out[out.length - 1];
    if (last?.[0] === status) last[1] += 1;
    else out.push([status, 1]);
  }
  return out.map(([status, n]) => `${status}×${n}`).join(' ');
}
