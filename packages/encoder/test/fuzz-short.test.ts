/**
 * Hostile input (issue 6), the part that runs in `npm test`:
 *   - a short seeded fuzz run (scripts/fuzz/lib.mjs: the same mutations and targets as
 *     `npm run fuzz`, in-process, a few thousand inputs): no exception that is not a
 *     GotraceError, no disagreement between our readers, no input taking more than a second;
 *   - every saved regression in fixtures/fuzz-regressions is replayed;
 *   - a fast-check property: random bytes behind every header only ever raise typed errors;
 *   - the CLI maps typed errors to exit 1 (one line) and anything else to exit 3 with a request
 *     to report it (a failure injected through a --import hook).
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as decoder from '@gotrace/decoder';
import * as encoder from '@gotrace/encoder';
import { checkerOutput } from '../../decoder/test/support/checker.js';
import { loadCorpus, REGRESSIONS } from '../../../scripts/fuzz/corpus.mjs';
import { generateInput, makeTargets, type FuzzInput, type MutationContext } from '../../../scripts/fuzz/lib.mjs';
import { GOTRACE_BIN, TRACES } from './paths.js';

const targets = makeTargets({ decoder, encoder });
const SHORT_INPUTS = Number(process.env.GOTRACE_FUZZ_SHORT_N ?? 2500);
const SHORT_SEED = 424242;
/** Wall-clock cap of the short run (CI machines are slow and shared): stop early, still check. */
const SHORT_CAP_MS = 30_000;
const SLOW_MS = 2_000;

describe('fuzz: short seeded run (no crashes, hangs or disagreements)', function () {
  this.timeout(90_000);

  it(`${SHORT_INPUTS} mutated traces, texts and scenarios`, async () => {
    const corpus = loadCorpus();
    const ctx: MutationContext = { iterateBatches: decoder.iterateBatches, fixtures: corpus.binaries.map((b) => b.bytes) };
    const problems: string[] = [];
    const t0 = performance.now();
    let n = 0;
    let accepted = 0;
    for (let i = 0; i < SHORT_INPUTS && performance.now() - t0 < SHORT_CAP_MS; i++, n++) {
      const input = generateInput(corpus, ctx, SHORT_SEED, i);
      const t1 = performance.now();
      const r = await targets.run(input, i);
      const ms = performance.now() - t1;
      if (r.accepted) accepted++;
      for (const p of r.problems) problems.push(`input ${i} (${input.name}): ${p.kind} in ${p.target}: ${p.detail.split('\n')[0]}`);
      if (ms > SLOW_MS) problems.push(`input ${i} (${input.name}): took ${ms.toFixed(0)} ms`);
    }
    const s = (performance.now() - t0) / 1000;
    console.log(`    ${n} inputs in ${s.toFixed(1)} s (${(n / s).toFixed(0)}/s), ${accepted} accepted by every reader that applies`);
    expect(n).to.be.greaterThan(200);
    expect(problems, problems.slice(0, 10).join('\n')).to.deep.equal([]);
  });
});

