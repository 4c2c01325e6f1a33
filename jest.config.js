/** One jest run over every workspace: unit tests beside the code, integration tests in test/. */
const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs', ignoreDynamic: true },
};

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: [
    '<rootDir>/subgraphs',
    '<rootDir>/gateway',
    '<rootDir>/schema',
    '<rootDir>/examples',
    '<rootDir>/tools',
    '<rootDir>/test',
  ],
  testMatch: ['**/src/**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', swc] },
  moduleNameMapper: {
    '^@tessera/(kit|identity|certificate|ra)$': '<rootDir>/subgraphs/$1/src',
    '^@tessera/(gateway|schema)$': '<rootDir>/$1/src',
    '^@tessera/example-(business-system)$': '<rootDir>/examples/$1/src',
    '^@tessera/ekey-agent$': '<rootDir>/tools/ekey-agent/src/protocol',
  },
  globalSetup: '<rootDir>/test/src/harness/global-setup.ts',
  globalTeardown: '<rootDir>/test/src/harness/global-teardown.ts',
  reporters: ['default', '<rootDir>/test/closing-line-reporter.js'],
  maxWorkers: 2,
  // Each test file loads the subgraphs afresh in its worker, and what a file leaves behind adds up over 200
  // files: a worker holding more than this after a file is replaced (one ran out of memory without it).
  workerIdleMemoryLimit: '1536MB',
  testTimeout: 60_000,
  setupFiles: ['reflect-metadata'],
};
