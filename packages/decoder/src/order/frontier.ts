/**
 * The frontier: a binary min-heap of batch cursors keyed by their next event's time
 * (reader-semantics.md §7.2). Comparisons are strict, so equal times never move a cursor —
 * Go's tie-breaking depends on exactly this heap shape, so the operations follow the spec.
 *
 * Real traces keep hundreds of threads in the heap, so every event costs a sift of about eight
 * levels: the keys live in a Float64Array beside the cursors, so a comparison is one load rather
 * than a walk through two objects. Times are exact doubles below 2^53; once a key is a bigint
 * the heap compares the cursors' own keys instead (`exact` mode, only for hostile traces).
 */
import type { BatchCursor } from './cursor.js';
import { cmpI64, type I64 } from '../internal/num.js';

export class Frontier {
  /** The heap, in array order (index 0 is the root). */
  private cs: BatchCursor[] = [];
  /** keys[i] = cs[i].key as a double (ignored in exact mode). */
  private keys = new Float64Array(64);
  /** Some key is a bigint: compare cursor keys exactly. */
  private exact = false;

  get length(): number {
    return this.cs.length;
  }

  /** The cursor at heap position i (0 = the earliest next event). */
  at(i: number): BatchCursor {
    return this.cs[i]!;
  }

  /** The root's key. */
  minKey(): I64 {
    return this.cs[0]!.key;
  }

  /** Cursors in heap order (for dumps). */
  cursors(): readonly BatchCursor[] {
    return this.cs;
  }

  insert(c: BatchCursor): void {
    const i = this.cs.length;
    if (i === this.keys.length) {
      const k = new Float64Array(i * 2);
      k.set(this.keys);
      this.keys = k;
    }
    this.cs.push(c);
    this.setKey(i, c.key);
    this.siftUp(i);
  }

  /** Restores the heap after the key of the cursor at i changed. */
  update(i: number): void {
    this.setKey(i, this.cs[i]!.key);
    if (this.siftUp(i) === i) this.siftDown(i);
  }

  /** update(0), for the root's cursor (the common case: it cannot move up). */
  updateRoot(): void {
    this.setKey(0, this.cs[0]!.key);
    this.siftDown(0);
  }

  /** Removes the cursor at i: bubbled to the root unconditionally, then the root is popped. */
  remove(i: number): void {
    const cs = this.cs;
    const keys = this.keys;
    while (i > 0) {
      const p = (i - 1) >> 1;
      this.swap(i, p);
      i = p;
    }
    const last = cs.length - 1;
    cs[0] = cs[last]!;
    keys[0] = keys[last]!;
    cs.pop();
    if (cs.length > 0) this.siftDown(0);
  }

  /**
   * Sorts the frontier by time for the fallback scan. Go uses an unstable pattern-defeating
   * quicksort that is a plain insertion sort up to 12 elements; we do the same up to 12 and a
   * stable sort above, which gives the same order unless more than 12 cursors tie (reader-semantics §7.4).
   */
  sort(): void {
    const h = this.cs;
    if (h.length > 12) {
      h.sort((a, b) => cmpI64(a.key, b.key)); // stable; equal to Go's order unless > 12 tie
    } else {
      for (let i = 1; i < h.length; i++) {
        const c = h[i]!;
        const ct = c.key;
        let j = i;
        while (j > 0 && h[j - 1]!.key > ct) {
          h[j] = h[j - 1]!;
          j--;
        }
        h[j] = c;
      }
    }
    for (let i = 0; i < h.length; i++) this.keys[i] = Number(h[i]!.key);
  }

  private setKey(i: number, k: I64): void {
    if (typeof k !== 'number') this.exact = true;
    this.keys[i] = Number(k);
  }

  private swap(i: number, j: number): void {
    const cs = this.cs;
    const keys = this.keys;
    const c = cs[i]!;
    cs[i] = cs[j]!;
    cs[j] = c;
    const k = keys[i]!;
    keys[i] = keys[j]!;
    keys[j] = k;
  }

  /** Moves the element at i up while its parent is strictly later; returns its final index. */
  private siftUp(i: number): number {
    if (this.exact) return this.siftUpExact(i);
    const cs = this.cs;
    const keys = this.keys;
    const c = cs[i]!;
    const k = keys[i]!;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!(keys[p]! > k)) break;
      cs[i] = cs[p]!;
      keys[i] = keys[p]!;
      i = p;
    }
    cs[i] = c;
    keys[i] = k;
    return i;
  }

  /** Moves the element at i down to the strictly earlier of its children, as Go does. */
  private siftDown(i: number): void {
    if (this.exact) return this.siftDownExact(i);
    const cs = this.cs;
    const keys = this.keys;
    const n = cs.length;
    const c = cs[i]!;
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
      cs[i] = cs[m]!;
      keys[i] = keys[m]!;
      i = m;
    }
    cs[i] = c;
    keys[i] = k;
  }

  private siftUpExact(i: number): number {
    const cs = this.cs;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!(cs[p]!.key > cs[i]!.key)) break;
      this.swap(i, p);
      i = p;
    }
    return i;
  }

  private siftDownExact(i: number): void {
    const cs = this.cs;
    const n = cs.length;
    for (;;) {
      let m = i;
      const l = 2 * i + 1;
      const r = l + 1;
      if (l < n && cs[l]!.key < cs[m]!.key) m = l;
      if (r < n && cs[r]!.key < cs[m]!.key) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }
}
