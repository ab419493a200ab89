// Spec output for people, plus a machine-readable tally for .ci/run.
// When GOTRACE_TEST_COUNTS names a file, one JSON line {passes, failures, pending} is appended to it
// at the end of the run, counted from mocha's own events (not parsed from its summary text).
'use strict';
const fs = require('node:fs');
const Mocha = require('mocha');
const { EVENT_RUN_END, EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING, EVENT_HOOK_END } =
  Mocha.Runner.constants;

class CountReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    let passes = 0;
    let failures = 0;
    let pending = 0;
    runner.on(EVENT_TEST_PASS, () => passes++);
    // A failing hook is reported through EVENT_TEST_FAIL as well, so it counts as a failure.
    runner.on(EVENT_TEST_FAIL, () => failures++);
    runner.on(EVENT_TEST_PENDING, () => pending++);
    void EVENT_HOOK_END;
    runner.once(EVENT_RUN_END, () => {
      const out = process.env.GOTRACE_TEST_COUNTS;
      if (out) fs.appendFileSync(out, JSON.stringify({ passes, failures, pending }) + '\n');
    });
  }
}
module.exports = CountReporter;