describe('fuzz: saved regressions replay', function () {
  this.timeout(60_000);
  const files = existsSync(REGRESSIONS) ? readdirSync(REGRESSIONS).filter((f) => /\.(bin|txt|json)$/.test(f) && !/\.(go|ours)\.txt$/.test(f)).sort() : [];

  it('the directory holds regressions, each with a note', () => {
    expect(files.length).to.be.greaterThan(0);
    for (const f of files) expect(existsSync(join(REGRESSIONS, f.replace(/\.(bin|txt|json)$/, '.note.md'))), `${f} has a note`).to.equal(true);
  });

  for (const f of files) {
    const note = readFileSync(join(REGRESSIONS, f.replace(/\.(bin|txt|json)$/, '.note.md')), 'utf8');
    const pending = /^- status: pending\b(.*)$/m.exec(note);
    // A pending regression is a known bug in code this suite may not change (see its note).
    (pending ? it.skip : it)(`${f}${pending ? ` (pending:${pending[1]})` : ''}`, async () => {
      const bytes = new Uint8Array(readFileSync(join(REGRESSIONS, f)));
      const kind: FuzzInput['kind'] = f.endsWith('.bin') ? 'binary' : f.endsWith('.txt') ? 'text' : 'json';
      const input: FuzzInput = kind === 'binary' ? { kind, name: f, bytes } : { kind, name: f, text: new TextDecoder().decode(bytes) };
      const t0 = performance.now();
      const r = await targets.run(input, 1, { full: true });
      expect(performance.now() - t0, 'time').to.be.below(SLOW_MS);
      expect(r.problems.map((p) => `${p.kind} in ${p.target}: ${p.detail}`)).to.deep.equal([]);
      // Where Go's checker output was recorded (differential findings), ours must equal it.
      const goFile = join(REGRESSIONS, f.replace(/\.bin$/, '.go.txt'));
      if (kind === 'binary' && existsSync(goFile)) {
        const want = readFileSync(goFile, 'utf8');
        const got = checkerOutput(bytes);
        const first = (s: string): string => s.replace(/(\nERROR: [^\n]*)[\s\S]*$/, '$1\n').replace(/^(ERROR: [^\n]*)[\s\S]*$/, '$1\n');
        const expected = /\nPANIC: |^PANIC: /.test(want) ? undefined : first(want);
        if (expected === undefined) expect(got, 'Go panics here; we reject with a typed error').to.match(/(^|\n)ERROR: /);
        else expect(first(got)).to.equal(expected);
      }
    });
  }
});

describe('only typed errors escape (property)', function () {
  this.timeout(60_000);
  const headers = [...([22, 23, 25, 26] as const).map((v) => decoder.headerBytes(v)), new TextEncoder().encode('go 1.21 trace\0\0\0'), new Uint8Array(0)];

  it('random bytes behind any header: every reader throws only GotraceErrors', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...headers), fc.uint8Array({ maxLength: 300 }), fc.integer(), async (h, body, seed) => {
        const b = new Uint8Array(h.length + body.length);
        b.set(h);
        b.set(body, h.length);
        const r = await targets.binary(b, seed >>> 0, { full: true });
        expect(r.problems.filter((p) => p.kind === 'crash')).to.deep.equal([]);
      }),
      { numRuns: 300, seed: 6 },
    );
  });

  it('random text and JSON: only TextFormatError / ScenarioError', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), fc.json({ maxDepth: 4 }), async (t, j) => {
        const a = await targets.text('Trace Go1.26\n' + t, 1);
        const b = await targets.json(j);
        expect([...a.problems, ...b.problems].filter((p) => p.kind === 'crash')).to.deep.equal([]);
      }),
      { numRuns: 300, seed: 6 },
    );
  });

  it('deeply nested JSON (a million levels) is a ScenarioError, not a stack overflow', () => {
    const deep = '['.repeat(1e6) + ']'.repeat(1e6);
    let err: unknown;
    try {
      encoder.encodeScenarioText(deep);
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(decoder.GotraceError);
  });
});

describe('CLI error mapping', function () {
  this.timeout(60_000);
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'gotrace-cli-err-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('bad input: exit 1, one line on stderr, no stack dump', () => {
    const cut = join(dir, 'cut.trace');
    writeFileSync(cut, readFileSync(join(TRACES, 'mixed-go126.trace')).subarray(0, 300));
    const r = spawnSync(process.execPath, [GOTRACE_BIN, 'decode', cut, '-o', join(dir, 'cut.txt')], { encoding: 'utf8' });
    expect(r.status).to.equal(1);
    expect(r.stderr.trimEnd().split('\n')).to.have.length(1);
    expect(r.stderr).to.match(/^gotrace: .*\(at byte \d+\)\n$/);
  });

  it('a failure that is not a GotraceError: exit 3 and a request to report it', () => {
    // Inject a plain TypeError where the CLI writes its output (a --import hook patches stdout).
    const hook = join(dir, 'inject.mjs');
    writeFileSync(hook, "process.stdout.write = () => { throw new TypeError('injected failure (test)'); };\n");
    const r = spawnSync(process.execPath, ['--import', hook, GOTRACE_BIN, 'decode', join(TRACES, 'idle-go126.trace')], { encoding: 'utf8' });
    expect(r.status).to.equal(3);
    expect(r.stderr).to.contain('internal error').and.contain('injected failure (test)').and.match(/please report/i);
  });
});
