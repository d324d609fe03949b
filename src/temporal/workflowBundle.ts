import { existsSync } from 'node:fs';
import type { BundleOptions, WorkerOptions } from '@temporalio/worker';

/** The workflows' entry (workflows/index): bundled at worker start from sources, or once by `npm run build:workflows`. */
export const WORKFLOWS_PATH = require.resolve('../../workflows');

/**
 * Pure modules the workflows import, evaluated once per worker thread instead of once for each
 * workflow the worker meets (the SDK's `preloadModules`: they are shared by every workflow in the
 * reusable V8 context, and their exports frozen). Worth ~1 CPU ms a new workflow here (3% of a
 * VOD job's). A preloaded module may import only other preloaded modules, nothing of Temporal's,
 * and keep no state between calls: what one workflow left in it, the next would see.
 * test/unit/workflowBundle.test.ts holds those rules.
 */
export const PRELOADED_MODULES: readonly string[] = [
  '../domain/vocabulary',
  '../domain/resourceKey',
  '../domain/phaseRules',
  '../domain/lifecyclePolicy',
  '../domain/lifecycle',
  '../domain/eventShape',
  '../domain/nextStep',
  '../domain/waitPolicy',
  '../domain/actions',
  '../../workflows/entity/details',
].map((module) => require.resolve(module));

/** How every Reelflow workflow bundle is built: at worker start, by `npm run build:workflows`, and in tests. */
export const BUNDLE_OPTIONS: Pick<BundleOptions, 'workflowsPath' | 'preloadModules'> = { workflowsPath: WORKFLOWS_PATH, preloadModules: [...PRELOADED_MODULES] };

/** Set by the image to the bundle `npm run build:workflows` wrote; never set in development, so sources are bundled fresh. */
export const WORKFLOW_BUNDLE_ENV = 'REELFLOW_WORKFLOW_BUNDLE';

/** Where the worker's workflow code comes from: the prebuilt bundle when the environment names one, else the sources. */
export function workflowSource(env: NodeJS.ProcessEnv = process.env): Pick<WorkerOptions, 'workflowsPath' | 'workflowBundle' | 'bundlerOptions'> {
  const codePath = env[WORKFLOW_BUNDLE_ENV];
  if (!codePath) return { workflowsPath: WORKFLOWS_PATH, bundlerOptions: { preloadModules: BUNDLE_OPTIONS.preloadModules } };
  if (!existsSync(codePath)) throw new Error(`${WORKFLOW_BUNDLE_ENV}=${codePath}: no such file (npm run build:workflows writes it)`);
  return { workflowBundle: { codePath } };
}
