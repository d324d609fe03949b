import { describeConnection } from '../../src/ingress/routes/api/connections';
import { validateConfig } from '../../src/config/load';
import { accountNotInConnection, providerModules } from '../../src/providers/registry';

/** /api/connections shows, for every platform, the account its resource keys will carry. */
describe.each(providerModules().map((m) => [m.adapter.name, m] as const))('%s connection account', (_name, module) => {
  it('is the account of the keys its test kit makes', () => {
    const { entry, account } = module.testKit.connection({ name: 'acct-test', account: 'acme-1' });
    const config = validateConfig({ connections: [entry] }, 'account test');
    const described = describeConnection(config.connections[0]!);
    expect(described.account).toBe(account);
  });
});

/** A key of another account than its connection's would be polled with that connection's credentials. */
describe.each(providerModules().map((m) => [m.adapter.name, m] as const))('%s key account', (_name, module) => {
  const { entry, account } = module.testKit.connection({ name: 'acct-test', account: 'acme-1' });
  const connection = validateConfig({ connections: [entry] }, 'account test').connections[0]!;

  it("takes a key of the connection's own account, and refuses another where the connection fixes it", () => {
    expect(accountNotInConnection(connection, account)).toBeUndefined();
    const fixed = describeConnection(connection).account;
    expect(accountNotInConnection(connection, 'someone-else')).toBe(fixed === undefined ? undefined : `account "someone-else" is not connection acct-test's "${fixed}"`);
  });
});
