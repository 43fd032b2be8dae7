/** Three tiers: pure unit tests beside the code, command tests that run the built CLI on fixtures, and live tests
 * against a real kube-apiserver (test/live). */
const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }],
};
// Sources import with the .js suffix (ESM style, resolved by esbuild and tsc); Jest resolves the .ts file.
const moduleNameMapper = { '^(\\.{1,2}/.*)\\.js$': '$1' };
const common = { transform, moduleNameMapper, testEnvironment: 'node' };
module.exports = {
  projects: [
    { displayName: 'unit', testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/test/unit/**/*.test.ts'], ...common },
    { displayName: 'commands', testMatch: ['<rootDir>/test/commands/**/*.test.ts'], ...common },
    {
      displayName: 'live',
      testMatch: ['<rootDir>/test/live/**/*.test.ts'],
      // A real API server on a shared 2-core machine: a test that loads a scenario, runs the plugin several times
      // and restores can take longer than Jest's 5 s default when the machine is busy.
      testTimeout: 60_000,
      ...common,
      globalSetup: '<rootDir>/test/live/global-setup.cjs',
      globalTeardown: '<rootDir>/test/live/global-teardown.cjs',
    },
  ],
};
