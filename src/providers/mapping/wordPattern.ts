/**
 * A word of the source's (an event type, a state) against the mapping's keys: an exact key
 * first, else the first key with `*` wildcards that matches, in the order the config lists them.
 */
export function lookupWord<T>(table: Readonly<Record<string, T>>, word: string): T | undefined {
  if (Object.hasOwn(table, word)) return table[word];
  for (const [pattern, value] of Object.entries(table)) {
    if (pattern.includes('*') && globRegExp(pattern).test(word)) return value;
  }
  return undefined;
}

const compiled = new Map<string, RegExp>();

/** `com.acme.*` → /^com\.acme\..*$/: only `*` is special, everything else literal. */
function globRegExp(pattern: string): RegExp {
  let regexp = compiled.get(pattern);
  if (!regexp) {
    const source = pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    compiled.set(pattern, (regexp = new RegExp(`^${source}$`, 's')));
  }
  return regexp;
}
