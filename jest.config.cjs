/** Three tiers: pure unit tests beside the code, command tests that run the built CLI on fixtures, and live tests
 * against a real kube-apiserver (test/live). */
const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }],
};
module.exports = {
  projects: [
    { displayName: 'unit', testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/test/unit/**/*.test.ts'], transform, testEnvironment: 'node' },
    { displayName: 'commands', testMatch: ['<rootDir>/test/commands/**/*.test.ts'], transform, testEnvironment: 'node' },
    {
      displayName: 'live',
      testMatch: ['<rootDir>/test/live/**/*.test.ts'],
      transform,
      testEnvironment: 'node',
      globalSetup: '<rootDir>/test/live/global-setup.ts',
      globalTeardown: '<rootDir>/test/live/global-teardown.ts',
    },
  ],
};
