/**
 * The frontier: a binary min-heap of batch cursors keyed by their next event's time
 * (reader-semantics.md §7.2). Comparisons are strict, so equal times never move a cursor —
 * Go's tie-breaking depends on exactly this heap shape, so the operations follow the spec.
 *
 * Real traces keep hundreds of threads in the heap, so every event costs a sift of about eight
 * levels. The heap itself holds no references: it is a typed array of slot numbers (a cursor's
 * index in `slots`, fixed for its life) with the keys in a Float64Array beside it, so a
 * comparison is one load and a move stores two numbers. (Moving cursor references instead meant
 * storing young objects into a long-lived array several times per event, each store paying V8's
 * write-barrier slow path.) Times are exact doubles below 2^53; once a key is a bigint the heap
 * compares the cursors' own keys instead (`exact` mode, only for hostile traces).
 */
import type { BatchCursor } from './cursor.js';
import { cmpI64, type I64 } from '../internal/num.js';

export class Frontier {
  /** Cursors by slot, in insertion order (cleared when the frontier is empty again). */
  private slots: BatchCursor[] = [];
  /** The heap, in array order (index 0 is the root): slot numbers. */
  private heap = new Int32Array(64);
  /** keys[i] = the key of the cursor at heap position i, as a double (ignored in exact mode). */
  private keys = new Float64Array(64);
  private n = 0;
  /** Some key is a bigint: compare cursor keys exactly. */
  private exact = false;

  get length(): number {
    return this.n;
  }

  /** The cursor at heap position i (0 = the earliest next event). */
  at(i: number): BatchCursor {
    return this.slots[this.heap[i]!]!;
  }

  /** The root's key. */
  minKey(): I64 {
    return this.at(0).key;
  }

  /** Cursors in heap order (for dumps). */
  cursors(): readonly BatchCursor[] {
    const out: BatchCursor[] = [];
    for (let i = 0; i < this.n; i++) out.push(this.at(i));
    return out;
  }

  insert(c: BatchCursor): void {
    const i = this.n;
    if (i === 0) this.slots.length = 0;
    if (i === this.keys.length) {
      const k = new Float64Array(i * 2);
      k.set(this.keys);
      this.keys = k;
      const h = new Int32Array(i * 2);
      h.set(this.heap);
      this.heap = h;
    }
    this.heap[i] = this.slots.length;
    this.slots.push(c);
    this.n = i + 1;
    this.setKey(i, c.key);
    this.siftUp(i);
  }

  /** Restores the heap after the key of the cursor at i changed. */
  update(i: number): void {
    this.setKey(i, this.at(i).key);
    if (this.siftUp(i) === i) this.siftDown(i);
  }

  /** update(0), for the root's cursor (the common case: it cannot move up). */
  updateRoot(): void {
    this.setKey(0, this.at(0).key);
    this.siftDown(0);
  }

  /** Removes the cursor at i: bubbled to the root unconditionally, then the root is popped. */
  remove(i: number): void {
    const heap = this.heap;
    const keys = this.keys;
    while (i > 0) {
      const p = (i - 1) >> 1;
      this.swap(i, p);
      i = p;
    }
    const last = --this.n;
    heap[0] = heap[last]!;
    keys[0] = keys[last]!;
    if (last > 0) this.siftDown(0);
  }

  /**
   * Sorts the frontier by time for the fallback scan. Go uses an unstable pattern-defeating
   * quicksort that is a plain insertion sort up to 12 elements; we do the same up to 12 and a
   * stable sort above, which gives the same order unless more than 12 cursors tie (reader-semantics §7.4).
   */
  sort(): void {
    const heap = this.heap;
    const slots = this.slots;
    const n = this.n;
    if (n > 12) {
      const order = Array.from(heap.subarray(0, n));
      order.sort((a, b) => cmpI64(slots[a]!.key, slots[b]!.key)); // stable; equal to Go's order unless > 12 tie
      heap.set(order);
    } else {
      for (let i = 1; i < n; i++) {
        const s = heap[i]!;
        const ct = slots[s]!.key;
        let j = i;
        while (j > 0 && slots[heap[j - 1]!]!.key > ct) {
          heap[j] = heap[j - 1]!;
          j--;
        }
        heap[j] = s;
      }
    }
    for (let i = 0; i < n; i++) this.keys[i] = Number(slots[heap[i]!]!.key);
  }

  private setKey(i: number, k: I64): void {
    if (typeof k !== 'number') this.exact = true;
    this.keys[i] = Number(k);
  }

  private swap(i: number, j: number): void {
    const heap = this.heap;
    const keys = this.keys;
    const s = heap[i]!;
    heap[i] = heap[j]!;
    heap[j] = s;
    const k = keys[i]!;
    keys[i] = keys[j]!;
    keys[j] = k;
  }

  /** Moves the element at i up while its parent is strictly later; returns its final index. */
  private siftUp(i: number): number {
    if (this.exact) return this.siftUpExact(i);
    const heap = this.heap;
    const keys = this.keys;
    const s = heap[i]!;
    const k = keys[i]!;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!(keys[p]! > k)) break;
      heap[i] = heap[p]!;
      keys[i] = keys[p]!;
      i = p;
    }
    heap[i] = s;
    keys[i] = k;
    return i;
  }

  /** Moves the element at i down to the strictly earlier of its children, as Go does. */
  private siftDown(i: number): void {
    if (this.exact) return this.siftDownExact(i);
    const heap = this.heap;
    const keys = this.keys;
    const n = this.n;
    const s = heap[i]!;
    const k = keys[i]!;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      let m = i;
      let best = k;
      const kl = keys[l]!;
      if (kl < best) {
        m = l;
        best = kl;
      }
      const r = l + 1;
      if (r < n && keys[r]! < best) m = r;
      if (m === i) break;
      heap[i] = heap[m]!;
      keys[i] = keys[m]!;
      i = m;
    }
    heap[i] = s;
    keys[i] = k;
  }

  /** The exact key of the cursor at heap position i. */
  private exactKey(i: number): I64 {
    return this.slots[this.heap[i]!]!.key;
  }

  private siftUpExact(i: number): number {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!(this.exactKey(p) > this.exactKey(i))) break;
      this.swap(i, p);
      i = p;
    }
    return i;
  }

  private siftDownExact(i: number): void {
    const n = this.n;
    for (;;) {
      let m = i;
      const l = 2 * i + 1;
      const r = l + 1;
      if (l < n && this.exactKey(l) < this.exactKey(m)) m = l;
      if (r < n && this.exactKey(r) < this.exactKey(m)) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }
}
