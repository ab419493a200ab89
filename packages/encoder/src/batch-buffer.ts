/**
 * One open batch: its payload is built in a fixed 64 KiB buffer; the header (type, gen, m, time,
 * size) is prepended when the batch is closed, with `size` padded to 10 bytes as the runtime does
 * (or minimal). A batch — header included — never exceeds 65 504 bytes, the runtime's buffer size
 * minus its in-memory bookkeeping header (spec §5.2, §18.2); an event is only started when the
 * worst case of its encoding fits (1 + (args + 1) × 10 bytes), so events never straddle batches.
 */
import type { U64 } from '@gotrace/stack-table';
import { MAX_BATCH_SIZE, MAX_VARINT_BYTES } from '@gotrace/decoder/format';

/** Largest batch (header + payload) the runtime produces. */
export const MAX_RUNTIME_BATCH = MAX_BATCH_SIZE - 32;
/** Worst-case header: type byte, gen, m, time, padded size. */
const MAX_HEADER = 1 + 4 * MAX_VARINT_BYTES;
export const PAYLOAD_LIMIT = MAX_RUNTIME_BATCH - MAX_HEADER;

export const NO_THREAD = 0xffff_ffff_ffff_ffffn;

/** Writes v (a non-negative safe integer or a bigint) at buf[pos]; returns the new position. */
export function putUvarint(buf: Uint8Array, pos: number, v: U64): number {
  if (typeof v === 'number') {
    while (v >= 0x80) {
      buf[pos++] = (v & 0x7f) | 0x80;
      v = v < 0x80000000 ? v >>> 7 : Math.floor(v / 128);
    }
    buf[pos++] = v;
    return pos;
  }
  while (v >= 0x80n) {
    buf[pos++] = Number(v & 0x7fn) | 0x80;
    v >>= 7n;
  }
  buf[pos++] = Number(v);
  return pos;
}

export function uvarintLen(v: U64): number {
  if (typeof v === 'number') {
    let n = 1;
    while (v >= 0x80) {
      v = Math.floor(v / 128);
      n++;
    }
    return n;
  }
  let n = 1;
  while (v >= 0x80n) {
    v >>= 7n;
    n++;
  }
  return n;
}

export type LengthStyle = 'padded' | 'minimal';

/** Builds the complete bytes of a batch from its header fields and payload. */
export function sealBatch(
  kind: 'event' | { exp: number },
  gen: number,
  m: U64,
  time: number,
  payload: Uint8Array,
  payloadLen: number,
  style: LengthStyle,
): Uint8Array {
  const sizeWidth = style === 'padded' ? MAX_VARINT_BYTES : uvarintLen(payloadLen);
  const hdr = 1 + (kind === 'event' ? 0 : 1) + uvarintLen(gen) + uvarintLen(m) + uvarintLen(time) + sizeWidth;
  const out = new Uint8Array(hdr + payloadLen);
  let p = 0;
  if (kind === 'event') out[p++] = 0x01;
  else {
    out[p++] = 0x31;
    out[p++] = kind.exp;
  }
  p = putUvarint(out, p, gen);
  p = putUvarint(out, p, m);
  p = putUvarint(out, p, time);
  let v = payloadLen;
  for (let i = 0; i < sizeWidth - 1; i++) {
    out[p++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  out[p++] = v & 0x7f;
  out.set(payload.subarray(0, payloadLen), p);
  return out;
}

/** A reusable payload buffer for one producer (a thread, or one NoThread section kind). */
export class BatchBuffer {
  readonly buf = new Uint8Array(PAYLOAD_LIMIT + 16);
  pos = 0;
  open = false;
  /** Header time of the open batch. */
  base = 0;
  /** Time of the last event written (dt base). */
  last = 0;
  gen = 0;

  start(gen: number, time: number): void {
    this.open = true;
    this.gen = gen;
    this.base = time;
    this.last = time;
    this.pos = 0;
  }

  /** True when `n` more bytes fit in the batch. */
  fits(n: number): boolean {
    return this.pos + n <= PAYLOAD_LIMIT;
  }

  seal(m: U64, style: LengthStyle, kind: 'event' | { exp: number } = 'event'): Uint8Array {
    this.open = false;
    return sealBatch(kind, this.gen, m, this.base, this.buf, this.pos, style);
  }
}
