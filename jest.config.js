/**
 * Jest runs every suite under __tests__ through ts-jest; integration suites start their own
 * emulators. Two projects: `unit` (everything but the package) and `package`, the slow consumer
 * suite that packs the tarball and installs it into a scratch project (`npm run test:package`).
 */
const common = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  transform: { '^.+\\.ts$': ['ts-jest', {}] },
  globalSetup: '<rootDir>/__tests__/support/global-setup.ts',
  setupFilesAfterEnv: ['<rootDir>/__tests__/support/setup.ts'],
};

module.exports = {
  testTimeout: 120000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['**/*.test.ts'], testPathIgnorePatterns: ['/node_modules/', '<rootDir>/__tests__/package/'] },
    { ...common, displayName: 'package', testMatch: ['<rootDir>/__tests__/package/**/*.test.ts'] },
  ],
};
