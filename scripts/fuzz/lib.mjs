/**
 * The fuzzer's core, shared by scripts/fuzz/run.mjs (long runs, hang detection in a worker), the
 * short seeded run inside `npm test` and the Go differential check.
 *
 * - Inputs: structure-aware mutations of real fixtures (bytes, batches, generations, varints,
 *   header versions, splices between traces), mutated/random raw text, mutated/random JSON
 *   scenarios. Deterministic: input i of seed s is always the same bytes.
 * - Targets: every reader we have, on the same input, with consistency checks between them
 *   (sync vs chunked async, flat vs framed, binary → text → binary). The reader modules are passed
 *   in (`makeTargets(mods)`) so the harness works on the built packages and under tsx alike.
 * - Outcome of one input: `ok`, or a problem `{ kind: 'crash' | 'disagreement', target, detail }`
 *   (crash = an exception that is not a GotraceError). Hangs are detected by the caller.
 */

// ---------------------------------------------------------------------------------------------
// Deterministic randomness

/** xorshift128+-ish over 32-bit halves: fast, deterministic, good enough for mutations. */
export function prng(seed) {
  let a = (seed >>> 0) ^ 0x9e3779b9;
  let b = Math.imul(seed >>> 0, 0x85ebca6b) ^ 0xc2b2ae35;
  if (a === 0 && b === 0) a = 1;
  const next = () => {
    let t = a;
    const s = b;
    a = s;
    t ^= t << 23;
    t ^= t >>> 17;
    t ^= s ^ (s >>> 26);
    b = t;
    return ((a + b) >>> 0) / 4294967296;
  };
  for (let i = 0; i < 8; i++) next();
  const r = {
    float: next,
    int: (n) => Math.floor(next() * n),
    pick: (xs) => xs[Math.floor(next() * xs.length)],
    chance: (p) => next() < p,
  };
  return r;
}

/** Seed of input i of a run (mixing so neighbouring inputs are unrelated). */
export function inputSeed(runSeed, i) {
  let h = Math.imul(runSeed ^ 0x27d4eb2d, 0x165667b1) ^ Math.imul(i + 1, 0x9e3779b1);
  h ^= h >>> 15;
  h = Math.imul(h, 0x85ebca77);
  h ^= h >>> 13;
  return h >>> 0;
}

/** FNV-1a 64-bit (two 32-bit lanes) as hex: names regression files by content. */
export function hashBytes(bytes) {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ bytes.length;
  for (let i = 0; i < bytes.length; i++) {
    h1 = Math.imul(h1 ^ bytes[i], 0x01000193);
    h2 = Math.imul(h2 ^ bytes[i] ^ (h1 >>> 7), 0x5bd1e995);
  }
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}

