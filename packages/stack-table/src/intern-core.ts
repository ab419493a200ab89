/**
 * The interning core shared by the string, stack and PC tables: an open-addressing hash table
 * (linear probing) whose keys are word sequences stored back to back in one Uint32Array arena.
 * Entry i (0-based) is returned as index i; callers add 1 to make wire IDs (0 is reserved).
 * Single-threaded; the shared-memory variant has its own layout (shared-stack-table.ts).
 */
import { hashWords } from './hash.js';

export class InternCore {
  /** Keys back to back. */
  private arena: Uint32Array;
  private arenaUsed = 0;
  /** Per entry: start in arena, length in words, full hash. */
  private offs: Int32Array;
  private lens: Int32Array;
  private hashes: Int32Array;
  private n = 0;
  /** Slot → entry index + 1 (0 = empty). Kept at most half full. */
  private slots: Int32Array;
  private mask: number;

  constructor(initialEntries = 64, initialWords = 1024) {
    const cap = pow2(Math.max(8, initialEntries));
    this.offs = new Int32Array(cap);
    this.lens = new Int32Array(cap);
    this.hashes = new Int32Array(cap);
    this.slots = new Int32Array(cap * 2);
    this.mask = cap * 2 - 1;
    this.arena = new Uint32Array(Math.max(16, initialWords));
  }

  get size(): number {
    return this.n;
  }

  /** Index of the entry whose key equals key[start, start+len), or -1. */
  find(key: Uint32Array, start: number, len: number, hash: number): number {
    const slots = this.slots;
    const mask = this.mask;
    let i = hash & mask;
    for (;;) {
      const s = slots[i]!;
      if (s === 0) return -1;
      const e = s - 1;
      if (this.hashes[e] === hash && this.lens[e] === len && this.keyEquals(e, key, start, len)) return e;
      i = (i + 1) & mask;
    }
  }

  /** Adds a key known to be absent and returns its index. */
  insert(key: Uint32Array, start: number, len: number, hash: number): number {
    if ((this.n + 1) * 2 > this.slots.length) this.grow();
    const e = this.n++;
    if (e >= this.offs.length) this.growEntries();
    if (this.arenaUsed + len > this.arena.length) this.growArena(len);
    const a = this.arena;
    const o = this.arenaUsed;
    for (let j = 0; j < len; j++) a[o + j] = key[start + j]!; // no subarray: no allocation per insert
    this.offs[e] = this.arenaUsed;
    this.lens[e] = len;
    this.hashes[e] = hash;
    this.arenaUsed += len;
    this.place(e, hash);
    return e;
  }

  /** find, then insert on a miss. `lastInserted` tells which happened. */
  intern(key: Uint32Array, start: number, len: number): number {
    const h = hashWords(key, start, len);
    const e = this.find(key, start, len, h);
    if (e >= 0) {
      this.lastInserted = false;
      return e;
    }
    this.lastInserted = true;
    return this.insert(key, start, len, h);
  }
  lastInserted = false;

  /** Read access to entry `e`'s key: words arena()[keyStart(e) .. + keyLength(e)). */
  keyStart(e: number): number {
    return this.offs[e]!;
  }
  keyLength(e: number): number {
    return this.lens[e]!;
  }
  keys(): Uint32Array {
    return this.arena;
  }

  /** Forget everything but keep the allocated memory (a generation's table is reused). */
  reset(): void {
    if (this.n > 0) this.slots.fill(0);
    this.n = 0;
    this.arenaUsed = 0;
  }

  /** Bytes held by the typed arrays (allocated, not just used). */
  bytesAllocated(): number {
    return this.arena.byteLength + this.offs.byteLength * 3 + this.slots.byteLength;
  }
  /** Bytes actually used by the current entries (arena words + per-entry metadata + slots). */
  bytesUsed(): number {
    return this.arenaUsed * 4 + this.n * 12 + this.n * 2 * 4;
  }

  private keyEquals(e: number, key: Uint32Array, start: number, len: number): boolean {
    const a = this.arena;
    const o = this.offs[e]!;
    for (let j = 0; j < len; j++) if (a[o + j] !== key[start + j]) return false;
    return true;
  }

  private place(e: number, hash: number): void {
    const slots = this.slots;
    const mask = this.mask;
    let i = hash & mask;
    while (slots[i] !== 0) i = (i + 1) & mask;
    slots[i] = e + 1;
  }

  private grow(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    this.mask = this.slots.length - 1;
    for (let e = 0; e < this.n; e++) this.place(e, this.hashes[e]!);
  }

  private growEntries(): void {
    const cap = this.offs.length * 2;
    this.offs = grown(this.offs, cap);
    this.lens = grown(this.lens, cap);
    this.hashes = grown(this.hashes, cap);
  }

  private growArena(need: number): void {
    const next = new Uint32Array(Math.max(this.arena.length * 2, this.arenaUsed + need));
    next.set(this.arena.subarray(0, this.arenaUsed));
    this.arena = next;
  }
}

function pow2(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

function grown(a: Int32Array, cap: number): Int32Array {
  const b = new Int32Array(cap);
  b.set(a);
  return b;
}
