import { mkdtempSync, writeFileSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { walSync } from '../../src/inbox/walSync';
import { stillPending } from '../support/stillPending';

const tempFile = () => join(mkdtempSync(join(tmpdir(), 'walsync-')), 'inbox.sqlite-wal');

describe('walSync', () => {
  let datasync: jest.SpyInstance;
  let release: Array<() => void>;
  beforeEach(async () => {
    // Each fdatasync is held until the test lets it finish, and counted.
    const probe = await open(__filename, 'r');
    const prototype = Object.getPrototypeOf(probe) as FileHandle;
    await probe.close();
    const real = prototype.datasync;
    release = [];
    datasync = jest.spyOn(prototype, 'datasync').mockImplementation(function (this: FileHandle) {
      return new Promise<void>((resolve) => release.push(resolve)).then(() => real.call(this));
    });
  });
  afterEach(() => datasync.mockRestore());

  /** Until the file is open and its fdatasync begun (opening takes a trip through the thread pool). */
  const syncBegun = async (count: number) => {
    while (datasync.mock.calls.length < count) await new Promise((r) => setTimeout(r, 5));
  };

  it('answers a call with a sync that began after it: calls during a sync share the next one', async () => {
    const file = tempFile();
    writeFileSync(file, 'frames');
    const sync = walSync(file);
    const first = sync();
    await syncBegun(1);

    const later = [sync(), sync(), sync()];
    expect(later[0]).toBe(later[2]); // one shared sync, not three
    expect(await stillPending(later[0]!)).toBe(true);
    release.shift()!();
    await first;
    // The first sync began before these calls, so they are still waiting, on the one that follows.
    await syncBegun(2);
    expect(await stillPending(later[0]!)).toBe(true);
    release.shift()!();
    await Promise.all(later);
    expect(datasync).toHaveBeenCalledTimes(2);
    await sync.close();
  });

  it('rejects when the file cannot be opened, and opens it again on the next call', async () => {
    const file = tempFile();
    const sync = walSync(file);
    await expect(sync()).rejects.toMatchObject({ code: 'ENOENT' });
    writeFileSync(file, 'frames');
    const again = sync();
    await syncBegun(1);
    release.shift()!();
    await expect(again).resolves.toBeUndefined();
    await sync.close();
  });
});
