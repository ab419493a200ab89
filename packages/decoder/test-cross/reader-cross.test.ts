/**
 * Go-present cross-check of the ordered reader: our checker output against Go's
 * (scripts/out/bin/checker, x/exp/trace) on the same bytes, for
 *   - every fixture trace, Go conformance test (converted by Go's rawtext) and fuzz corpus entry,
 *   - seeded corrupted variants of each (truncations, flipped bytes, dropped/duplicated batches,
 *     swapped generations, wrong headers): same events, same verdict, same first error line,
 *   - fresh traces recorded on the spot by scripts/workload with the local Go.
 * Skips cleanly when `go` is not on PATH.
 *
 * Accepted divergences (counted and printed, not failures):
 *   - v1 headers (go 1.11/1.19/1.21): Go runs its legacy parser; we say "unsupported version";
 *   - tie order of more than 12 equal-time cursors in the fallback sort (Go's unstable pdqsort).
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { checkerOutput } from '../test/support/checker.js';
import { FIXTURES, ROOT, listFiles, readBytes, xexpTestdata } from '../test/support/corpus.js';
import { parseConformanceTest } from '../src/text/txtar.js';
import { variants } from '../test/support/corrupt.js';

const haveGo = spawnSync('go', ['version']).status === 0;
const BIN = join(ROOT, 'scripts/out/bin');

function goChecker(bytes: Uint8Array): string {
  const r = spawnSync(join(BIN, 'checker'), ['-'], { input: bytes, env: { ...process.env, TZ: 'UTC' }, maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`checker failed: ${r.stderr}`);
  return r.stdout.toString('utf8');
}

/** Keeps only the first line of an error verdict (Go's deadlock dump lists hash maps). */
function normalize(out: string): string {
  const i = out.lastIndexOf('\nERROR: ');
  const j = out.startsWith('ERROR: ') ? 0 : i < 0 ? -1 : i + 1;
  if (j < 0) return out;
  return out.slice(0, j) + out.slice(j).split('\n')[0] + '\n';
}

type Verdict = 'same' | 'v1-header' | 'tie-order' | 'differs';

function compare(bytes: Uint8Array): { verdict: Verdict; detail: string } {
  const want = normalize(goChecker(bytes));
  const got = normalize(checkerOutput(bytes));
  if (got === want) return { verdict: 'same', detail: '' };
  const head = new TextDecoder().decode(bytes.subarray(0, 8));
  if (/^go 1\.(11|19|21) /.test(head)) return { verdict: 'v1-header', detail: '' };
  const g = got.split('\n');
  const w = want.split('\n');
  let i = 0;
  while (i < g.length && g[i] === w[i]) i++;
  const time = (s: string | undefined): string | undefined => /Time=(\d+)/.exec(s ?? '')?.[1];
  const detail = `line ${i + 1}\n    want ${JSON.stringify(w[i])}\n    got  ${JSON.stringify(g[i])}`;
  if (time(g[i]) !== undefined && time(g[i]) === time(w[i])) return { verdict: 'tie-order', detail };
  return { verdict: 'differs', detail };
}

function corpus(): { name: string; bytes: Uint8Array }[] {
  const out: { name: string; bytes: Uint8Array }[] = [];
  for (const f of listFiles(join(FIXTURES, 'traces'), '.trace')) out.push({ name: basename(f), bytes: readBytes(f) });
  const x = xexpTestdata();
  if (x) {
    for (const f of listFiles(join(x, 'tests'), '.test')) {
      const text = parseConformanceTest(readFileSync(f, 'utf8')).trace;
      const r = spawnSync(join(BIN, 'rawtext'), ['text2bytes'], { input: text, maxBuffer: 1 << 28 });
      if (r.status === 0) out.push({ name: basename(f), bytes: new Uint8Array(r.stdout) });
    }
    const fuzzDir = join(x, 'fuzz', 'FuzzReader');
    if (existsSync(fuzzDir)) {
      for (const f of readdirSync(fuzzDir)) {
        const r = spawnSync(join(BIN, 'fuzzcorpus'), [join(fuzzDir, f)], { maxBuffer: 1 << 28 });
        if (r.status === 0) out.push({ name: `fuzz/${f}`, bytes: new Uint8Array(r.stdout) });
      }
    }
  }
  for (const f of listFiles(join(FIXTURES, 'go-conformance', 'fuzz-bin'), '.trace')) out.push({ name: `fuzz-bin/${basename(f)}`, bytes: readBytes(f) });
  return out;
}

