/**
 * Differential fuzzing against Go (issue 6): random structure-aware mutations of the real fixture
 * traces (scripts/fuzz/lib.mjs: bytes, batches, generations, varints, header versions, splices)
 * plus the decoder's seeded corrupted variants (packages/decoder/test/support/corrupt.ts), read
 * by Go's x/exp/trace (scripts/fuzz/gochecker: many files per process) and by our ordered
 * reader. Same verdict (accept/reject) and, on accept, the same events (every String() line);
 * the first error line is compared too and reported as a rate.
 *
 * Size: GOTRACE_FUZZ_DIFF_N mutations (default 2,000 in CI; the 10,000-input run is recorded in
 * docs/fuzzing.md), seed GOTRACE_FUZZ_DIFF_SEED (default 6). Skips when `go` is missing.
 *
 * Explained divergences (docs/fuzzing.md) are counted apart and do not fail the test:
 *   - v1 headers (go 1.11/1.19/1.21): Go runs its legacy v1 parser; we report "unsupported";
 *   - tie order of equal-time cursors in Go's unstable fallback sort;
 *   - Go panics (x/exp's Event.Sync() on an unknown experiment ID): no Go verdict to compare.
 */
import { expect } from 'chai';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { iterateBatches } from '@gotrace/decoder';
import { checkerOutput } from '../../decoder/test/support/checker.js';
import { variants } from '../../decoder/test/support/corrupt.js';
import { loadCorpus, ROOT } from '../../../scripts/fuzz/corpus.mjs';
import { mutatedFixture, type MutationContext } from '../../../scripts/fuzz/lib.mjs';

const haveGo = spawnSync('go', ['version']).status === 0;
const BIN = join(ROOT, 'scripts/out/bin');
const N = Number(process.env.GOTRACE_FUZZ_DIFF_N ?? 2000);
const SEED = Number(process.env.GOTRACE_FUZZ_DIFF_SEED ?? 6);

/** Keeps only the first line of an error verdict (Go's deadlock dump lists hash maps). */
function normalize(out: string): string {
  const i = out.lastIndexOf('\nERROR: ');
  const j = out.startsWith('ERROR: ') ? 0 : i < 0 ? -1 : i + 1;
  if (j < 0) return out;
  return out.slice(0, j) + out.slice(j).split('\n')[0] + '\n';
}

const verdictLine = (out: string): string => {
  const lines = out.trimEnd().split('\n');
  return lines[lines.length - 1] ?? '';
};

/** Runs gochecker on files in `jobs` parallel processes; returns each file's output. */
async function goOutputs(files: string[], jobs: number): Promise<string[]> {
  const per = Math.ceil(files.length / jobs);
  const parts = await Promise.all(
    Array.from({ length: jobs }, (_, k) => files.slice(k * per, (k + 1) * per)).map(
      (list) =>
        new Promise<Map<string, string>>((resolve, reject) => {
          if (!list.length) return resolve(new Map());
          const p = spawn(join(BIN, 'fuzzchecker'), [], { env: { ...process.env, TZ: 'UTC' } });
          const chunks: Buffer[] = [];
          p.stdout.on('data', (c: Buffer) => chunks.push(c));
          p.stderr.on('data', (c: Buffer) => process.stderr.write(c));
          p.on('error', reject);
          p.on('close', (code) => {
            if (code !== 0) return reject(new Error(`fuzzchecker exited with ${code}`));
            const m = new Map<string, string>();
            const text = Buffer.concat(chunks).toString('utf8');
            for (const block of text.split(/^=== /m).slice(1)) {
              const nl = block.indexOf('\n');
              m.set(block.slice(0, nl), block.slice(nl + 1));
            }
            resolve(m);
          });
          p.stdin.end(list.join('\n') + '\n');
        }),
    ),
  );
  const all = new Map<string, string>();
  for (const m of parts) for (const [k, v] of m) all.set(k, v);
  return files.map((f) => all.get(f) ?? 'MISSING\n');
}

