import { providerModules } from '../../src/providers/registry';
import { SCENARIO_NAMES, type RunningFake } from '../../src/providers/types';
import { awaitExpectations, meets } from '../../src/simulators/simulate';
import { startStack, type Stack } from '../support/stack';

/**
 * Every registered platform, through its own fake and the real ingress and worker: each scenario
 * its fake offers (`reelflow simulate`'s), with the demo's credentials. A new platform is tested
 * here by being in the registry.
 */
const cases = providerModules().flatMap((module) => SCENARIO_NAMES.filter((name) => module.simulator.scenarios[name]).map((scenario) => [module.adapter.name, scenario, module] as const));

describe.each(cases)('%s: simulate %s', (_provider, scenarioName, module) => {
  let fake: RunningFake;
  let stack: Stack;
  let options: unknown;
  beforeAll(async () => {
    const demo = module.simulator.demo();
    options = module.simulator.optionsSchema.parse({ ...demo.options, port: 0 });
    fake = await module.simulator.start(options);
    stack = await startStack({
      provider: module.adapter.name,
      listen: true,
      config: { polling: { quietFor: '300ms', maxPollInterval: '600ms', maxWait: '2m' } },
      // Platforms with an API are pointed at this fake's port; generic sources have none.
      connection: { ...demo.connection, name: 'test', ...('apiBaseUrl' in demo.connection ? { apiBaseUrl: fake.url } : {}) },
    });
    stack.connectFake(fake);
  });
  afterAll(async () => {
    await stack?.stop();
    await fake?.close();
  });

  it('ends as the platform ended it, in Reelflow', async () => {
    const lines: string[] = [];
    const scenario = module.simulator.scenarios[scenarioName]!;
    const expectations = await scenario({ connection: stack.connection, options, fakeUrl: fake.url, count: 2, log: (line) => lines.push(line) });
    expect(expectations.length).toBeGreaterThan(0);
    // Media Manager is never polled faster than every 60 s (its GETs are cached that long).
    const snapshots = await awaitExpectations(stack.client, expectations, 150_000);
    expectations.forEach((expected, i) => {
      expect({ key: expected.key, phase: snapshots[i]?.phase, related: snapshots[i]?.related }).toEqual({
        key: expected.key,
        phase: expected.phase,
        related: expected.related ? expect.arrayContaining(expected.related) : snapshots[i]?.related,
      });
      expect(meets(expected, snapshots[i]!)).toBe(true);
    });
    if (scenarioName === 'lost-webhooks') {
      expect(fake.counters.deliveriesDropped).toBeGreaterThan(0);
      expect(snapshots.every((s) => s!.transitions.some((t) => t.via === 'poll'))).toBe(true);
    }
  }, 200_000);
});
