/**
 * The wire writer: raw events (flat view) → bytes. Like Go's raw writer it writes each event's
 * type byte, its arguments, its frame words and its data trailer; nothing is recomputed (an
 * EventBatch's `size` is written as given).
 *
 * Batch lengths: the Go runtime writes every batch length (EventBatch `size`, ExperimentalBatch data
 * length) as a padded 10-byte varint and everything else minimally; Go's raw writer writes them
 * minimally. `batchLength` picks: 'padded' (runtime), 'minimal' (Go's raw writer), or 'preserve'
 * (the default: the width an event read from binary had, else padded) — so runtime traces and
 * Go-raw-written traces both re-encode byte-identically.
 */
import { ByteWriter, describeValue, headerBytes, uvarintSize, type RawEvent } from '@gotrace/decoder/wire';
import {
  EventType, SPEC_BY_TYPE, MAX_VARINT_BYTES, versionLookup, UNDEFINED_TYPE, TRAILER_FRAMES, TRAILER_DATA, type TraceVersion,
} from '@gotrace/decoder/format';
import { GotraceError } from '@gotrace/decoder';
import { RawWriteOptionsSchema, checkOptions, checkVersion } from './options.js';

export type BatchLengthStyle = 'padded' | 'minimal' | 'preserve';

export interface RawWriteOptions {
  readonly batchLength?: BatchLengthStyle;
}

/** An event that cannot be written (wrong argument count, type not in the version, ...). */
export class EncodeError extends GotraceError {
  override name = 'EncodeError';
  /** Index of the offending event in the input sequence. */
  readonly index: number;
  constructor(message: string, index: number) {
    super('bad-event', `event #${index}: ${message}`);
    this.index = index;
  }
}

/**
 * Incremental writer. Bytes accumulate in an internal buffer; `take()` hands out what was written
 * so far (for streaming to a file) and starts a new buffer.
 */
export class RawEncoder {
  readonly version: TraceVersion;
  private w = new ByteWriter(1 << 16);
  private readonly style: BatchLengthStyle;
  private count = 0;
  private readonly argCounts: Uint8Array;
  private readonly trailers: Uint8Array;

  constructor(version: TraceVersion, options: RawWriteOptions = {}) {
    checkVersion(version, 'RawEncoder');
    checkOptions(RawWriteOptionsSchema, options, (m) => new RangeError(`RawEncoder options: ${m}`));
    this.version = version;
    this.style = options.batchLength ?? 'preserve';
    const lookup = versionLookup(version);
    this.argCounts = lookup.argCounts;
    this.trailers = lookup.trailers;
    this.w.bytes(headerBytes(version));
  }

  private lengthWidth(value: number | bigint, ev: RawEvent): number {
    const min = uvarintSize(value);
    switch (this.style) {
      case 'minimal':
        return min;
      case 'padded':
        return MAX_VARINT_BYTES;
      case 'preserve': {
        const w = ev.lengthWidth;
        if (w === undefined) return MAX_VARINT_BYTES;
        // A width a uvarint cannot have would write a length field no reader accepts.
        if (typeof w !== 'number' || !Number.isInteger(w) || w < 1 || w > MAX_VARINT_BYTES) {
          throw new EncodeError(`lengthWidth must be a whole number of bytes from 1 to ${MAX_VARINT_BYTES}, got ${describeValue(w)}`, this.count - 1);
        }
        return Math.max(min, w);
      }
    }
  }

  /**
   * Writes one event. A bad event is an EncodeError, and nothing of it stays written: the
   * encoder can go on with the next event.
   */
  write(ev: RawEvent): void {
    const start = this.w.pos;
    try {
      this.writeEvent(ev);
    } catch (e) {
      this.w.pos = start;
      throw e;
    }
  }