function concat(parts) {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function uvarint(v, width = 0) {
  const out = [];
  let x = BigInt(v);
  do {
    let b = Number(x & 0x7fn);
    x >>= 7n;
    if (x !== 0n || out.length + 1 < width) b |= 0x80;
    out.push(b);
  } while (x !== 0n || out.length < width);
  return Uint8Array.from(out);
}

// ---------------------------------------------------------------------------------------------
// Structure of a trace (found with our own batch framing; empty when the framing is broken)

/** Top-level records as spans: { header, spans: [{start, end, gen, sizeAt, sizeWidth}] }. */
export function traceSpans(iterateBatches, bytes) {
  const spans = [];
  let header = 16;
  try {
    let first = true;
    for (const rec of iterateBatches(bytes)) {
      if (first) header = rec.offset;
      first = false;
      if (rec.kind === 'batch') {
        const end = rec.dataOffset + rec.data.length;
        spans.push({ start: rec.offset, end, gen: String(rec.gen), sizeAt: rec.dataOffset - rec.lengthWidth, sizeWidth: rec.lengthWidth });
      } else {
        spans.push({ start: rec.offset, end: rec.offset + 1, gen: 'eog', sizeAt: -1, sizeWidth: 0 });
      }
    }
  } catch {
    /* keep what framed */
  }
  return { header, spans };
}

function generations(spans) {
  const gens = [];
  let cur = [];
  let curGen = '';
  spans.forEach((s, i) => {
    if (s.gen !== 'eog' && s.gen !== curGen && cur.length) {
      gens.push(cur);
      cur = [];
    }
    if (s.gen !== 'eog') curGen = s.gen;
    cur.push(i);
  });
  if (cur.length) gens.push(cur);
  return gens;
}

// ---------------------------------------------------------------------------------------------
// Binary mutations

const te = new TextEncoder();
const wellFormed = new TextDecoder('utf-8', { ignoreBOM: true });
const HEADER_VERSIONS = [22, 23, 25, 26, 22, 23, 25, 26, 24, 21, 19, 11, 27, 99, 0, 122];
const INTERESTING_BYTES = [0x00, 0x01, 0x02, 0x30, 0x31, 0x32, 0x33, 0x34, 0x7f, 0x80, 0xff, 0x81, 0x01];

/**
 * One structure-aware binary mutation of `bytes` (which may already be mutated). `ctx` supplies
 * the batch framing and other fixtures for splicing. Returns [name, newBytes].
 */
export function mutateBinaryOnce(r, bytes, ctx) {
  const n = bytes.length;
  const pos = () => (n <= 16 ? r.int(n + 1) : 16 + r.int(n - 16 + 1));
  const op = r.int(22);
  switch (op) {
    case 0: case 1: { // flip a bit
      if (n === 0) return ['noop', bytes];
      const b = bytes.slice();
      const at = Math.min(pos(), n - 1);
      b[at] ^= 1 << r.int(8);
      return [`flip@${at}`, b];
    }
    case 2: { // set an interesting byte
      if (n === 0) return ['noop', bytes];
      const b = bytes.slice();
      const at = Math.min(pos(), n - 1);
      b[at] = r.chance(0.5) ? r.pick(INTERESTING_BYTES) : r.int(256);
      return [`set@${at}`, b];
    }
    case 3: { // insert random bytes
      const at = pos();
      const len = 1 + r.int(r.chance(0.8) ? 4 : 64);
      const ins = new Uint8Array(len);
      for (let i = 0; i < len; i++) ins[i] = r.chance(0.3) ? r.pick(INTERESTING_BYTES) : r.int(256);
      return [`insert@${at}+${len}`, concat([bytes.subarray(0, at), ins, bytes.subarray(at)])];
    }
    case 4: { // delete a range
      const at = pos();
      const len = 1 + r.int(r.chance(0.7) ? 4 : 256);
      return [`delete@${at}-${len}`, concat([bytes.subarray(0, at), bytes.subarray(Math.min(n, at + len))])];
    }
    case 5: { // duplicate a range
      const at = pos();
      const len = 1 + r.int(64);
      const seg = bytes.subarray(at, Math.min(n, at + len));
      return [`dup@${at}+${seg.length}`, concat([bytes.subarray(0, at + seg.length), seg, bytes.subarray(at + seg.length)])];
    }
    case 6: { // swap two bytes
      if (n < 2) return ['noop', bytes];
      const b = bytes.slice();
      const i = Math.min(pos(), n - 1);
      const j = Math.min(pos(), n - 1);
      const t = b[i];
      b[i] = b[j];
      b[j] = t;
      return [`swap@${i},${j}`, b];
    }
    case 7: { // truncate
      const at = r.chance(0.5) ? pos() : Math.max(0, n - 1 - r.int(8));
      return [`truncate@${at}`, bytes.slice(0, at)];
    }
    case 8: case 9: case 10: { // batch level: drop, duplicate, swap, move
      const { header, spans } = traceSpans(ctx.iterateBatches, bytes);
      if (spans.length < 2) return mutateBinaryOnce(r, bytes, ctx);
      const head = bytes.subarray(0, header);
      const parts = spans.map((s) => bytes.subarray(s.start, s.end));
      const tail = bytes.subarray(spans[spans.length - 1].end);
      const k = r.int(parts.length);
      const what = r.int(4);
      if (what === 0) return [`drop-batch-${k}`, concat([head, ...parts.slice(0, k), ...parts.slice(k + 1), tail])];
      if (what === 1) return [`dup-batch-${k}`, concat([head, ...parts.slice(0, k + 1), ...parts.slice(k), tail])];
      const j = r.int(parts.length);
      const ps = parts.slice();
      if (what === 2) {
        [ps[k], ps[j]] = [ps[j], ps[k]];
        return [`swap-batches-${k},${j}`, concat([head, ...ps, tail])];
      }
      const [moved] = ps.splice(k, 1);
      ps.splice(j, 0, moved);
      return [`move-batch-${k}-to-${j}`, concat([head, ...ps, tail])];
    }
    case 11: case 12: { // generation level: swap, drop, duplicate, cut after
      const { header, spans } = traceSpans(ctx.iterateBatches, bytes);
      const gens = generations(spans);
      if (gens.length < 1 || spans.length < 2) return mutateBinaryOnce(r, bytes, ctx);
      const head = bytes.subarray(0, header);
      const parts = spans.map((s) => bytes.subarray(s.start, s.end));
      const tail = bytes.subarray(spans[spans.length - 1].end);
      const k = r.int(gens.length);
      const what = r.int(4);
      const flat = (gs) => gs.flat().map((i) => parts[i]);
      if (what === 0 && gens.length >= 2) {
        const j = r.int(gens.length);
        const gs = gens.slice();
        [gs[k], gs[j]] = [gs[j], gs[k]];
        return [`swap-gens-${k},${j}`, concat([head, ...flat(gs), tail])];
      }
      if (what === 1) return [`drop-gen-${k}`, concat([head, ...flat([...gens.slice(0, k), ...gens.slice(k + 1)]), tail])];
      if (what === 2) return [`dup-gen-${k}`, concat([head, ...flat([...gens.slice(0, k + 1), ...gens.slice(k)]), tail])];
      return [`cut-after-gen-${k}`, concat([head, ...flat(gens.slice(0, k + 1))])];
    }
    case 13: case 14: { // break a varint: a batch size field, or any varint-looking byte
      const { spans } = traceSpans(ctx.iterateBatches, bytes);
      const bs = spans.filter((s) => s.sizeAt >= 0);
      if (bs.length && r.chance(0.6)) {
        const s = r.pick(bs);
        const size = s.end - s.sizeAt - s.sizeWidth;
        const choice = r.int(6);
        let field;
        if (choice === 0) field = uvarint(65537 + r.int(1 << 20), s.sizeWidth);
        else if (choice === 1) field = uvarint(2n ** 64n - 1n);
        else if (choice === 2) field = Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]); // overflow
        else if (choice === 3) field = uvarint(Math.max(0, size + r.int(17) - 8), s.sizeWidth);
        else if (choice === 4) field = uvarint(size, 1 + r.int(10));
        else field = uvarint(r.chance(0.5) ? 0 : 65536, s.sizeWidth);
        return [`batch-size@${s.sizeAt}`, concat([bytes.subarray(0, s.sizeAt), field, bytes.subarray(s.sizeAt + s.sizeWidth)])];
      }
      if (n === 0) return ['noop', bytes];
      const at = Math.min(pos(), n - 1);
      const b = bytes.slice();
      const how = r.int(3);
      if (how === 0) b[at] ^= 0x80; // toggle continuation
      else if (how === 1) return [`long-varint@${at}`, concat([bytes.subarray(0, at), new Uint8Array(1 + r.int(12)).fill(0xff), bytes.subarray(at)])];
      else b[at] = 0x80 | r.int(128);
      return [`varint@${at}`, b];
    }
    case 15: { // header version
      const v = r.pick(HEADER_VERSIONS);
      const b = concat([te.encode(`go 1.${v} trace\0\0\0`), bytes.subarray(Math.min(16, n))]);
      return [`header-1.${v}`, b];
    }
    case 16: { // splice: a range of another fixture
      const other = r.pick(ctx.fixtures);
      const at = pos();
      const from = 16 + r.int(Math.max(1, other.length - 16));
      const len = 1 + r.int(512);
      return [`splice@${at}`, concat([bytes.subarray(0, at), other.subarray(from, from + len), bytes.subarray(at)])];
    }
    case 17: { // splice whole batches of another trace (possibly another version)
      const other = r.pick(ctx.fixtures);
      const o = traceSpans(ctx.iterateBatches, other);
      const { spans } = traceSpans(ctx.iterateBatches, bytes);
      if (!o.spans.length) return mutateBinaryOnce(r, bytes, ctx);
      const s = r.pick(o.spans);
      const at = spans.length ? r.pick(spans).start : pos();
      return [`splice-batch@${at}`, concat([bytes.subarray(0, at), other.subarray(s.start, s.end), bytes.subarray(at)])];
    }
    case 18: { // an empty batch, or a run of them
      const { spans } = traceSpans(ctx.iterateBatches, bytes);
      const at = spans.length ? r.pick(spans).start : pos();
      const gen = spans.length ? Number(r.pick(spans).gen) || 1 : 1;
      const one = concat([Uint8Array.of(r.chance(0.8) ? 1 : 0x31), uvarint(gen), uvarint(r.int(4)), uvarint(r.int(1000)), uvarint(0, r.chance(0.5) ? 10 : 1)]);
      const k = 1 + r.int(r.chance(0.9) ? 2 : 200);
      return [`empty-batches@${at}x${k}`, concat([bytes.subarray(0, at), ...new Array(k).fill(one), bytes.subarray(at)])];
    }
    case 19: { // a change inside an argument: bump a byte value by ±1..3
      if (n === 0) return ['noop', bytes];
      const b = bytes.slice();
      const at = Math.min(pos(), n - 1);
      b[at] = (b[at] + (r.chance(0.5) ? 1 : 255) * (1 + r.int(3))) & 0xff;
      return [`bump@${at}`, b];
    }
    case 20: { // overwrite a range with a repeated byte
      const at = pos();
      const len = 1 + r.int(32);
      const b = bytes.slice();
      b.fill(r.pick(INTERESTING_BYTES), at, Math.min(n, at + len));
      return [`fill@${at}+${len}`, b];
    }
    default: { // a string's or stack's length byte set large
      if (n === 0) return ['noop', bytes];
      const at = Math.min(pos(), n - 1);
      return [`big@${at}`, concat([bytes.subarray(0, at), uvarint(r.pick([1025, 129, 65537, 2 ** 31, 2 ** 53])), bytes.subarray(at + 1)])];
    }
  }
}

