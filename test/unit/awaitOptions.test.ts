import { awaitOptionsProblem } from '../../workflows/awaitOptions';

/** awaitResource's options, checked before anything is scheduled (by the workflow and by the Nexus handler). */
describe('awaitOptionsProblem', () => {
  const ok = { connection: 'main', timeout: '1 minute' };

  it.each([
    { options: ok },
    { options: { ...ok, until: 'terminal' } },
    { options: { ...ok, until: ['ready', 'failed'] } },
    { options: { ...ok, until: () => true } },
    { options: { ...ok, timeout: 1500 } },
    { options: { ...ok, timeout: '2h' } },
  ])('takes $options', ({ options }) => {
    expect(awaitOptionsProblem(options)).toBeUndefined();
  });

  it.each([
    { options: { ...ok, until: 'ready' }, problem: /^until: .*got "ready"$/ },
    { options: { ...ok, until: [] }, problem: /^until: "terminal", a non-empty list of phases \(pending, .*needs-attention\) or a predicate; got \[\]$/ },
    { options: { ...ok, until: ['ready', 'Finished'] }, problem: /^until: .*got \["ready","Finished"\]$/ },
    { options: { ...ok, until: 42 }, problem: /^until: .*got 42$/ },
    { options: { connection: 'main' }, problem: /^timeout: required/ },
    { options: { ...ok, timeout: 'abc' }, problem: /^timeout: a positive duration .*got "abc"$/ },
    { options: { ...ok, timeout: '-1s' }, problem: /^timeout: .*got "-1s"$/ },
    { options: { ...ok, timeout: 0 }, problem: /^timeout: .*got 0$/ },
    { options: { ...ok, timeout: Number.POSITIVE_INFINITY }, problem: /^timeout: / },
    { options: { ...ok, timeout: { minutes: 1 } }, problem: /^timeout: / },
    { options: { timeout: '1m' }, problem: /^connection: required/ },
    { options: { ...ok, connection: 7 }, problem: /^connection: / },
  ])('refuses $options, naming the option', ({ options, problem }) => {
    expect(awaitOptionsProblem(options)).toMatch(problem);
  });
});