  private writeEvent(ev: RawEvent): void {
    const index = this.count++;
    if (typeof ev !== 'object' || ev === null) throw new EncodeError(`expected an event object, got ${describeValue(ev)}`, index);
    const type = ev.type;
    // (type & 0xff) === type: an integer 0..255, so the table lookups below stay in range.
    if (typeof type !== 'number') throw new EncodeError(`event type must be a number, got ${describeValue(type)}`, index);
    if ((type & 0xff) !== type || this.argCounts[type] === UNDEFINED_TYPE) {
      throw new EncodeError(`event type ${type} is not defined in version ${this.version}`, index);
    }
    const n = this.argCounts[type]!;
    const args = ev.args;
    if (!isList(args)) throw new EncodeError(`${SPEC_BY_TYPE[type]!.name}: args must be an array, got ${describeValue(args)}`, index);
    if (args.length !== n) {
      const spec = SPEC_BY_TYPE[type]!;
      throw new EncodeError(`${spec.name} takes ${n} arguments (${spec.argNames.join(' ')}), got ${args.length}`, index);
    }
    const w = this.w;
    // Room for the type byte and every argument at its widest; then write without further checks.
    w.ensure(1 + n * MAX_VARINT_BYTES);
    const buf = w.buf;
    let p = w.pos;
    buf[p++] = type;
    const last = type === EventType.EventBatch ? n - 1 : n;
    for (let i = 0; i < last; i++) {
      const v = args[i]!;
      // (v & 0x7f) === v holds exactly for the integers 0..127: one check for the common case;
      // (v & 0x1fffff) === v for the integers below 2^21 (deltas, IDs): two or three bytes inline.
      if (typeof v === 'number' && (v & 0x7f) === v) {
        buf[p++] = v;
      } else if (typeof v === 'number' && (v & 0x1fffff) === v) {
        buf[p++] = (v & 0x7f) | 0x80;
        if (v < 0x4000) {
          buf[p++] = v >>> 7;
        } else {
          buf[p++] = ((v >>> 7) & 0x7f) | 0x80;
          buf[p++] = v >>> 14;
        }
      } else {
        if (!isU64(v)) throw badValue(type, i, v, index);
        w.pos = p;
        w.uvarint(v);
        p = w.pos;
      }
    }
    w.pos = p;
    if (type === EventType.EventBatch) {
      const size = args[n - 1]!;
      if (!isU64(size)) throw badValue(type, n - 1, size, index);
      w.paddedUvarint(size, this.lengthWidth(size, ev));
      return;
    }
    const trailer = this.trailers[type]!;
    if (trailer === TRAILER_FRAMES) {
      const frames = ev.frames ?? [];
      if (!isList(frames)) throw new EncodeError(`Stack: frames must be an array, got ${describeValue(frames)}`, index);
      if (frames.length !== Number(args[1]) * 4) {
        throw new EncodeError(`Stack nframes=${args[1]} but ${frames.length / 4} frames given`, index);
      }
      for (let i = 0; i < frames.length; i++) {
        const v = frames[i]!;
        if (!isU64(v)) throw badValue(type, -1 - i, v, index);
        w.uvarint(v);
      }
    } else if (trailer === TRAILER_DATA) {
      const data = ev.data ?? new Uint8Array(0);
      if (!(data instanceof Uint8Array)) throw new EncodeError(`${SPEC_BY_TYPE[type]!.name}: data must be a Uint8Array, got ${describeValue(data)}`, index);
      if (type === EventType.ExperimentalBatch) w.paddedUvarint(data.length, this.lengthWidth(data.length, ev));
      else w.uvarint(data.length);
      w.bytes(data);
    }
  }

  /** Bytes written since the last take(). */
  take(): Uint8Array {
    return this.w.detach(1 << 16);
  }

  /** Number of buffered bytes not yet taken. */
  get buffered(): number {
    return this.w.pos;
  }
}

const TWO64 = 1n << 64n;

/** A wire value: an integer 0 ≤ v < 2^64, as a safe-integer number or a bigint. */
function isU64(v: unknown): v is number | bigint {
  return typeof v === 'number' ? Number.isSafeInteger(v) && v >= 0 : typeof v === 'bigint' && v >= 0n && v < TWO64;
}

function isList(x: unknown): x is ArrayLike<number | bigint> {
  return Array.isArray(x) || (ArrayBuffer.isView(x) && !(x instanceof DataView));
}

/** `arg` ≥ 0: that argument; −1 − k: frame word k. */
function badValue(type: number, arg: number, v: unknown, index: number): EncodeError {
  const spec = SPEC_BY_TYPE[type]!;
  const event = spec.name;
  const what = arg >= 0 ? `argument ${spec.argNames[arg]}` : `frame word ${-1 - arg}`;
  const shown = typeof v === 'number' || typeof v === 'bigint' ? `${String(v)}${typeof v === 'bigint' ? 'n' : ''}` : describeValue(v);
  const why = typeof v === 'number' && Number.isInteger(v) && v > Number.MAX_SAFE_INTEGER ? ' (above 2^53−1 a number is inexact: pass a bigint)' : '';
  return new EncodeError(`${event} ${what} is ${shown}: expected an integer 0 ≤ v < 2^64 (a number up to 2^53−1, or a bigint)${why}`, index);
}

/** Encodes a whole trace in memory. */
export function encodeRaw(trace: { version: TraceVersion; events: Iterable<RawEvent> }, options: RawWriteOptions = {}): Uint8Array {
  if (typeof trace !== 'object' || trace === null) throw new TypeError(`encodeRaw: expected { version, events }, got ${describeValue(trace)}`);
  if (typeof (trace.events as Partial<Iterable<RawEvent>>)?.[Symbol.iterator] !== 'function') {
    throw new TypeError(`encodeRaw: events must be an iterable of raw events, got ${describeValue(trace.events)}`);
  }
  const enc = new RawEncoder(trace.version, options);
  for (const ev of trace.events) enc.write(ev);
  return enc.take();
}
