/**
 * Go-present cross-check of the TraceWriter: every trace it writes — the example scenarios for
 * every version, a sample of random property runs, the strict-mode worlds — is accepted by Go's
 * reader (scripts' checker, golang.org/x/exp/trace), and Go's event list (each event's String(),
 * stacks included) equals ours. `go tool trace -d=parsed` reads the worker-pool scenario for
 * every version. Skips cleanly when `go` is not on PATH.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TRACE_VERSIONS, type TraceVersion } from '@gotrace/decoder';
import { encodeScenarioText } from '../src/index.js';
import { REPO, FIXTURES } from '../test/paths.js';
import { checkerOutput } from '../test/support/read.js';
import { runWorld } from '../test/support/random-world.js';
import { WRITER_CASES } from '../test/support/writer-cases.js';
import { chaos } from '../test/support/chaos.js';

const haveGo = spawnSync('go', ['version']).status === 0;
const CHECKER = join(REPO, 'scripts', 'out', 'bin', 'checker');
const SCENARIOS = join(FIXTURES, 'scenarios');

function goChecker(bytes: Uint8Array): string {
  const r = spawnSync(CHECKER, ['-'], { input: bytes, maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`checker failed: ${r.stderr.toString()}`);
  return r.stdout.toString();
}

function sameAsGo(bytes: Uint8Array, what: string): void {
  const go = goChecker(bytes);
  expect(go, `${what}: Go accepts`).to.match(/\nOK \d+\n$/);
  expect(checkerOutput(bytes), `${what}: our event list equals Go's`).to.equal(go);
}

(haveGo ? describe : describe.skip)('cross-check with Go: TraceWriter output', function () {
  this.timeout(900000);
  let dir: string;
  before(() => {
    execFileSync('bash', [join(REPO, 'scripts', 'build-oracle.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
    dir = mkdtempSync(join(tmpdir(), 'gotrace-enc-cross-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const f of readdirSync(SCENARIOS).filter((x) => x.endsWith('.json')).sort()) {
    for (const version of TRACE_VERSIONS) {
      it(`${f}, version ${version}: Go accepts it and lists the same events (stacks included)`, () => {
        sameAsGo(encodeScenarioText(readFileSync(join(SCENARIOS, f), 'utf8'), { version }), `${f} v${version}`);
      });
    }
  }

  for (const version of TRACE_VERSIONS) {
    it(`go tool trace -d=parsed reads worker-pool.json encoded for version ${version}`, () => {
      const file = join(dir, `pool-${version}.trace`);
      writeFileSync(file, encodeScenarioText(readFileSync(join(SCENARIOS, 'worker-pool.json'), 'utf8'), { version }));
      const r = spawnSync('go', ['tool', 'trace', '-d=parsed', file], { maxBuffer: 1 << 30 });
      expect(r.status, r.stderr.toString()).to.equal(0);
      expect(r.stdout.toString()).to.contain('chan receive');
    });
  }

  for (const c of WRITER_CASES) {
    it(`writer case: ${c.name}`, () => {
      sameAsGo(c.build(), c.name);
    });
  }

  it('strict mode is sound against Go: arbitrary call sequences, what gets through is accepted and read identically', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<TraceVersion>(22, 23, 25, 26),
        fc.array(fc.tuple(fc.nat(100), fc.nat(10), fc.nat(100)), { minLength: 1, maxLength: 300 }),
        (version, ops) => {
          sameAsGo(chaos(version, ops).bytes, `chaos v${version}`);
        },
      ),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 40) },
    );
  });

  it('a sample of random property runs: Go accepts each and lists the same events', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<TraceVersion>(22, 23, 25, 26),
        fc.array(fc.nat(1000), { minLength: 1, maxLength: 300 }),
        fc.constantFrom<'padded' | 'minimal'>('padded', 'minimal'),
        (version, choices, batchLength) => {
          sameAsGo(runWorld(version, choices, batchLength).bytes, `run v${version}`);
        },
      ),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 40) },
    );
  });
});
