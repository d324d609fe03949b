#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx: no build step to forget. The image runs the
// JavaScript it compiled at build time instead (its Dockerfile sets REELFLOW_COMPILED=1), so a
// stale dist/ in a working tree never shadows the sources.
if (process.env.REELFLOW_COMPILED === '1') {
  const compiled = require('node:path').join(__dirname, '..', 'dist', 'src', 'cli.js');
  if (!require('node:fs').existsSync(compiled)) {
    console.error(`reelflow: REELFLOW_COMPILED=1 but ${compiled} is missing: run \`npm run build:image\`, or unset REELFLOW_COMPILED`);
    process.exit(1);
  }
  require(compiled);
} else {
  require('tsx/cjs');
  require('../src/cli.ts');
}
