// Encoder benchmarks (plain ESM over the built package: run `npx tsc -b` first).
//   node packages/encoder/bench/encode.bench.mjs [--json]
// 1. Raw event writing (RawEncoder: flat raw events → bytes): events/s and MB/s, target ≥ 20 M events/s.
// 2. TraceWriter in strict mode (the full producer path: checks, sequence numbers, statuses,
//    stack/string interning, batching): events/s and MB/s, target ≥ 5 M events/s.
// 3. With a big trace and Go: `gotrace encode` (text → binary) and `gotrace decode` (binary →
//    text) beside Go's raw text tool.
import { RawEncoder, TraceWriter } from '../dist/index.js';
import { decodeRaw, iterateRaw, readHeader } from '@gotrace/decoder';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const json = process.argv.includes('--json');
const results = [];

function measure(name, target, fn) {
  fn(); // warm-up
  let best = { eps: 0, mbps: 0 };
  for (let i = 0; i < 5; i++) {
    const t0 = process.hrtime.bigint();
    const { events, bytes } = fn();
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    const r = { eps: events / s, mbps: bytes / s / 1e6 };
    if (r.eps > best.eps) best = r;
  }
  const pass = best.eps >= target;
  results.push({ name, eventsPerSec: Math.round(best.eps), mbPerSec: +best.mbps.toFixed(1), target, pass });
  if (!json) {
    console.log(`${pass ? 'PASS' : 'MISS'}  ${name.padEnd(34)} ${(best.eps / 1e6).toFixed(2).padStart(7)} M events/s  ${best.mbps.toFixed(1).padStart(7)} MB/s   (target ≥ ${target / 1e6} M events/s)`);
  }
}

// A TraceWriter run: a scheduler-like loop over 4 threads and 64 goroutines with stacks.
function writerRun(n, strict) {
  const w = new TraceWriter({ version: 26, frequency: 1_000_000_000, strict, generationPeriod: 50_000_000 });
  const threads = 4;
  const G = 64;
  const stacks = [];
  for (let i = 0; i < 16; i++) stacks.push([{ pc: 0x401000 + i * 16, func: `main.f${i}`, file: 'main.go', line: i + 1 }, { pc: 0x402000, func: 'main.main', file: 'main.go', line: 99 }]);
  for (let p = 0; p < threads; p++) w.declareProc(p, 'running', 100 + p);
  for (let g = 1; g <= G; g++) w.declareGoroutine(g, 'waiting');
  const tw = [];
  for (let p = 0; p < threads; p++) tw.push(w.thread(100 + p));
  let t = 1000;
  let events = 0;
  let g = 1;
  while (events < n) {
    for (let p = 0; p < threads; p++) {
      const th = tw[p];
      th.at(t += 3).goUnblock(g, stacks[g & 15]);
      th.at(t += 3).goStart(g);
      th.at(t += 3).heapAlloc(t);
      th.at(t += 3).goBlock('chan receive', stacks[(g + 3) & 15]);
      events += 4;
      g = g === G ? 1 : g + 1;
    }
  }
  const bytes = w.finish();
  return { events, bytes: bytes.length, trace: bytes };
}

// Raw events from a writer run (flat view, batch headers included).
const sample = decodeRaw(writerRun(500_000, true).trace);
const rawEvents = sample.events;
measure('raw event writing (RawEncoder)', 20e6, () => {
  const enc = new RawEncoder(26, { batchLength: 'preserve' });
  let bytes = 0;
  for (let rep = 0; rep < 4; rep++) {
    for (let i = 0; i < rawEvents.length; i++) enc.write(rawEvents[i]);
    bytes += enc.take().length;
  }
  return { events: rawEvents.length * 4, bytes };
});

// With `npm run bench`: the raw events of a real runtime trace (BENCH_TRACE, first 3 M events).
const big = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? process.env.BENCH_TRACE;
if (big) {
  const bytes = readFileSync(big);
  const evs = [];
  let version;
  for (const ev of iterateRaw(bytes)) {
    evs.push(ev);
    if (evs.length >= 3_000_000) break;
  }
  version = readHeader(bytes).version;
  measure(`raw re-encoding of ${big.split('/').pop()}`, 20e6, () => {
    const enc = new RawEncoder(version, { batchLength: 'preserve' });
    for (let i = 0; i < evs.length; i++) enc.write(evs[i]);
    return { events: evs.length, bytes: enc.take().length };
  });
}

measure('TraceWriter, strict mode', 5e6, () => writerRun(2_000_000, true));
measure('TraceWriter, strict mode off', 5e6, () => writerRun(2_000_000, false));

// With `npm run bench` and Go: the CLI's main job, text → binary, on the big trace's raw text
// (written once by Go's raw text tool), beside Go's own text2bytes on the same file, and the
// way back beside bytes2text. Each side runs in its own process, RUNS times; best against best.
const rawtext = process.env.GO_RAWTEXT;
if (big && rawtext && existsSync(rawtext)) {
  const dir = mkdtempSync(join(tmpdir(), 'gotrace-bench-'));
  try {
    const txt = join(dir, 'big.txt');
    const made = withFds([big, 'r'], [txt, 'w'], (input, output) => spawnSync(rawtext, ['bytes2text'], { stdio: [input, output, 'inherit'] }));
    if (made.status === 0) {
      const mb = statSync(txt).size / 1e6;
      const cli = fileURLToPath(new URL('../bin/gotrace.js', import.meta.url));
      const RUNS = Number(process.env.BENCH_RUNS ?? 3);
      /** Seconds of a command's run, its input (if any) on stdin. */
      const time = (cmd, args, stdin) => {
        const run = (fd) => {
          const t0 = process.hrtime.bigint();
          const r = spawnSync(cmd, args, { stdio: [fd, 'ignore', 'inherit'] });
          if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed`);
          return Number(process.hrtime.bigint() - t0) / 1e9;
        };
        return stdin === undefined ? run('ignore') : withFds([stdin, 'r'], run);
      };
      /** Our command beside Go's, RUNS times each, best against best. */
      const versusGo = (name, goName, ours, go, goStdin) => {
        let o = Infinity;
        let g = Infinity;
        for (let i = 0; i < RUNS; i++) {
          o = Math.min(o, time(process.execPath, [cli, ...ours]));
          g = Math.min(g, time(rawtext, go, goStdin));
        }
        if (!json) {
          console.log(`      ${name} (${mb.toFixed(0)} MB of text)  ${o.toFixed(2)} s, ${(mb / o).toFixed(0)} MB/s   Go ${goName} ${g.toFixed(2)} s (${(g / o).toFixed(2)}× Go's speed)`);
        }
        results.push({ name, seconds: +o.toFixed(2), goSeconds: +g.toFixed(2), ratioToGo: +(g / o).toFixed(2) });
      };
      versusGo('gotrace encode, text → binary', 'text2bytes', ['encode', txt, '-o', join(dir, 'ours.bin'), '-f'], ['text2bytes'], txt);
      versusGo('gotrace decode, binary → text', 'bytes2text', ['decode', big, '-o', join(dir, 'ours.txt'), '-f'], ['bytes2text'], big);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs f with the files opened as given ([path, flags] each), closing them afterwards. */
function withFds(...args) {
  const f = args.pop();
  const fds = [];
  try {
    for (const [path, flags] of args) fds.push(openSync(path, flags));
    return f(...fds);
  } finally {
    for (const fd of fds) closeSync(fd);
  }
}

if (json) console.log(JSON.stringify(results, null, 2));
