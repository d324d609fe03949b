/** @type {import('jest').Config} */
module.exports = {
  // jest's node environment, printing what the product logged only under a failing test (test/support/logEnvironment.ts).
  testEnvironment: '<rootDir>/test/support/logEnvironment.ts',
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  // One real Temporal dev server for the whole run (see test/support/globalSetup.ts).
  globalSetup: '<rootDir>/test/support/globalSetup.ts',
  globalTeardown: '<rootDir>/test/support/globalTeardown.ts',
  setupFiles: ['<rootDir>/test/support/quietRuntime.ts'],
  testTimeout: 60_000,
  maxWorkers: 2,
};
