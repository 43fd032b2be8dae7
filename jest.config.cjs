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
      // 60 s per test (a project's own testTimeout is ignored by Jest: see the file).
      setupFilesAfterEnv: ['<rootDir>/test/live/timeout.ts'],
      ...common,
      globalSetup: '<rootDir>/test/live/global-setup.cjs',
      globalTeardown: '<rootDir>/test/live/global-teardown.cjs',
    },
  ],
};
