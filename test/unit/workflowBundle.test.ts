import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { PRELOADED_MODULES } from '../../src/temporal/workflowBundle';
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

  it('loads the preloaded modules before any workflow (once per worker thread)', async () => {
    const { code } = await workflowBundle();
    const preload = /exports\.preloadModules = function preloadModules\(\) \{([^}]*)\}/.exec(code)?.[1] ?? '';
    const ids = [...preload.matchAll(/__webpack_require__\(.*?"\.\/([^"]+)"\)/g)].map((m) => resolve(__dirname, '..', '..', m[1]!));
    expect(ids.sort()).toEqual([...PRELOADED_MODULES].sort());
  }, 60_000);
});

/** Runtime imports of a module's source (type-only imports vanish at compile time). */
function runtimeImports(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  return [...source.matchAll(/^(?:import|export)(?! type)[^;]*? from '([^']+)';/gm)].map((m) => m[1]!);
}

/**
 * A preloaded module is shared by every workflow of a worker thread, and evaluated before any
 * workflow exists: it may hold no state, and may not pull in the SDK's workflow modules (they
 * need a workflow to load under).
 */
describe.each(PRELOADED_MODULES.map((file) => [file.slice(file.lastIndexOf('/', file.lastIndexOf('/') - 1) + 1), file]))('preloaded module %s', (_name, file) => {
  it('imports only other preloaded modules', () => {
    for (const specifier of runtimeImports(file)) {
      expect(PRELOADED_MODULES).toContain(specifier.startsWith('.') ? require.resolve(resolve(dirname(file), specifier)) : specifier);
    }
  });

  it('keeps no state of its own (no top-level let, var or mutable collection)', () => {
    const source = readFileSync(file, 'utf8');
    expect(source).not.toMatch(/^(?:export )?(?:let|var) /m);
    expect(source).not.toMatch(/^(?:export )?const \w+\b(?!: Readonly)[^=]*= new (?:Map|Set|WeakMap|WeakSet)\b/m);
  });
});
