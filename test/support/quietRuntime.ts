import { Runtime } from '@temporalio/worker';
import { createLogger } from '../../src/observability/logger';
import { temporalLogger } from '../../src/observability/temporalLogger';
import { testLogDestination } from './testLog';

// The SDK's lines go through the product's own adapter (as in `npm start`) into the test log:
// expected ones are shown only under a failing test, a surprise (a stack, an error) at once.
// Core's (Rust) lines are not forwarded: forwarding keeps a callback that holds jest open after a
// suite without workers, and buffers lines past the end of the test they belong to. Core prints
// its own WARN lines to stderr, where a surprise belongs.
Runtime.install({ logger: temporalLogger(createLogger({ level: 'info', destination: testLogDestination() }), 'WARN') });
