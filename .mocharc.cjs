// Unit tests: no Go needed. TypeScript test files run through tsx.
module.exports = {
  spec: ['packages/*/test/**/*.test.ts'],
  'node-option': ['import=tsx'],
  reporter: require.resolve('./scripts/mocha/count-reporter.cjs'),
  timeout: 20000,
};
