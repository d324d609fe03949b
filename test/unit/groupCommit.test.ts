import { groupCommit } from '../../src/inbox/groupCommit';

describe('groupCommit', () => {
  it('runs the calls of one turn together, answering each its own result, and the next turn apart', async () => {
    const runs: number[][] = [];
    const double = groupCommit((inputs: number[]) => {
      runs.push(inputs);
      return inputs.map((n) => n * 2);
    });
    expect(await Promise.all([double(1), double(2), double(3)])).toEqual([2, 4, 6]);
    expect(await double(4)).toBe(8);
    expect(runs).toEqual([[1, 2, 3], [4]]);
  });

  it('fails every call of a run that fails, and recovers on the next', async () => {
    let broken = true;
    const run = groupCommit((inputs: string[]) => {
      if (broken) throw new Error('database is locked');
      return inputs;
    });
    const results = await Promise.allSettled([run('a'), run('b')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    broken = false;
    expect(await run('c')).toBe('c');
  });
});