(haveGo ? describe : describe.skip)('cross-check with Go: ordered reader', function () {
  this.timeout(1_200_000);
  let traces: { name: string; bytes: Uint8Array }[] = [];

  before(() => {
    const b = spawnSync('bash', [join(ROOT, 'scripts/build-oracle.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (b.status !== 0) throw new Error('scripts/build-oracle.sh failed');
    traces = corpus();
  });

  it('every corpus trace: identical dump and verdict', () => {
    const bad: string[] = [];
    const accepted: string[] = [];
    for (const t of traces) {
      const c = compare(t.bytes);
      if (c.verdict === 'differs') bad.push(`${t.name}: ${c.detail}`);
      else if (c.verdict !== 'same') accepted.push(`${t.name}: ${c.verdict}`);
    }
    if (accepted.length) console.log(`    accepted divergences: ${accepted.join('; ')}`);
    expect(traces.length).to.be.greaterThan(0);
    expect(bad, bad.join('\n')).to.deep.equal([]);
  });

  it('corrupted variants: same events, verdict and first error line', () => {
    const bad: string[] = [];
    const counts: Record<Verdict, number> = { same: 0, 'v1-header': 0, 'tie-order': 0, differs: 0 };
    for (const t of traces) {
      let seed = 7;
      for (const ch of t.name) seed = (seed * 31 + ch.charCodeAt(0)) >>> 0;
      for (const v of variants(t.bytes, seed, 12)) {
        const c = compare(v.bytes);
        counts[c.verdict]++;
        if (c.verdict === 'differs') bad.push(`${t.name} ${v.name}: ${c.detail}`);
        else if (c.verdict === 'tie-order') console.log(`    tie-order divergence: ${t.name} ${v.name}: ${c.detail}`);
      }
    }
    console.log(`    variants: ${JSON.stringify(counts)}`);
    expect(bad, bad.slice(0, 20).join('\n')).to.deep.equal([]);
  });

  it('fresh traces from scripts/workload (local Go): identical dumps', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gotrace-cross-'));
    try {
      const list = spawnSync('go', ['run', '.', '-list'], { cwd: join(ROOT, 'scripts/workload'), encoding: 'utf8', env: { ...process.env, GOFLAGS: '-buildvcs=false' } });
      const scenarios = ['mixed', 'annotations', 'cpu', 'big'].filter((s) => list.stdout.includes(s));
      if (scenarios.length === 0) scenarios.push('mixed');
      for (const s of scenarios) {
        const out = join(dir, `${s}.trace`);
        // "big" runs until the trace has this many MB: a few million events, many generations.
        const extra = s === 'big' ? ['-mb', '4'] : [];
        const r = spawnSync('go', ['run', '.', '-out', out, '-scenario', s, ...extra], {
          cwd: join(ROOT, 'scripts/workload'),
          env: { ...process.env, GOFLAGS: '-buildvcs=false', GODEBUG: 'traceadvanceperiod=20000000' },
          stdio: ['ignore', 'ignore', 'inherit'],
        });
        if (r.status !== 0) throw new Error(`workload ${s} failed`);
        const c = compare(readBytes(out));
        expect(c.verdict, `${s}: ${c.detail}`).to.be.oneOf(['same', 'tie-order']);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
