import type { z } from 'zod';

/**
 * How the file wrote the value at a path when the environment brought it in (`the value of
 * ${MKIO_SECRET}`), else undefined. A value from `${VAR}` may be a secret: a message says the
 * variable, never the value (load.ts reads this off the file as written).
 */
export type WrittenAs = (path: readonly PropertyKey[]) => string | undefined;

/** Every value taken as written in the file (no environment to name). */
const LITERAL: WrittenAs = () => undefined;

/** A literal bad value is echoed back so the message says what was written; a long one is clipped. */
const ECHO_LIMIT = 60;

export const clipped = (value: unknown): string => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > ECHO_LIMIT ? `${text.slice(0, ECHO_LIMIT)}…` : text;
};

/** A refused value as a message may say it: clipped if the file wrote it, by its variable if the environment did. */
export const sayValue = (value: unknown, path: readonly PropertyKey[], writtenAs: WrittenAs): string => writtenAs(path) ?? clipped(value);

const choices = (values: readonly unknown[]): string => values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ');

const isPrimitive = (value: unknown): boolean => ['string', 'number', 'boolean'].includes(typeof value);

type Issue = z.core.$ZodIssue;
/** A refusal whose message starts with the refused value (said by sayValue). */
type Refusal = { path: PropertyKey[]; value: unknown; rest: string };

/**
 * An enum, literal, discriminator or record-key refusal said as "`"mkoi" is not one of mkio, fastpix, …`",
 * or a duration's "`"10 minutes" is not a duration`" (see duration.ts), or undefined for any other
 * issue. Needs issues parsed with `{ reportInput: true }`.
 */
function refusal(issue: Issue): Refusal | undefined {
  if (issue.code === 'invalid_value' && isPrimitive(issue.input)) {
    const expected = issue.values.length === 1 ? choices(issue.values) : `one of ${choices(issue.values)}`;
    return { path: issue.path, value: issue.input, rest: `is not ${expected}` };
  }
  if (issue.code === 'custom' && issue.params?.refusesInput === true) return { path: issue.path, value: issue.input, rest: `is ${issue.message}` };
  // `kinds: { jobs: … }`: the key's own refusal lists the words a key may be.
  if (issue.code === 'invalid_key') {
    const inner = issue.issues.map((i) => refusal(i as Issue)).find(Boolean);
    return inner && { ...inner, path: [...issue.path, ...inner.path] };
  }
  if (issue.code !== 'invalid_union') return undefined;
  if (issue.discriminator !== undefined && 'options' in issue && issue.options) {
    const value = (issue.input as Record<string, unknown> | undefined)?.[issue.discriminator];
    const expected = `one of ${choices(issue.options)}`;
    return { path: issue.path, value, rest: value === undefined ? `missing: ${expected}` : `is not ${expected}` };
  }
  // `phase: redy` or `phase: [ready, redy]`: the branch that refused one word of an enum says which
  // (a lone literal, such as `uiPort`'s `false`, would hide the other branch: left as it was).
  for (const branch of issue.errors) {
    for (const inner of branch) {
      const found = inner.code === 'invalid_value' && inner.values.length < 2 ? undefined : refusal(inner);
      if (found) return { ...found, path: [...issue.path, ...found.path] };
    }
  }
  return undefined;
}

/**
 * The first issue as `<field>: <message>`, the field under `prefix` (`connections.0`) and dotted.
 * `writtenAs` looks paths up from the config's root, so it is given the prefix too.
 */
export function issueMessage(error: z.ZodError, prefix: readonly PropertyKey[], writtenAs: WrittenAs = LITERAL): string {
  const issue = error.issues[0]!;
  const found = refusal(issue);
  const path = [...prefix, ...(found?.path ?? issue.path)];
  const field = path.map(String).join('.');
  let message: string;
  if (!found) {
    // `apiToken: ${REELFLOW_API_TOKEN}` too short: say which variable, as the value is not shown.
    const source = writtenAs(path);
    message = source ? `${issue.message} (${source})` : issue.message;
  } else if (found.value === undefined) message = found.rest;
  else message = `${sayValue(found.value, path, writtenAs)} ${found.rest}`;
  return `${field || '(root)'}: ${message}`;
}
