/**
 * Unsigned LEB128 varints (wire-format.md §3): the reader's and the writer's halves side by side.
 *
 * Values are U64: a `number` while exact (≤ 2^53 − 1), a `bigint` above. Decoding stays on plain
 * numbers for up to 7 bytes (49 bits, always exact) and falls back to bigint only for longer
 * encodings, which in practice means the all-ones "no thread" ID and padded batch lengths.
 */
import type { U64 } from '@gotrace/stack-table';
import { MAX_VARINT_BYTES } from '../format/limits.js';

/** Why a varint could not be read. Go's words: `EOF`, `unexpected EOF`, or the overflow text. */
export const enum VarintStatus {
  Ok = 0,
  /** No byte at all where a varint should start. */
  Eof = 1,
  /** Input ended inside the varint. */
  UnexpectedEof = 2,
  /** More than 10 bytes, or a 10th byte above 1. */
  Overflow = 3,
}

export const VARINT_OVERFLOW_MESSAGE = 'binary: varint overflows a 64-bit integer';

export function varintStatusText(s: VarintStatus): string {
  switch (s) {
    case VarintStatus.Ok:
      return 'ok';
    case VarintStatus.Eof:
      return 'EOF';
    case VarintStatus.UnexpectedEof:
      return 'unexpected EOF';
    case VarintStatus.Overflow:
      return VARINT_OVERFLOW_MESSAGE;
  }
}

/**
 * A position in a byte buffer plus the last varint decode's result. One instance is reused for a
 * whole scan, so the hot loop allocates nothing.
 */
export class ByteReader {
  buf: Uint8Array;
  pos: number;
  end: number;
  /** Status of the last `uvarint()` call; on failure `pos` is left at the varint's first byte. */
  status: VarintStatus = VarintStatus.Ok;
  /** Encoded width in bytes of the last varint read. */
  width = 0;

  constructor(buf: Uint8Array, pos = 0, end = buf.length) {
    this.buf = buf;
    this.pos = pos;
    this.end = end;
  }

  reset(buf: Uint8Array, pos: number, end: number): void {
    this.buf = buf;
    this.pos = pos;
    this.end = end;
    this.status = VarintStatus.Ok;
  }

  /**
   * Reads one uvarint. On success returns the value and sets status Ok; otherwise returns 0 and
   * sets status (the position is not advanced).
   */
  uvarint(): U64 {
    const buf = this.buf;
    const start = this.pos;
    const end = this.end;
    if (start >= end) {
      this.status = VarintStatus.Eof;
      return 0;
    }
    let b = buf[start]!;
    if (b < 0x80) {
      this.pos = start + 1;
      this.width = 1;
      this.status = VarintStatus.Ok;
      return b;
    }
    // Up to 7 bytes fit 49 bits: exact in a double.
    let v = b & 0x7f;
    let mul = 128;
    let p = start + 1;
    const fastEnd = start + 7;
    while (p < end && p < fastEnd) {
      b = buf[p++]!;
      v += (b & 0x7f) * mul;
      if (b < 0x80) {
        this.pos = p;
        this.width = p - start;
        this.status = VarintStatus.Ok;
        return v;
      }
      mul *= 128;
    }
    if (p >= end && p < fastEnd) {
      this.status = VarintStatus.UnexpectedEof;
      return 0;
    }
    return this.slow(start);
  }

