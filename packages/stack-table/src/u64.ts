/**
 * The project's one representation of an unsigned 64-bit wire value: a `number` when the value
 * is ≤ Number.MAX_SAFE_INTEGER, otherwise a `bigint` (2^53 … 2^64−1). Each value has exactly one
 * representation, so `===` and Map keys work.
 */
import { U64RangeError } from './errors.js';

export type U64 = number | bigint;

export const U64_MAX: bigint = 2n ** 64n - 1n;
const MAX_SAFE_BIG = BigInt(Number.MAX_SAFE_INTEGER);
const TWO_32 = 4294967296;

/** True when `v` is a canonical U64 (number ≤ MAX_SAFE_INTEGER, or bigint above it). */
export function isU64(v: unknown): v is U64 {
  if (typeof v === 'number') return Number.isSafeInteger(v) && v >= 0 && !Object.is(v, -0);
  if (typeof v === 'bigint') return v > MAX_SAFE_BIG && v <= U64_MAX;
  return false;
}

/**
 * Canonicalises a number or bigint to U64. Integral numbers above 2^53 are accepted (they are
 * exact values, just not all of them are representable) and become bigint.
 * @throws U64RangeError for negatives, non-integers, NaN/∞, values > 2^64−1 or other types.
 */
export function toU64(v: number | bigint, what?: string): U64 {
  if (typeof v === 'number') {
    if (Number.isSafeInteger(v) && v >= 0) return v === 0 ? 0 : v; // folds -0
    if (Number.isInteger(v) && v > 0 && v < 18446744073709551616) return BigInt(v);
    throw new U64RangeError(v, what);
  }
  if (typeof v === 'bigint') {
    if (v < 0n || v > U64_MAX) throw new U64RangeError(v, what);
    return v <= MAX_SAFE_BIG ? Number(v) : v;
  }
  throw new U64RangeError(v, what);
}

/** The value as a bigint (for arithmetic across the 2^53 boundary). */
export function u64ToBigInt(v: U64): bigint {
  return typeof v === 'bigint' ? v : BigInt(v);
}

/** High 32 bits of a canonical U64 (used for hashing PCs on typed arrays). */
export function u64Hi(v: U64): number {
  if (typeof v === 'number') return Math.floor(v / TWO_32) >>> 0;
  return Number(v >> 32n) >>> 0;
}

/** Low 32 bits of a canonical U64. */
export function u64Lo(v: U64): number {
  if (typeof v === 'number') return v >>> 0;
  return Number(v & 0xffffffffn) >>> 0;
}

/** Rebuilds a canonical U64 from two 32-bit halves. */
export function u64FromHalves(hi: number, lo: number): U64 {
  if (hi < 0x200000) return hi * TWO_32 + lo; // < 2^53: exact as a number
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}
