// Full ordered + validated decode of a big trace (what Go's x/exp/trace ReadEvent loop does),
// next to Go's reader on the same file in the same run.
//
//   node packages/decoder/bench/decode.bench.mjs [TRACE]     (or via `npm run bench`)
//
// TRACE defaults to $BENCH_TRACE. Go's numbers come from $GO_BENCH (scripts/out/bin/gobench).
// Each of our modes runs in a fresh child process so that its peak RSS is its own:
//   memory   the whole file read into one Uint8Array (once, untimed), then TraceReaderSync.scan (reused records)
//   stream   the file streamed in 1 MiB chunks through TraceReader.scan (memory bounded by a generation)
//   objects  as memory, but TraceReaderSync.readEvent: one Event object per event
//   iterate  `for await (const ev of await openTraceFile(trace))`: the plainest way to read a
//            file, one object and one awaited promise per event
// Reported: events/s and MB/s of the first (cold) and the best of RUNS runs, peak RSS, ratio to Go
// read the same way (in memory or streamed; Go also runs RUNS times: best compared with best).
// Peak RSS is reported twice: for a process that decodes the trace once (what `gotrace validate`
// or a script reading one file is), both sides in fresh processes, and for RUNS decodes in one
// process (a long-lived process: V8's young generation has grown by then, Go's heap has not).
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const self = fileURLToPath(import.meta.url);

async function child(mode, trace, runCount) {
  const dist = new URL('../dist/', import.meta.url);
  const { TraceReaderSync } = await import(new URL('reader.js', dist).href);
  const { openTraceFile } = await import(new URL('node.js', dist).href);
  const runs = [];
  // In-memory modes read the file once, untimed (their RSS includes it); stream mode reads it every run.
  let bytes;
  if (mode === 'memory' || mode === 'objects') {
    const buf = readFileSync(trace); // a Buffer is a Uint8Array: no copy
    bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
  }
  for (let i = 0; i < runCount; i++) {
    const t0 = process.hrtime.bigint();
    let n = 0;
    if (mode === 'memory' || mode === 'objects') {
      const r = new TraceReaderSync(bytes);
      if (mode === 'memory') n = r.scan(() => {});
      else for (let ev = r.readEvent(); ev !== null; ev = r.readEvent()) n++;
    } else if (mode === 'iterate') {
      for await (const ev of await openTraceFile(trace)) if (ev) n++;
    } else {
      const r = await openTraceFile(trace);
      n = await r.scan(() => {});
    }
    runs.push({ events: n, seconds: Number(process.hrtime.bigint() - t0) / 1e9 });
  }
  console.log(JSON.stringify({ runs, maxRSSBytes: process.resourceUsage().maxRSS * 1024 }));
}

function fmt(events, bytes, seconds) {
  return `${(events / seconds / 1e6).toFixed(2)} M events/s, ${(bytes / seconds / 1e6).toFixed(1)} MB/s`;
}

