import { RecentDeliveries } from '../../src/inbox/recentDeliveries';

describe('RecentDeliveries', () => {
  it('delivers once for concurrent repeats, and the repeats wait for the first', async () => {
    const deliveries = new RecentDeliveries();
    let calls = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const results = [1, 2, 3].map(() =>
      deliveries.once('e1', async () => {
        calls += 1;
        await gate;
      }),
    );
    release();
    expect((await Promise.all(results)).sort()).toEqual(['duplicate', 'duplicate', 'new']);
    expect(calls).toBe(1);
  });

  it('forgets a failed delivery so that the retry goes through', async () => {
    const deliveries = new RecentDeliveries();
    await expect(deliveries.once('e1', async () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    await expect(deliveries.once('e1', async () => {})).resolves.toBe('new');
    await expect(deliveries.once('e1', async () => {})).resolves.toBe('duplicate');
  });

  it('stays within its capacity, evicting the oldest', async () => {
    const deliveries = new RecentDeliveries(3);
    for (const id of ['a', 'b', 'c', 'd']) await deliveries.once(id, async () => {});
    expect(deliveries.size).toBe(3);
    await expect(deliveries.once('a', async () => {})).resolves.toBe('new');
    await expect(deliveries.once('d', async () => {})).resolves.toBe('duplicate');
  });
});