/** 1 to 4 stacked mutations (mostly 1: most single mutations are already interesting). */
export function mutateBinary(r, bytes, ctx) {
  const count = r.chance(0.6) ? 1 : 2 + r.int(3);
  const names = [];
  let b = bytes;
  for (let i = 0; i < count; i++) {
    const [name, nb] = mutateBinaryOnce(r, b, ctx);
    names.push(name);
    b = nb;
  }
  return { name: names.join('+'), bytes: b };
}

/** Entirely random binary input behind a real or random header. */
export function randomBinary(r) {
  const len = r.int(r.chance(0.8) ? 64 : 2048);
  const body = new Uint8Array(len);
  for (let i = 0; i < len; i++) body[i] = r.chance(0.4) ? r.pick(INTERESTING_BYTES) : r.int(256);
  const head = r.chance(0.9) ? te.encode(`go 1.${r.pick(HEADER_VERSIONS)} trace\0\0\0`) : new Uint8Array(0);
  return { name: 'random', bytes: concat([head, body]) };
}

// ---------------------------------------------------------------------------------------------
// Text mutations

const TEXT_TOKENS = [
  'EventBatch', 'Stacks', 'Stack', 'Strings', 'String', 'Frequency', 'Sync', 'ClockSnapshot', 'CPUSamples',
  'CPUSample', 'GoCreate', 'GoStart', 'ProcStatus', 'GoStatus', 'ExperimentalBatch', 'EndOfGeneration', 'NotAnEvent',
  'gen=', 'm=', 'time=', 'size=', 'dt=', 'id=', 'n=', 'data=', 'data="', 'pc=', 'func=', 'file=', 'line=',
  '18446744073709551615', '18446744073709551616', '99999999999999999999999', '-1', '0x10', '1e3', '', ' ', '\t',
  '"\\x', '"\\u12', '"\\U0010ffff"', '"\\377"', '"\xff"', '\u00e9', '\ud800', '\r', '\n', '=', '==', '"', '\\',
];

