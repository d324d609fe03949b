// `npm run build:workflows [file]`: the workflow bundle, built once (the image does it at build
// time) so a worker started with REELFLOW_WORKFLOW_BUNDLE=<file> loads it instead of bundling.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { BUNDLE_OPTIONS } from '../src/temporal/workflowBundle';

const DEFAULT_FILE = resolve(__dirname, '..', 'dist', 'workflow-bundle.js');

async function main(file = DEFAULT_FILE): Promise<void> {
  const started = Date.now();
  const { code } = await bundleWorkflowCode(BUNDLE_OPTIONS);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, code);
  console.log(`workflow bundle: ${file} (${Math.round(code.length / 1024)} KiB, ${Date.now() - started} ms)`);
}

main(process.argv[2] && resolve(process.argv[2])).catch((error: Error) => {
  console.error(`build:workflows: ${error.message}`);
  process.exit(1);
});
