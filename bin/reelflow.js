#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx: no build step to forget.
require('tsx/cjs');
require('../src/cli.ts');
