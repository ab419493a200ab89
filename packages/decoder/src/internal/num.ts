/**
 * Number helpers shared by the reader. Wire values are U64 (number ≤ 2^53−1, else bigint).
 * Goroutine/proc/thread IDs are Go int64s: I64 is the signed twin (number when safe, else bigint),
 * so the sentinel −1 is the plain number −1 and `===` / Map keys work.
 */
import type { U64 } from '@gotrace/stack-table';

export type I64 = number | bigint;

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Reinterprets a wire uvarint as Go's int64 (2^64−1 → −1). */
export function toI64(v: U64): I64 {
  if (typeof v === 'number') return v;
  const s = BigInt.asIntN(64, v);
  return s >= -MAX_SAFE && s <= MAX_SAFE ? Number(s) : s;
}

/** Canonical U64 from a bigint already in range. */
export function canonU64(v: bigint): U64 {
  return v <= MAX_SAFE ? Number(v) : v;
}

/** a + 1 as uint64 (wrapping), canonical. */
export function u64Succ(a: U64): U64 {
  if (typeof a === 'number' && a < Number.MAX_SAFE_INTEGER) return a + 1;
  return canonU64(BigInt.asUintN(64, BigInt(a) + 1n));
}

/** Whether b == a + 1 in uint64 arithmetic. */
export function isSucc(a: U64, b: U64): boolean {
  if (typeof a === 'number' && a < Number.MAX_SAFE_INTEGER) return b === a + 1;
  return b === u64Succ(a);
}

const TWO63 = 9223372036854775808;
const MIN_I64 = -(2n ** 63n);

/** Canonical I64 from a bigint in int64 range. */
function canonI64(v: bigint): I64 {
  return v >= -MAX_SAFE && v <= MAX_SAFE ? Number(v) : v;
}

/**
 * Go's `timestamp(float64(ticks) * freq)`: one double multiply, truncated toward zero into an
 * int64 (exact, as an I64). Out-of-range products (e.g. frequency 0 → ∞) become −2^63 as on amd64.
 */
export function ticksToNs(freq: number, ticks: U64): I64 {
  const x = (typeof ticks === 'number' ? ticks : Number(ticks)) * freq;
  if (x > -9007199254740991 && x < 9007199254740991) {
    const t = Math.trunc(x);
    return t === 0 ? 0 : t; // fold −0
  }
  if (!(x > -TWO63 && x < TWO63)) return MIN_I64;
  return canonI64(BigInt(Math.trunc(x)));
}

/** Go's int64 addition with wrap-around. */
export function addNs(a: I64, b: I64): I64 {
  if (typeof a === 'number' && typeof b === 'number') {
    const s = a + b;
    if (s >= -9007199254740991 && s <= 9007199254740991) return s;
  }
  return canonI64(BigInt.asIntN(64, BigInt(a) + BigInt(b)));
}

/** Three-way comparison of I64s (mixed number/bigint compares exactly in JS). */
export function cmpI64(a: I64, b: I64): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Lowercase hex without padding, for U64s. */
export function hex(v: U64): string {
  return v.toString(16);
}
