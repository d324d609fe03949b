import { DefaultLogger, Runtime } from '@temporalio/worker';

// Worker state changes and webpack output are noise in test output; warnings still show.
Runtime.install({ logger: new DefaultLogger('WARN') });
