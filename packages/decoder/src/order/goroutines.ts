/**
 * The engine's goroutine states by ID. Real traces create and destroy goroutines by the million
 * (a GoCreate and a GoDestroy each), so a Map with a fresh object per goroutine costs rehashes
 * and a steady stream of garbage. Runtime goroutine IDs are small, increasing integers, so IDs
 * below 2^24 index pages of 64 slots directly (a page is dropped when its last goroutine goes,
 * so memory follows the live goroutines, not the highest ID: at worst one 64-slot page per live
 * goroutine, for IDs spread far apart), and destroyed goroutines' records and emptied pages are
 * pooled for reuse. Other IDs (huge or bigint: hostile traces) live in a side Map.
 */
import type { U64 } from '@gotrace/stack-table';
import type { I64 } from '../internal/num.js';
import { GState } from './state.js';

const PAGE_BITS = 6;
const PAGE = 1 << PAGE_BITS;
const DIRECT_LIMIT = 1 << 24;

export class GoroutineTable {
  private pages: ((GState | undefined)[] | undefined)[] = [];
  private pageCounts: number[] = [];
  private count = 0;
  private readonly big = new Map<I64, GState>();
  private readonly pool: GState[] = [];
  private readonly spare: (GState | undefined)[][] = [];

  get size(): number {
    return this.count + this.big.size;
  }

  get(id: I64): GState | undefined {
    if (typeof id === 'number' && id >= 0 && id < DIRECT_LIMIT) {
      const page = this.pages[id >>> PAGE_BITS];
      return page === undefined ? undefined : page[id & (PAGE - 1)];
    }
    return this.big.get(id);
  }

  has(id: I64): boolean {
    return this.get(id) !== undefined;
  }

  /** Adds a goroutine that is not in the table (callers check first) and returns its state. */
  add(id: I64, status: number, seqGen: U64): GState {
    const g = this.pool.pop()?.init(id, status, seqGen) ?? new GState(id, status, seqGen);
    if (typeof id === 'number' && id >= 0 && id < DIRECT_LIMIT) {
      const pi = id >>> PAGE_BITS;
      while (this.pages.length <= pi) {
        this.pages.push(undefined);
        this.pageCounts.push(0);
      }
      let page = this.pages[pi];
      if (page === undefined) this.pages[pi] = page = this.spare.pop() ?? new Array<GState | undefined>(PAGE).fill(undefined);
      page[id & (PAGE - 1)] = g;
      this.pageCounts[pi]!++;
      this.count++;
    } else {
      this.big.set(id, g);
    }
    return g;
  }

  delete(id: I64): void {
    let g: GState | undefined;
    if (typeof id === 'number' && id >= 0 && id < DIRECT_LIMIT) {
      const pi = id >>> PAGE_BITS;
      const page = this.pages[pi];
      if (page === undefined) return;
      g = page[id & (PAGE - 1)];
      if (g === undefined) return;
      page[id & (PAGE - 1)] = undefined;
      this.count--;
      if (--this.pageCounts[pi]! === 0) {
        // Empty (all slots undefined again): keep a few for the next pages, so short-lived
        // goroutines alone in their page do not allocate a page each.
        if (this.spare.length < 64) this.spare.push(page);
        this.pages[pi] = undefined;
      }
    } else {
      g = this.big.get(id);
      if (g === undefined) return;
      this.big.delete(id);
    }
    if (this.pool.length < 1024) this.pool.push(g);
  }

  /** Every state, ordered by goroutine ID (for dumps). */
  sorted(): GState[] {
    const out: GState[] = [...this.big.values()];
    for (const page of this.pages) if (page) for (const g of page) if (g !== undefined) out.push(g);
    return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
}