export function mutateText(r, text) {
  let lines = text.split('\n');
  const count = 1 + (r.chance(0.5) ? 0 : r.int(4));
  const names = [];
  for (let c = 0; c < count; c++) {
    const i = r.int(Math.max(1, lines.length));
    const op = r.int(11);
    names.push(`t${op}@${i}`);
    switch (op) {
      case 0: lines.splice(i, 1); break;
      case 1: lines.splice(i, 0, lines[r.int(lines.length)] ?? ''); break;
      case 2: { const j = r.int(lines.length); [lines[i], lines[j]] = [lines[j], lines[i]]; break; }
      case 3: lines = lines.slice(0, i); break;
      case 4: { // replace a token
        const toks = (lines[i] ?? '').split(' ');
        toks[r.int(toks.length)] = r.pick(TEXT_TOKENS);
        lines[i] = toks.join(' ');
        break;
      }
      case 5: { // replace a number
        lines[i] = (lines[i] ?? '').replace(/\d+/, () => r.pick(['0', '1', '65536', '65537', '1025', '129', '18446744073709551615', '18446744073709551616', '4294967296', '9007199254740993', '00001', '']));
        break;
      }
      case 6: { // insert a random character
        const s = lines[i] ?? '';
        const at = r.int(s.length + 1);
        const ch = r.chance(0.5) ? r.pick(TEXT_TOKENS) : String.fromCharCode(r.int(r.chance(0.8) ? 128 : 0x10000));
        lines[i] = s.slice(0, at) + ch + s.slice(at);
        break;
      }
      case 7: { // delete characters
        const s = lines[i] ?? '';
        const at = r.int(s.length + 1);
        lines[i] = s.slice(0, at) + s.slice(at + 1 + r.int(8));
        break;
      }
      case 8: lines[i] = (lines[i] ?? '').replace(/ /g, r.pick(['  ', '\t', ' \u00a0', '\u2028', ''])); break;
      case 9: { // a long line
        const len = r.pick([100, 5000, 65534, 65535, 65536, 70000]);
        lines.splice(i, 0, r.chance(0.5) ? 'x'.repeat(len) : `String id=1 data="${'a'.repeat(len)}"`);
        break;
      }
      default: { // header line
        lines[0] = r.pick(['Trace Go1.22', 'Trace Go1.23', 'Trace Go1.25', 'Trace Go1.26', 'Trace Go1.24', 'Trace Go1.21', 'Trace Go1.99', 'Trace Go1.', 'Trace', 'Trace Go1.26 ', ' Trace Go1.26', 'Trace Go1.026']);
      }
    }
  }
  return { name: names.join('+'), text: lines.join(r.chance(0.95) ? '\n' : '\r\n') };
}

