/**
 * Corrupted variants of a good trace, for comparing our verdict with Go's: truncations, flipped
 * bytes, dropped/duplicated batches, swapped generations, wrong headers. Deterministic (seeded).
 */
import { concatBytes } from '../../src/wire/bytes.js';
import { iterateBatches } from '../../src/wire/batches.js';

export interface Variant {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** xorshift32: small deterministic PRNG. */
export function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 4294967296;
  };
}


interface Span {
  start: number;
  end: number;
  gen: string;
}

/** Top-level records of a trace as byte spans (empty if the trace is not framed correctly). */
export function recordSpans(bytes: Uint8Array): { header: number; spans: Span[] } {
  const spans: Span[] = [];
  let header = 16;
  try {
    let prevEnd = -1;
    for (const rec of iterateBatches(bytes)) {
      if (prevEnd < 0) header = rec.offset;
      const end = rec.kind === 'batch' ? rec.dataOffset + rec.data.length : rec.offset + 1;
      spans.push({ start: rec.offset, end, gen: rec.kind === 'batch' ? String(rec.gen) : 'eog' });
      prevEnd = end;
    }
  } catch {
    return { header, spans: [] };
  }
  return { header, spans };
}

export function variants(bytes: Uint8Array, seed: number, count = 12): Variant[] {
  const out: Variant[] = [];
  const rand = rng(seed);
  const n = bytes.length;
  // Truncations: fixed fractions plus random points.
  for (const f of [0.1, 0.5, 0.9]) out.push({ name: `truncate-${f}`, bytes: bytes.slice(0, Math.floor(n * f)) });
  for (let i = 0; i < count / 3; i++) {
    const at = 16 + Math.floor(rand() * (n - 16));
    out.push({ name: `truncate@${at}`, bytes: bytes.slice(0, at) });
  }
  // Flipped bytes.
  for (let i = 0; i < count; i++) {
    const at = 16 + Math.floor(rand() * (n - 16));
    const b = bytes.slice();
    b[at] = b[at]! ^ (1 << Math.floor(rand() * 8));
    out.push({ name: `flip@${at}`, bytes: b });
  }
  // Batch-level edits.
  const { header, spans } = recordSpans(bytes);
  if (spans.length > 2) {
    const head = bytes.subarray(0, header);
    const parts = spans.map((s) => bytes.subarray(s.start, s.end));
    for (let i = 0; i < 3; i++) {
      const k = Math.floor(rand() * parts.length);
      out.push({ name: `drop-batch-${k}`, bytes: concatBytes(head, ...parts.slice(0, k), ...parts.slice(k + 1)) });
      out.push({ name: `dup-batch-${k}`, bytes: concatBytes(head, ...parts.slice(0, k + 1), ...parts.slice(k)) });
    }
    // Swap the first two generations (runs of equal gen; markers stay with their generation).
    const gens: number[][] = [];
    let cur: number[] = [];
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
    if (gens.length >= 2) {
      const order = [gens[1]!, gens[0]!, ...gens.slice(2)].flat();
      out.push({ name: 'swap-generations', bytes: concatBytes(head, ...order.map((i) => parts[i]!)) });
    }
  }
  // Headers.
  const te = new TextEncoder();
  for (const h of ['go 1.24 trace\0\0\0', 'go 1.21 trace\0\0\0', 'go 1.99 trace\0\0\0', 'xo 1.22 trace\0\0\0']) {
    const b = bytes.slice();
    b.set(te.encode(h), 0);
    out.push({ name: `header-${h.slice(0, 7).replace(/ /g, '_')}`, bytes: b });
  }
  // Another version's header over this body.
  for (const v of [22, 23, 25, 26]) {
    const b = bytes.slice();
    b.set(te.encode(`go 1.${v} trace\0\0\0`), 0);
    out.push({ name: `as-go1.${v}`, bytes: b });
  }
  return out;
}
