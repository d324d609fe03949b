import { workflowBundle } from '../support/temporal';

/**
 * Every module the workflow bundle imports is evaluated again for each workflow a worker loads
 * and kept with it in the workflow cache: heavy libraries there cost CPU per new resource and
 * memory per cached one (zod cost ~6 ms and most of a workflow's memory; see README, Capacity).
 */
describe('the workflow bundle', () => {
  it('carries no library beyond the Temporal SDK and what it needs itself', async () => {
    const { code } = await workflowBundle();
    const packages = new Set([...code.matchAll(/\.\/node_modules\/((?:@[^/"]+\/)?[^/"]+)\//g)].map((m) => m[1]!));
    expect(packages.size).toBeGreaterThan(0); // the pattern still finds the SDK's own modules
    expect([...packages].sort()).toEqual(['@temporalio/common', '@temporalio/workflow', 'long', 'ms', 'nexus-rpc']);
  }, 60_000);
});