export function randomText(r) {
  const lines = [r.pick(['Trace Go1.22', 'Trace Go1.23', 'Trace Go1.25', 'Trace Go1.26', 'Trace Go1.2'])];
  const k = r.int(40);
  for (let i = 0; i < k; i++) {
    const toks = [];
    const m = 1 + r.int(6);
    for (let j = 0; j < m; j++) toks.push(r.pick(TEXT_TOKENS) + (r.chance(0.5) ? String(r.int(300)) : ''));
    lines.push(toks.join(r.chance(0.9) ? ' ' : ''));
  }
  return { name: 'random-text', text: lines.join('\n') + (r.chance(0.5) ? '\n' : '') };
}

// ---------------------------------------------------------------------------------------------
// JSON scenario mutations

const JSON_VALUES = [
  0, 1, -1, 0.5, 1e300, -1e300, 2 ** 53, 2 ** 64, 18446744073709551615, null, true, false, '', 'x', 'running',
  'idle', 'syscall', 'waiting', 'goCreate', 'goStart', [], {}, [0], { id: 0 }, '18446744073709551615', 'a'.repeat(2000),
];

function walk(node, visit, path = []) {
  visit(node, path);
  if (Array.isArray(node)) node.forEach((x, i) => walk(x, visit, [...path, i]));
  else if (node && typeof node === 'object') for (const k of Object.keys(node)) walk(node[k], visit, [...path, k]);
}

export function mutateJson(r, text) {
  let obj;
  try {
    obj = JSON.parse(text);
  } catch {
    return { name: 'json-text', text };
  }
  const names = [];
  const count = 1 + (r.chance(0.5) ? 0 : r.int(4));
  for (let c = 0; c < count; c++) {
    const slots = [];
    walk(obj, (node, path) => {
      if (path.length) slots.push(path);
    });
    if (!slots.length) break;
    const path = r.pick(slots);
    let parent = obj;
    for (const k of path.slice(0, -1)) parent = parent[k];
    const key = path[path.length - 1];
    const op = r.int(6);
    names.push(`j${op}:${path.join('.')}`);
    if (op <= 1) parent[key] = structuredClone(r.pick(JSON_VALUES));
    else if (op === 2) {
      if (Array.isArray(parent)) parent.splice(key, 1);
      else delete parent[key];
    } else if (op === 3 && Array.isArray(parent)) parent.splice(key, 0, structuredClone(parent[key]));
    else if (op === 3) parent[key + 'x'] = structuredClone(parent[key]);
    else if (op === 4 && typeof parent[key] === 'number') parent[key] = parent[key] + r.pick([-1, 1, -1000, 1000, 0.5]);
    else if (op === 4 && Array.isArray(parent)) {
      const j = r.int(parent.length);
      [parent[key], parent[j]] = [parent[j], parent[key]];
    } else parent[key] = r.pick(['', 'nope', -5, { event: r.pick(['goCreate', 'goStart', 'procStart', 'gcBegin', 'x']) }]);
  }
  let out = JSON.stringify(obj);
  if (r.chance(0.1)) { // a textual break
    const at = r.int(out.length + 1);
    out = out.slice(0, at) + r.pick(['', '{', '}', '"', ',', '\\u', '[', '1e999', '\u0000']) + out.slice(at + (r.chance(0.5) ? 1 : 0));
  }
  return { name: names.join('+') || 'json', text: out };
}

export function randomJson(r) {
  const ev = () => ({ time: r.int(10000), event: r.pick(['goCreate', 'goStart', 'goStop', 'goBlock', 'goUnblock', 'procStart', 'procStop', 'gcBegin', 'gcEnd', 'nope']), g: r.int(5), p: r.int(3) });
  const obj = {
    version: r.pick([22, 23, 25, 26, 24, 1]),
    frequency: r.pick([1e9, 15625000, 0, -1]),
    procs: [{ id: 0, status: 'running', thread: 1 }],
    goroutines: [{ id: 1, status: 'running', thread: 1 }],
    threads: [{ id: 1, events: Array.from({ length: r.int(20) }, ev) }],
  };
  return { name: 'random-json', text: JSON.stringify(obj) };
}

// ---------------------------------------------------------------------------------------------
// Input generation

