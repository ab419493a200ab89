// Wire-level throughput: the flat scan (every raw event, args decoded), batch framing, and
// re-encoding, on a big real trace, beside Go's raw reader (x/exp trace/internal/raw) on the same
// file in the same run. Usage: node wire.bench.mjs TRACE [GO_RAWBENCH_BINARY]
import { readFileSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { rawCursor, iterateBatches, decodeRaw } from '../dist/wire/index.js';

const file = process.argv[2] ?? process.env.BENCH_TRACE;
if (!file || !existsSync(file)) {
  console.log('wire bench: no trace given (set BENCH_TRACE or pass a path); skipped');
  process.exit(0);
}
const goBin = process.argv[3] ?? process.env.GO_RAWBENCH;
const bytes = new Uint8Array(readFileSync(file));
const MB = bytes.length / 1e6;

function best(runs, f) {
  let bestMs = Infinity;
  let result;
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    result = f();
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (ms < bestMs) bestMs = ms;
  }
  return { ms: bestMs, result };
}

function scan() {
  const c = rawCursor(bytes);
  let n = 0;
  while (c.step(true) === 0) n++;
  return n;
}

function batches() {
  let n = 0;
  for (const _ of iterateBatches(bytes)) n++;
  return n;
}

const rows = [];
const s = best(5, scan);
const events = s.result;
rows.push({ what: 'flat scan (RawCursor, zero-alloc)', ms: s.ms, events });
const b = best(5, batches);
rows.push({ what: `batch framing (${b.result} records)`, ms: b.ms, events });
const m = best(2, () => decodeRaw(bytes).events.length);
rows.push({ what: 'decodeRaw (event objects)', ms: m.ms, events });

let encodeRow;
try {
  const { RawEncoder } = await import('../../encoder/dist/wire-writer.js');
  const raw = decodeRaw(bytes);
  const e = best(3, () => {
    const enc = new RawEncoder(raw.version);
    for (const ev of raw.events) enc.write(ev);
    return enc.take().length;
  });
  encodeRow = { what: 'encode (RawEncoder, objects → bytes)', ms: e.ms, events };
  rows.push(encodeRow);
} catch (err) {
  console.log(`(encoder not built: ${err.message})`);
}

let go;
if (goBin && existsSync(goBin)) {
  // Best of 5 runs in one process, like the scan above.
  const runs = execFileSync(goBin, [file, '5']).toString().trim().split('\n').map((l) => JSON.parse(l));
  go = runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  rows.push({ what: 'Go x/exp raw reader (same file)', ms: go.seconds * 1000, events: go.events });
}

console.log(`\nwire-level bench on ${file} (${MB.toFixed(1)} MB, ${events} raw events)`);
console.log('what'.padEnd(44), 'MB/s'.padStart(9), 'Mevents/s'.padStart(10), 'vs Go'.padStart(7));
for (const r of rows) {
  const mbs = MB / (r.ms / 1000);
  const evs = r.events / (r.ms / 1000) / 1e6;
  const ratio = go ? (go.seconds * 1000) / r.ms : NaN;
  console.log(r.what.padEnd(44), mbs.toFixed(1).padStart(9), evs.toFixed(2).padStart(10), (isNaN(ratio) ? '-' : ratio.toFixed(2) + '×').padStart(7));
}
const scanMBs = MB / (s.ms / 1000);
console.log(`target: flat scan ≥ 200 MB/s → ${scanMBs.toFixed(1)} MB/s ${scanMBs >= 200 ? 'PASS' : 'MISS'}`);
if (go) console.log(`Go raw reader: ${(MB / go.seconds).toFixed(1)} MB/s, peak RSS ${(go.maxRSSBytes / 1e6).toFixed(0)} MB`);
