/** A decimal wire value of the text form: digits only, below 2^64 (Go's strconv.ParseUint). */
import type { U64 } from '@gotrace/stack-table';

const MAX_U64 = 2n ** 64n - 1n;

/** The value of a run of decimal digits as a U64 (a number while exact), or null if not one. */
export function parseU64(v: string): U64 | null {
  if (v.length === 0 || !/^[0-9]+$/.test(v)) return null;
  if (v.length <= 15) return Number(v);
  const b = BigInt(v);
  if (b > MAX_U64) return null;
  return b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b;
}