/** Input i of a run: { kind: 'binary'|'text'|'json', name, bytes? , text? }. */
export function generateInput(corpus, ctx, runSeed, i) {
  const r = prng(inputSeed(runSeed, i));
  const roll = r.float();
  if (roll < 0.72 || (!corpus.texts.length && !corpus.jsons.length)) {
    const base = r.pick(corpus.binaries);
    const m = r.chance(0.03) ? randomBinary(r) : mutateBinary(r, base.bytes, ctx);
    return { kind: 'binary', name: `${base.name}:${m.name}`, bytes: m.bytes };
  }
  if (roll < 0.9 || !corpus.jsons.length) {
    if (r.chance(0.05) || !corpus.texts.length) {
      const t = randomText(r);
      return { kind: 'text', name: t.name, text: t.text };
    }
    const base = r.pick(corpus.texts);
    const t = mutateText(r, base.text);
    return { kind: 'text', name: `${base.name}:${t.name}`, text: t.text };
  }
  if (r.chance(0.1)) {
    const j = randomJson(r);
    return { kind: 'json', name: j.name, text: j.text };
  }
  const base = r.pick(corpus.jsons);
  const j = mutateJson(r, base.text);
  return { kind: 'json', name: `${base.name}:${j.name}`, text: j.text };
}

/** Input i of a run restricted to mutations of real traces (the Go differential check). */
export function mutatedFixture(corpus, ctx, runSeed, i) {
  const r = prng(inputSeed(runSeed, i));
  const base = r.pick(corpus.binaries);
  const m = mutateBinary(r, base.bytes, ctx);
  return { name: `${base.name}:${m.name}`, bytes: m.bytes };
}

/** Bytes of an input as saved on disk. */
export function inputBytes(input) {
  return input.kind === 'binary' ? input.bytes : te.encode(input.text);
}

export function inputExt(kind) {
  return kind === 'binary' ? 'bin' : kind === 'text' ? 'txt' : 'json';
}

// ---------------------------------------------------------------------------------------------
// Targets

/** Splits bytes into chunks of random sizes (1 byte up to 64 KiB), deterministic per seed. */
function* chunked(bytes, seed) {
  const r = prng(seed);
  let p = 0;
  while (p < bytes.length) {
    const len = r.chance(0.2) ? 1 + r.int(8) : r.chance(0.5) ? 1 + r.int(4096) : 1 + r.int(65536);
    yield bytes.subarray(p, p + len);
    p += len;
  }
}

/** Whether some line of `text` is longer than `max` UTF-8 bytes. */
function hasLineOver(text, max) {
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    const line = text.slice(start, nl < 0 ? text.length : nl);
    if (line.length > max / 3 && new TextEncoder().encode(line).length > max) return true;
    if (nl < 0) return false;
    start = nl + 1;
  }
}

/**
 * Runs every reader on the input. Returns { problems: [...], accepted: bool, events: number }.
 * A problem is { kind: 'crash' | 'disagreement', target, detail }. Only exceptions that are not
 * GotraceErrors are crashes; typed errors are the expected way to reject input.
 */
