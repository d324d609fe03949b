import { existsSync } from 'node:fs';
import type { WorkerOptions } from '@temporalio/worker';

/** The workflows' entry (workflows/index): bundled at worker start from sources, or once by `npm run build:workflows`. */
export const WORKFLOWS_PATH = require.resolve('../../workflows');

/** Set by the image to the bundle `npm run build:workflows` wrote; never set in development, so sources are bundled fresh. */
export const WORKFLOW_BUNDLE_ENV = 'REELFLOW_WORKFLOW_BUNDLE';

/** Where the worker's workflow code comes from: the prebuilt bundle when the environment names one, else the sources. */
export function workflowSource(env: NodeJS.ProcessEnv = process.env): Pick<WorkerOptions, 'workflowsPath' | 'workflowBundle'> {
  const codePath = env[WORKFLOW_BUNDLE_ENV];
  if (!codePath) return { workflowsPath: WORKFLOWS_PATH };
  if (!existsSync(codePath)) throw new Error(`${WORKFLOW_BUNDLE_ENV}=${codePath}: no such file (npm run build:workflows writes it)`);
  return { workflowBundle: { codePath } };
}