(haveGo ? describe : describe.skip)('cross-check with Go: fuzz differential (mutated real traces)', function () {
  this.timeout(3_600_000);
  let dir = '';

  before(() => {
    const b = spawnSync('bash', [join(ROOT, 'scripts/build-oracle.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (b.status !== 0) throw new Error('scripts/build-oracle.sh failed');
    const g = spawnSync('go', ['build', '-o', join(BIN, 'fuzzchecker'), './fuzz/gochecker'], {
      cwd: join(ROOT, 'scripts'),
      env: { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '-buildvcs=false' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (g.status !== 0) throw new Error('building scripts/fuzz/gochecker failed');
    dir = mkdtempSync(join(tmpdir(), 'gotrace-fuzzdiff-'));
  });
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it(`${N} mutations + corrupted variants: same verdict and events as Go on >= 99.9%`, async () => {
    const corpus = loadCorpus();
    const ctx: MutationContext = { iterateBatches, fixtures: corpus.binaries.map((b) => b.bytes) };
    // The decoder's corrupted variants of each fixture, then N random mutations (made per block).
    const fixed: { name: string; bytes: Uint8Array }[] = [];
    corpus.binaries.forEach((b, k) => {
      for (const v of variants(b.bytes, SEED * 1000 + k, 12)) fixed.push({ name: `${b.name}:${v.name}`, bytes: v.bytes });
    });
    const total = fixed.length + N;
    const inputAt = (i: number): { name: string; bytes: Uint8Array } => (i < fixed.length ? fixed[i]! : mutatedFixture(corpus, ctx, SEED, i - fixed.length));
    const counts = { total, same: 0, sameVerdict: 0, sameFirstError: 0, rejectedByBoth: 0, acceptedByBoth: 0, v1Header: 0, tieOrder: 0, goPanics: 0 };
    const bad: string[] = [];
    const t0 = performance.now();
    // Blocks of inputs: Go's outputs and ours for accepted traces are large (every event printed).
    const BLOCK = 400;
    for (let from = 0; from < total; from += BLOCK) {
      const block = Array.from({ length: Math.min(BLOCK, total - from) }, (_, k) => inputAt(from + k));
      const files = block.map((inp, k) => {
        const f = join(dir, `${from + k}.trace`);
        writeFileSync(f, inp.bytes);
        return f;
      });
      const goPromise = goOutputs(files, 2);
      const ours: string[] = [];
      for (const inp of block) {
        ours.push(checkerOutput(inp.bytes));
        if (ours.length % 50 === 0) await new Promise((r) => setImmediate(r)); // let Go's output drain
      }
      const goOut = await goPromise;
      for (const f of files) rmSync(f);
      block.forEach((inp, k) => {
        const i = from + k;
        const want = normalize(goOut[k]!);
        const got = normalize(ours[k]!);
        const wv = verdictLine(want);
        const gv = verdictLine(got);
        const save = (): void => {
          const out = process.env.GOTRACE_FUZZ_DIFF_SAVE;
          if (!out) return;
          writeFileSync(join(out, `go-${i}.bin`), inp.bytes);
          writeFileSync(join(out, `go-${i}.go.txt`), want);
          writeFileSync(join(out, `go-${i}.ours.txt`), got);
        };
        if (wv.startsWith('PANIC')) {
          // Go's reader (or its String()) panicked: an x/exp bug with no verdict to compare
          // (docs/fuzzing.md); counted apart as explained, whatever we say.
          counts.goPanics++;
          save();
          return;
        }
        const wOk = wv.startsWith('OK');
        const gOk = gv.startsWith('OK');
        if (wOk === gOk) counts.sameVerdict++;
        if (!wOk && !gOk) {
          counts.rejectedByBoth++;
          if (wv === gv) counts.sameFirstError++;
        }
        if (wOk && gOk) counts.acceptedByBoth++;
        const head = new TextDecoder().decode(inp.bytes.subarray(0, 8));
        if (wOk === gOk && (!wOk || want === got)) {
          counts.same++;
          return;
        }
        save();
        if (/^go 1\.(11|19|21) /.test(head)) {
          counts.v1Header++;
          return;
        }
        const g = got.split('\n');
        const w = want.split('\n');
        let l = 0;
        while (l < g.length && g[l] === w[l]) l++;
        const time = (s: string | undefined): string | undefined => /Time=(\d+)/.exec(s ?? '')?.[1];
        if (wOk && gOk && time(g[l]) !== undefined && time(g[l]) === time(w[l])) {
          counts.tieOrder++;
          return;
        }
        bad.push(`${inp.name} (input ${i}): line ${l + 1}\n    go   ${JSON.stringify(w[l])}\n    ours ${JSON.stringify(g[l])}`);
      });
    }
    const seconds = (performance.now() - t0) / 1000;
    const agree = counts.same + counts.v1Header + counts.tieOrder + counts.goPanics;
    const rate = agree / counts.total;
    console.log(
      `    ${counts.total} inputs (seed ${SEED}) in ${seconds.toFixed(1)} s: same verdict ${counts.sameVerdict}, ` +
        `same verdict+events ${counts.same}, explained ${counts.v1Header} v1-header + ${counts.tieOrder} tie-order + ${counts.goPanics} Go panics, ` +
        `differ ${bad.length} → agreement ${(rate * 100).toFixed(3)}%; accepted by both ${counts.acceptedByBoth}, ` +
        `rejected by both ${counts.rejectedByBoth} (same first error line ${counts.sameFirstError}); strict agreement (explained cases counted as disagreements) ${((counts.same / counts.total) * 100).toFixed(3)}%`,
    );
    if (bad.length) console.log(`    disagreements:\n    ${bad.slice(0, 30).join('\n    ')}`);
    expect(rate, bad.slice(0, 10).join('\n')).to.be.at.least(0.999);
  });
});