async function main() {
  if (process.argv[2] === '--child') return child(process.argv[3], process.argv[4], Number(process.argv[5] ?? RUNS));
  const trace = process.argv[2] ?? process.env.BENCH_TRACE;
  if (!trace) {
    console.log('decode.bench: no trace (pass a path or set BENCH_TRACE); skipped');
    return;
  }
  const bytes = statSync(trace).size;
  console.log(`trace: ${trace} (${(bytes / 1e6).toFixed(1)} MB)`);
  // Go runs the same way as ours: RUNS runs in one process, cold and best reported, ratios best to
  // best (and cold to cold); and like for like: Go reading the file held in memory is what our
  // in-memory modes are compared with (its peak RSS includes the file, as ours does), Go reading
  // it through a 1 MiB bufio.Reader what our streamed mode is compared with.
  const go = {};
  if (process.env.GO_BENCH) {
    for (const [mode, flags] of [['memory', ['-memory']], ['stream', []]]) {
      const r = spawnSync(process.env.GO_BENCH, ['-repeat', String(RUNS), ...flags, trace], { encoding: 'utf8' });
      if (r.status !== 0) {
        console.log(`go benchmark (${mode}) failed: ${r.stderr || r.stdout}`);
        continue;
      }
      const runs = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
      const best = runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
      go[mode] = { ...best, cold: runs[0], maxRSSBytes: Math.max(...runs.map((x) => x.maxRSSBytes)) };
      const g = go[mode];
      console.log(`go x/exp/trace ${mode.padEnd(7)}: best ${fmt(g.events, bytes, g.seconds)}; cold ${fmt(g.cold.events, bytes, g.cold.seconds)}; peak RSS ${(g.maxRSSBytes / 1e6).toFixed(0)} MB`);
    }
  } else console.log('go: GO_BENCH not set; Go comparison skipped');
  // The last row: in memory again, with V8's young generation capped at 4 MB per semi-space
  // (its default maximum is 16: it grows there as each generation's tables survive a few
  // collections). A flag any user can pass (node --max-semi-space-size=4, or NODE_OPTIONS).
  const rows = [
    { label: 'memory', mode: 'memory', flags: [] },
    { label: 'stream', mode: 'stream', flags: [] },
    { label: 'objects', mode: 'objects', flags: [] },
    { label: 'iterate', mode: 'iterate', flags: [] },
    { label: 'memory, --max-semi-space-size=4', mode: 'memory', flags: ['--max-semi-space-size=4'] },
  ];
  for (const { label, mode, flags } of rows) {
    const r = spawnSync(process.execPath, [...flags, self, '--child', mode, trace], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (r.status !== 0) {
      console.log(`${label}: failed\n${r.stderr}`);
      process.exitCode = 1;
      continue;
    }
    const res = JSON.parse(r.stdout.trim().split('\n').pop());
    const cold = res.runs[0];
    const best = res.runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
    const streamed = mode === 'stream' || mode === 'iterate';
    const g = go[streamed ? 'stream' : 'memory'];
    if (g && best.events !== g.events) console.log(`  WARNING: ${best.events} events, Go read ${g.events}`);
    const ratio = g
      ? `  vs Go ${streamed ? 'streamed' : 'in memory'}: ${((best.events / best.seconds) / (g.events / g.seconds)).toFixed(2)}× best to best (cold to cold ${((cold.events / cold.seconds) / (g.cold.events / g.cold.seconds)).toFixed(2)}×), peak RSS ${(res.maxRSSBytes / g.maxRSSBytes).toFixed(2)}×`
      : '';
    console.log(`gotrace ${label.padEnd(7)}: best ${fmt(best.events, bytes, best.seconds)}; cold ${fmt(cold.events, bytes, cold.seconds)}; peak RSS ${(res.maxRSSBytes / 1e6).toFixed(0)} MB`);
    if (ratio) console.log(ratio);
  }
  onceRSS(trace);
}

/**
 * Peak RSS of a process that decodes the trace once, ours and Go's, each in ONCE_PROCS fresh
 * processes (the highest peak of each side is reported: RSS varies a little from run to run).
 */
function onceRSS(trace) {
  const procs = Number(process.env.ONCE_PROCS ?? 2);
  console.log(`one decode per process (peak RSS, highest of ${procs} fresh processes each):`);
  for (const mode of ['memory', 'stream']) {
    let ours = 0;
    let go = 0;
    for (let i = 0; i < procs; i++) {
      const r = spawnSync(process.execPath, [self, '--child', mode, trace, '1'], { encoding: 'utf8', maxBuffer: 1 << 24 });
      if (r.status !== 0) {
        console.log(`  ${mode}: failed\n${r.stderr}`);
        process.exitCode = 1;
        return;
      }
      ours = Math.max(ours, JSON.parse(r.stdout.trim().split('\n').pop()).maxRSSBytes);
      if (process.env.GO_BENCH) {
        const g = spawnSync(process.env.GO_BENCH, ['-repeat', '1', ...(mode === 'memory' ? ['-memory'] : []), trace], { encoding: 'utf8' });
        if (g.status === 0) go = Math.max(go, JSON.parse(g.stdout.trim()).maxRSSBytes);
      }
    }
    const vs = go ? `; Go ${(go / 1e6).toFixed(0)} MB (${(ours / go).toFixed(2)}×)` : '';
    console.log(`  ${mode.padEnd(6)}: gotrace ${(ours / 1e6).toFixed(0)} MB${vs}`);
  }
}

await main();
