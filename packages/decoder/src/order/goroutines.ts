/**
 * The engine's goroutine states by ID. Real traces create and destroy goroutines by the million
 * (a GoCreate and a GoDestroy each), so a Map with a fresh object per goroutine costs a rehash
 * now and then and a steady stream of garbage. This is an open-addressing table (linear probing,
 * backward-shift deletion: no tombstones) over a Float64Array of IDs, with a pool of GState
 * records that deleted goroutines return to. IDs that are not numbers (bigints beyond 2^53,
 * which only hostile traces carry) live in a side Map.
 */
import type { U64 } from '@gotrace/stack-table';
import type { I64 } from '../internal/num.js';
import { GState, NONE, type RangeKey, type UserRegion } from './state.js';

export class GoroutineTable {
  private ids = new Float64Array(64);
  private vals: (GState | undefined)[] = new Array<GState | undefined>(64).fill(undefined);
  private mask = 63;
  private count = 0;
  private readonly big = new Map<I64, GState>();
  private readonly pool: GState[] = [];

  get size(): number {
    return this.count + this.big.size;
  }

  get(id: I64): GState | undefined {
    if (typeof id !== 'number') return this.big.get(id);
    const ids = this.ids;
    const vals = this.vals;
    const mask = this.mask;
    for (let i = hash(id) & mask; ; i = (i + 1) & mask) {
      const v = vals[i];
      if (v === undefined) return undefined;
      if (ids[i] === id) return v;
    }
  }

  has(id: I64): boolean {
    return this.get(id) !== undefined;
  }

  /** Adds a goroutine that is not in the table (callers check first) and returns its state. */
  add(id: I64, status: number, seqGen: U64): GState {
    const gs = this.pool.pop();
    let g: GState;
    if (gs) {
      g = gs;
      g.id = id;
      g.status = status;
      g.seqGen = seqGen;
      g.seqN = 0;
      g.regions = NONE as unknown as UserRegion[];
      g.ranges = NONE as unknown as RangeKey[];
    } else {
      g = new GState(id, status, seqGen);
    }
    if (typeof id !== 'number') {
      this.big.set(id, g);
      return g;
    }
    if ((this.count + 1) * 2 > this.mask + 1) this.grow();
    this.place(id, g);
    this.count++;
    return g;
  }

  delete(id: I64): void {
    if (typeof id !== 'number') {
      const g = this.big.get(id);
      if (g) {
        this.big.delete(id);
        this.pool.push(g);
      }
      return;
    }
    const ids = this.ids;
    const vals = this.vals;
    const mask = this.mask;
    let i = hash(id) & mask;
    for (;;) {
      const v = vals[i];
      if (v === undefined) return;
      if (ids[i] === id) break;
      i = (i + 1) & mask;
    }
    if (this.pool.length < 1024) this.pool.push(vals[i]!);
    // Backward-shift: pull later members of the probe run into the hole so lookups never need tombstones.
    let hole = i;
    for (let j = (i + 1) & mask; ; j = (j + 1) & mask) {
      const v = vals[j];
      if (v === undefined) break;
      const home = hash(ids[j]!) & mask;
      // j's entry may move to the hole unless its home lies cyclically in (hole, j].
      if (hole <= j ? home <= hole || home > j : home <= hole && home > j) {
        ids[hole] = ids[j]!;
        vals[hole] = v;
        hole = j;
      }
    }
    vals[hole] = undefined;
    this.count--;
  }

  /** Every state, ordered by goroutine ID (for dumps). */
  sorted(): GState[] {
    const out: GState[] = [...this.big.values()];
    for (const v of this.vals) if (v !== undefined) out.push(v);
    return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  private place(id: number, g: GState): void {
    const mask = this.mask;
    let i = hash(id) & mask;
    while (this.vals[i] !== undefined) i = (i + 1) & mask;
    this.ids[i] = id;
    this.vals[i] = g;
  }

  private grow(): void {
    const oldIds = this.ids;
    const oldVals = this.vals;
    const n = (this.mask + 1) * 2;
    this.ids = new Float64Array(n);
    this.vals = new Array<GState | undefined>(n).fill(undefined);
    this.mask = n - 1;
    for (let i = 0; i < oldVals.length; i++) {
      const v = oldVals[i];
      if (v !== undefined) this.place(oldIds[i]!, v);
    }
  }
}

/** A 30-bit mix of an integer-valued double (IDs up to 2^53, or negative). */
function hash(id: number): number {
  const lo = id | 0;
  const hi = (id / 4294967296) | 0;
  const h = Math.imul(lo ^ Math.imul(hi, 0x85ebca6b), 0x9e3779b1);
  // Small non-negative result: stays a small integer (an unsigned 32-bit value would be boxed).
  return (h ^ (h >>> 15)) & 0x3fffffff;
}