export function makeTargets(mods) {
  const { decoder: D, encoder: E } = mods;
  const isTyped = (e) => e instanceof D.GotraceError;
  const describe = (e) => (e instanceof Error ? `${e.name}: ${e.message}\n${(e.stack ?? '').split('\n').slice(1, 8).join('\n')}` : String(e));
  const verdictOf = (e) => (e === undefined ? 'ok' : `${e.code ?? e.name}`);

  function capture(problems, target, fn) {
    try {
      return { ok: true, value: fn() };
    } catch (e) {
      if (!isTyped(e)) problems.push({ kind: 'crash', target, detail: describe(e) });
      return { ok: false, error: e };
    }
  }
  async function captureAsync(problems, target, fn) {
    try {
      return { ok: true, value: await fn() };
    } catch (e) {
      if (!isTyped(e)) problems.push({ kind: 'crash', target, detail: describe(e) });
      return { ok: false, error: e };
    }
  }
  const disagree = (problems, target, detail) => problems.push({ kind: 'disagreement', target, detail });

  /** Every accessor that applies to the event's kind (the public event model, as a caller uses it). */
  const ACCESSORS = {
    Metric: ['metric'], Label: ['label'], RangeBegin: ['range'], RangeActive: ['range'], RangeEnd: ['range', 'rangeAttributes'],
    TaskBegin: ['task'], TaskEnd: ['task'], RegionBegin: ['region'], RegionEnd: ['region'], Log: ['log'],
    StateTransition: ['stateTransition'], Sync: ['sync'], Experimental: ['experimental'],
  };
  function touch(ev) {
    void ev.time;
    void ev.goroutine;
    void ev.proc;
    void ev.thread;
    void ev.eventName;
    const st = ev.stack;
    if (st) for (const f of st) void (f.func.length + f.file.length);
    for (const a of ACCESSORS[ev.kind] ?? []) JSON.stringify(ev[a], (_, v) => (typeof v === 'bigint' ? String(v) : v instanceof Uint8Array ? v.length : v));
  }

  async function binary(bytes, seed, opts = {}) {
    const problems = [];
    // 1. Flat, sync.
    const raw = capture(problems, 'decodeRaw', () => D.decodeRaw(bytes));
    // 2. Flat, chunked async: same verdict, same events.
    const rawAsync = await captureAsync(problems, 'openRaw', async () => {
      const s = await D.openRaw(chunked(bytes, seed));
      let n = 0;
      for await (const _ of s) n++;
      return n;
    });
    if (raw.ok !== rawAsync.ok || (raw.ok && raw.value.events.length !== rawAsync.value)) {
      disagree(problems, 'openRaw-vs-decodeRaw', `sync ${raw.ok ? raw.value.events.length + ' events' : verdictOf(raw.error)} / async ${rawAsync.ok ? rawAsync.value + ' events' : verdictOf(rawAsync.error)}`);
    } else if (!raw.ok && raw.error.code !== rawAsync.error.code) {
      disagree(problems, 'openRaw-vs-decodeRaw', `sync ${raw.error.message} / async ${rawAsync.error.message}`);
    }
    // 3. Text round trip of what the flat reader accepted (the text codec is slow next to the
    //    binary one: big inputs take this path one time in eight).
    if (raw.ok && (bytes.length < 16384 || seed % 8 === 0 || opts.full)) {
      const t1 = capture(problems, 'encodeText', () => D.encodeText(raw.value));
      if (t1.ok) {
        // A String or ExperimentalBatch of up to 64 KiB quotes to a line longer than Go's scanner
        // takes (65,535 bytes): Go's own text2bytes refuses such text with "bufio.Scanner: token too
        // long", and so do we by default. Only that refusal is allowed; the round trip itself is
        // checked with the line limit raised.
        let back = capture(problems, 'parseText(encodeText)', () => D.parseText(t1.value));
        if (!back.ok && back.error?.code === 'line-too-long' && hasLineOver(t1.value, 65535)) {
          back = capture(problems, 'parseText(encodeText, long lines)', () => D.parseText(t1.value, { maxLineBytes: 1 << 30 }));
        }
        if (!back.ok) disagree(problems, 'text-roundtrip', `our text writer's output is rejected by our text reader: ${back.error?.message}`);
        else {
          const t2 = capture(problems, 'encodeText-2', () => D.encodeText(back.value));
          if (t2.ok && t2.value !== t1.value) disagree(problems, 'text-roundtrip', 'binary → text → raw → text is not stable');
          if (E) {
            const enc = capture(problems, 'encodeRaw', () => E.encodeRaw(back.value));
            if (enc.ok) {
              const again = capture(problems, 'decodeRaw(encodeRaw)', () => D.decodeRaw(enc.value));
              if (!again.ok) disagree(problems, 'encode-roundtrip', `re-encoded bytes are rejected: ${again.error?.message}`);
            } else if (E.EncodeError === undefined || !(enc.error instanceof D.GotraceError)) {
              /* typed EncodeError for events the writer cannot write is fine */
            }
          }
        }
      }
    }
    // 4. Framing: sync vs async.
    const fr = capture(problems, 'iterateBatches', () => {
      let n = 0;
      for (const _ of D.iterateBatches(bytes)) n++;
      return n;
    });
    const frAsync = await captureAsync(problems, 'openBatches', async () => {
      const s = await D.openBatches(chunked(bytes, seed ^ 0x5555));
      let n = 0;
      for await (const _ of s) n++;
      return n;
    });
    if (fr.ok !== frAsync.ok || (fr.ok && fr.value !== frAsync.value) || (!fr.ok && fr.error.code !== frAsync.error.code)) {
      disagree(problems, 'openBatches-vs-iterateBatches', `sync ${fr.ok ? fr.value : fr.error.message} / async ${frAsync.ok ? frAsync.value : frAsync.error.message}`);
    }
    // 5. Ordered reader (Go's semantics), sync and async, every event printed.
    let accepted = false;
    let events = 0;
    let out = '';
    if (D.TraceReaderSync && !opts.skipOrdered) {
      // Printing every event (Go's String()) costs ten times the reading: one input in eight.
      const lines = [];
      const print = opts.wantOutput || opts.full || seed % 8 === 3;
      const ord = capture(problems, 'TraceReaderSync', () => {
        const rd = new D.TraceReaderSync(bytes);
        for (let ev = rd.readEvent(); ev !== null; ev = rd.readEvent()) {
          if (print) touch(ev);
          lines.push(print ? ev.toString() : '');
        }
        return lines.length;
      });
      const ordAsync = await captureAsync(problems, 'TraceReader', async () => {
        const rd = await D.openTrace(chunked(bytes, seed ^ 0x3333));
        let n = 0;
        for (let ev = await rd.readEvent(); ev !== null; ev = await rd.readEvent()) n++;
        return n;
      });
      // The allocation-free path (scan → ReaderCore.run) must deliver the same events and error.
      let scanned = 0;
      const ordScan = capture(problems, 'TraceReaderSync.scan', () => new D.TraceReaderSync(bytes).scan(() => scanned++));
      const goMsg = (e) => (D.goErrorMessage ? D.goErrorMessage(e) : e?.message);
      const crashed = (x) => !x.ok && !isTyped(x.error); // already reported as a crash
      const differ = (a, b) => a.ok !== b.ok || (a.ok && a.value !== b.value) || (!a.ok && goMsg(a.error).split('\n')[0] !== goMsg(b.error).split('\n')[0]);
      if (crashed(ord) || crashed(ordAsync)) {
        /* no comparison */
      } else if (differ(ord, ordAsync)) {
        disagree(problems, 'TraceReader-vs-TraceReaderSync', `sync ${ord.ok ? ord.value : goMsg(ord.error)} / async ${ordAsync.ok ? ordAsync.value : goMsg(ordAsync.error)}`);
      }
      if (!crashed(ord) && !crashed(ordScan) && (differ(ord, ordScan) || scanned !== lines.length)) {
        disagree(problems, 'scan-vs-readEvent', `readEvent ${ord.ok ? ord.value : goMsg(ord.error)} (${lines.length} events) / scan ${ordScan.ok ? ordScan.value : goMsg(ordScan.error)} (${scanned} events)`);
      }
      accepted = ord.ok;
      events = lines.length;
      if (opts.wantOutput) out = lines.map((l) => l + '\n').join('') + (ord.ok ? `OK ${lines.length}\n` : `ERROR: ${goMsg(ord.error)}\n`);
      // No "accepted ⇒ well framed" check: like Go's reader, the ordered reader stops at the end
      // of the data it needs, so bytes the framing rejects can follow an accepted trace.
    }
    return { problems, accepted, events, out };
  }

  async function text(str, seed) {
    const problems = [];
    const bytes = te.encode(str);
    // parseText reads the text the bytes carry: a lone surrogate in the generated string is
    // U+FFFD in UTF-8, and openText only sees the bytes (a leading U+FEFF is kept, as Go keeps it).
    const p = capture(problems, 'parseText', () => D.parseText(wellFormed.decode(bytes)));
    // openText (bytes, with its fast path) against parseText (strings): the same events, printed
    // in full, or the same error message (which carries line and column); read by scan() or by
    // the iterator, by seed.
    const s = await captureAsync(problems, 'openText', async () => {
      const st = await D.openText(chunked(bytes, seed));
      const out = [];
      if (seed % 2 === 1) await st.scan((ev) => out.push(D.formatRawEvent(ev)));
      else for await (const ev of st) out.push(D.formatRawEvent(ev));
      return out;
    });
    const want = p.ok ? p.value.events.map((ev) => D.formatRawEvent(ev)).join('\n') : undefined;
    if (p.ok !== s.ok || (p.ok && want !== s.value.join('\n')) || (!p.ok && p.error.message !== s.error.message)) {
      disagree(problems, 'openText-vs-parseText', `sync ${p.ok ? `${p.value.events.length} events` : p.error.message} / async ${s.ok ? `${s.value.length} events` : s.error.message}`);
    }
    if (p.ok && E) {
      const enc = capture(problems, 'encodeRaw(parseText)', () => E.encodeRaw(p.value));
      if (enc.ok) {
        const back = capture(problems, 'decodeRaw(encodeRaw(parseText))', () => D.decodeRaw(enc.value));
        if (!back.ok) disagree(problems, 'text-encode-roundtrip', `bytes written from accepted text are rejected: ${back.error?.message}`);
        else {
          const t1 = D.encodeText(p.value);
          const t2 = capture(problems, 'encodeText', () => D.encodeText(back.value));
          if (t2.ok && t1 !== t2.value) disagree(problems, 'text-encode-roundtrip', 'text → binary → text differs from text → raw → text');
        }
      }
    }
    return { problems, accepted: p.ok, events: p.ok ? p.value.events.length : 0, out: '' };
  }

  async function json(str) {
    const problems = [];
    if (!E?.encodeScenarioText) return { problems, accepted: false, events: 0, out: '' };
    const enc = capture(problems, 'encodeScenarioText', () => E.encodeScenarioText(str));
    if (enc.ok && D.TraceReaderSync) {
      const ord = capture(problems, 'TraceReaderSync(scenario)', () => {
        const rd = new D.TraceReaderSync(enc.value);
        let n = 0;
        for (let ev = rd.readEvent(); ev !== null; ev = rd.readEvent()) n++;
        return n;
      });
      if (!ord.ok) disagree(problems, 'scenario-vs-reader', `a scenario the encoder accepted (strict mode) is rejected by the reader: ${ord.error?.message}`);
    }
    return { problems, accepted: enc.ok, events: 0, out: '' };
  }

  /** Runs the targets for one generated input. */
  async function run(input, seed = 1, opts = {}) {
    if (input.kind === 'binary') return binary(input.bytes, seed, opts);
    if (input.kind === 'text') return text(input.text, seed);
    return json(input.text);
  }
  return { run, binary, text, json };
}
