import { describeConnection } from '../../src/ingress/routes/api/connections';
import { validateConfig } from '../../src/config/load';
import { providerModules } from '../../src/providers/registry';

/** /api/connections shows, for every platform, the account its resource keys will carry. */
describe.each(providerModules().map((m) => [m.adapter.name, m] as const))('%s connection account', (_name, module) => {
  it('is the account of the keys its test kit makes', () => {
    const { entry, account } = module.testKit.connection({ name: 'acct-test', account: 'acme-1' });
    const config = validateConfig({ connections: [entry] }, 'account test');
    const described = describeConnection(config.connections[0]!);
    expect(described.account).toBe(account);
  });
});