  /** 8 to 10 bytes: carry on in bigint, then canonicalise. */
  private slow(start: number): U64 {
    const buf = this.buf;
    const end = this.end;
    let v = 0n;
    let shift = 0n;
    for (let i = 0; i < MAX_VARINT_BYTES; i++) {
      const p = start + i;
      if (p >= end) {
        this.status = VarintStatus.UnexpectedEof;
        return 0;
      }
      const b = buf[p]!;
      if (i === MAX_VARINT_BYTES - 1 && b > 1) {
        this.status = VarintStatus.Overflow;
        return 0;
      }
      v |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) {
        this.pos = p + 1;
        this.width = i + 1;
        this.status = VarintStatus.Ok;
        return v <= MAX_SAFE ? Number(v) : v;
      }
      shift += 7n;
    }
    this.status = VarintStatus.Overflow;
    return 0;
  }
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Bytes needed to encode v minimally. */
export function uvarintSize(v: U64): number {
  if (typeof v === 'number') {
    let n = 1;
    while (v >= 128) {
      v = Math.floor(v / 128);
      n++;
    }
    return n;
  }
  let n = 1;
  while (v >= 128n) {
    v >>= 7n;
    n++;
  }
  return n;
}

/**
 * A growable output buffer with the varint writer. `uvarint` writes minimally; `paddedUvarint`
 * writes exactly `width` bytes (continuation bits on all but the last), as the Go runtime does
 * for batch lengths.
 */
export class ByteWriter {
  buf: Uint8Array;
  pos = 0;

  constructor(initialCapacity = 1 << 16) {
    this.buf = new Uint8Array(initialCapacity);
  }

  private grow(need: number): void {
    let cap = this.buf.length * 2;
    while (cap < this.pos + need) cap *= 2;
    const nb = new Uint8Array(cap);
    nb.set(this.buf.subarray(0, this.pos));
    this.buf = nb;
  }

  ensure(n: number): void {
    if (this.pos + n > this.buf.length) this.grow(n);
  }

  byte(b: number): void {
    if (this.pos >= this.buf.length) this.grow(1);
    this.buf[this.pos++] = b;
  }

  bytes(data: Uint8Array): void {
    this.ensure(data.length);
    this.buf.set(data, this.pos);
    this.pos += data.length;
  }

  uvarint(v: U64): void {
    if (this.pos + MAX_VARINT_BYTES > this.buf.length) this.grow(MAX_VARINT_BYTES);
    const buf = this.buf;
    let p = this.pos;
    if (typeof v === 'number') {
      while (v >= 128) {
        buf[p++] = (v % 128) | 0x80;
        v = Math.floor(v / 128);
      }
      buf[p++] = v;
    } else {
      while (v >= 128n) {
        buf[p++] = Number(v & 0x7fn) | 0x80;
        v >>= 7n;
      }
      buf[p++] = Number(v);
    }
    this.pos = p;
  }

  /** Writes v in exactly `width` bytes (width ≥ its minimal size, ≤ 10). */
  paddedUvarint(v: U64, width: number): void {
    this.ensure(width);
    let big = typeof v === 'bigint' ? v : BigInt(v);
    const buf = this.buf;
    for (let i = 0; i < width - 1; i++) {
      buf[this.pos++] = Number(big & 0x7fn) | 0x80;
      big >>= 7n;
    }
    buf[this.pos++] = Number(big & 0x7fn);
  }

  /** Writes a 10-byte placeholder and returns its offset, for lengths known only later. */
  reserve(width: number): number {
    this.ensure(width);
    const at = this.pos;
    this.pos += width;
    return at;
  }

  /** Fills a reserved slot with a padded varint. */
  patchPadded(at: number, v: number, width: number): void {
    const saved = this.pos;
    this.pos = at;
    this.paddedUvarint(v, width);
    this.pos = saved;
  }

  /** A copy of what was written so far. */
  toBytes(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }

  /**
   * What was written so far, handed over without copying; the writer continues in a fresh buffer
   * of `nextCapacity` bytes.
   */
  detach(nextCapacity = this.buf.length): Uint8Array {
    const out = this.buf.subarray(0, this.pos);
    this.buf = new Uint8Array(Math.max(16, nextCapacity));
    this.pos = 0;
    return out;
  }

  /** A view of what was written so far (valid until the next write). */
  view(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }

  clear(): void {
    this.pos = 0;
  }
}
