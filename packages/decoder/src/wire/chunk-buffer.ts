/**
 * A sliding window over an input that arrives in chunks. Parsers work on `buf[pos..end)` and ask
 * for more with `fill()` when a unit (event, batch) is cut by the window's end. Memory stays
 * bounded by the largest unit plus one chunk: consumed bytes are dropped on every refill.
 */
import type { ChunkSource } from './source.js';

export class ChunkBuffer {
  buf: Uint8Array = new Uint8Array(0);
  /** First unconsumed byte. Parsers advance it. */
  pos = 0;
  /** End of valid bytes. */
  end = 0;
  /** Absolute input offset of buf[0]. */
  base = 0;
  /** No more chunks will come. */
  done = false;
  private readonly it: AsyncIterator<Uint8Array> | Iterator<Uint8Array>;

  constructor(source: ChunkSource) {
    this.it = source;
  }

  /** Absolute offset of `pos`. */
  get offset(): number {
    return this.base + this.pos;
  }

  get available(): number {
    return this.end - this.pos;
  }

  /** Pulls one more chunk (skipping empty ones). Returns false at end of input. */
  async fill(): Promise<boolean> {
    for (;;) {
      if (this.done) return false;
      const r = await this.it.next();
      if (r.done) {
        this.done = true;
        return false;
      }
      const chunk = r.value;
      if (chunk.length === 0) continue;
      this.append(chunk);
      return true;
    }
  }

  /** Ensures at least n bytes from pos are buffered, unless the input ends first. */
  async ensure(n: number): Promise<boolean> {
    while (this.available < n) if (!(await this.fill())) return false;
    return true;
  }

  private append(chunk: Uint8Array): void {
    const live = this.end - this.pos;
    if (live === 0) {
      // Common case: everything consumed; adopt the chunk without copying.
      this.base += this.end;
      this.buf = chunk;
      this.isOwned = false;
      this.pos = 0;
      this.end = chunk.length;
      return;
    }
    const need = live + chunk.length;
    let nb: Uint8Array;
    if (this.isOwned && this.buf.length >= need) {
      nb = this.buf;
      if (this.pos > 0) nb.copyWithin(0, this.pos, this.end);
    } else {
      // Grow geometrically from what is live, not from the old capacity; a huge source chunk
      // gets an exact fit (doubling it could ask for gigabytes and fail).
      nb = new Uint8Array(need > 1 << 24 ? need : Math.max(need * 2, 1 << 16));
      nb.set(this.buf.subarray(this.pos, this.end), 0);
    }
    nb.set(chunk, live);
    this.base += this.pos;
    this.buf = nb;
    this.isOwned = true;
    this.pos = 0;
    this.end = need;
  }
  /** Whether `buf` is our own allocation (an adopted chunk must not be written into). */
  private isOwned = false;
}
