/**
 * The frontier: a binary min-heap of batch cursors keyed by their next event's time
 * (reader-semantics.md §7.2). Comparisons are strict, so equal times never move a cursor —
 * Go's tie-breaking depends on exactly this heap shape, so the operations follow the spec.
 */
import type { BatchCursor } from './cursor.js';
import { cmpI64, type I64 } from '../internal/num.js';

export type Frontier = BatchCursor[];

const t = (h: Frontier, i: number): I64 => h[i]!.ev.ns;

function swap(h: Frontier, i: number, j: number): void {
  const x = h[i]!;
  h[i] = h[j]!;
  h[j] = x;
}

export function siftUp(h: Frontier, i: number): number {
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (!(t(h, p) > t(h, i))) break;
    swap(h, i, p);
    i = p;
  }
  return i;
}

export function siftDown(h: Frontier, i: number): void {
  const n = h.length;
  for (;;) {
    let m = i;
    let best: I64 | number = i < n ? t(h, i) : Infinity;
    const l = 2 * i + 1;
    const r = l + 1;
    if (l < n && t(h, l) < best) {
      m = l;
      best = t(h, l);
    }
    if (r < n && t(h, r) < best) m = r;
    if (m === i) return;
    swap(h, i, m);
    i = m;
  }
}

export function heapInsert(h: Frontier, c: BatchCursor): void {
  h.push(c);
  siftUp(h, h.length - 1);
}

export function heapUpdate(h: Frontier, i: number): void {
  if (siftUp(h, i) === i) siftDown(h, i);
}

export function heapRemove(h: Frontier, i: number): void {
  // Bubble the element to the root unconditionally, then pop the root.
  while (i > 0) {
    const p = (i - 1) >> 1;
    swap(h, i, p);
    i = p;
  }
  const last = h.length - 1;
  swap(h, 0, last);
  h.pop();
  siftDown(h, 0);
}

/**
 * Sorts the frontier by time for the fallback scan. Go uses an unstable pattern-defeating
 * quicksort that is a plain insertion sort up to 12 elements; we do the same up to 12 and a
 * stable sort above, which gives the same order unless more than 12 cursors tie (reader-semantics §7.4).
 */
export function sortFrontier(h: Frontier): void {
  if (h.length > 12) {
    h.sort((a, b) => cmpI64(a.ev.ns, b.ev.ns)); // stable; equal to Go's order unless > 12 tie
    return;
  }
  for (let i = 1; i < h.length; i++) {
    const c = h[i]!;
    const ct = c.ev.ns;
    let j = i;
    while (j > 0 && h[j - 1]!.ev.ns > ct) {
      h[j] = h[j - 1]!;
      j--;
    }
    h[j] = c;
  }
}
