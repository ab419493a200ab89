// Cross-check suite: compares us with Go itself (needs `go` on PATH; skips cleanly otherwise).
module.exports = {
  spec: ['packages/*/test-cross/**/*.test.ts'],
  'node-option': ['import=tsx'],
  reporter: require.resolve('./scripts/mocha/count-reporter.cjs'),
  timeout: 600000,
};
