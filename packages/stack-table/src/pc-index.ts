/**
 * PC → small integer, for the per-generation "which frame does this PC mean" registry. Keys sit
 * inline in one Int32Array (hi, lo, value+1 per slot), so a lookup touches one cache line instead
 * of chasing a slot → entry → arena chain; this table is probed once per frame.
 */
export class PcIndex {
  private t: Int32Array;
  private mask: number; // slot count − 1
  private n = 0;

  constructor(initialSlots = 256) {
    let cap = 16;
    while (cap < initialSlots) cap *= 2;
    this.t = new Int32Array(cap * 3);
    this.mask = cap - 1;
  }

  get size(): number {
    return this.n;
  }

  /** Value stored for (hi, lo), or -1. */
  get(hi: number, lo: number): number {
    const t = this.t;
    const mask = this.mask;
    hi |= 0;
    lo |= 0;
    let i = mix(hi, lo) & mask;
    for (;;) {
      const at = i * 3;
      const v = t[at + 2]!;
      if (v === 0) return -1;
      if (t[at + 1] === lo && t[at] === hi) return v - 1;
      i = (i + 1) & mask;
    }
  }

  /** Stores `value` (≥ 0) for a key known to be absent. */
  add(hi: number, lo: number, value: number): void {
    if ((this.n + 1) * 2 > this.mask + 1) this.grow();
    this.place(hi | 0, lo | 0, value + 1);
    this.n++;
  }

  reset(): void {
    if (this.n > 0) this.t.fill(0);
    this.n = 0;
  }

  bytesAllocated(): number {
    return this.t.byteLength;
  }

  private place(hi: number, lo: number, v1: number): void {
    const t = this.t;
    const mask = this.mask;
    let i = mix(hi, lo) & mask;
    while (t[i * 3 + 2] !== 0) i = (i + 1) & mask;
    t[i * 3] = hi;
    t[i * 3 + 1] = lo;
    t[i * 3 + 2] = v1;
  }

  private grow(): void {
    const old = this.t;
    this.t = new Int32Array(old.length * 2);
    this.mask = this.t.length / 3 - 1;
    for (let at = 0; at < old.length; at += 3) if (old[at + 2] !== 0) this.place(old[at]!, old[at + 1]!, old[at + 2]!);
  }
}

function mix(hi: number, lo: number): number {
  let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
