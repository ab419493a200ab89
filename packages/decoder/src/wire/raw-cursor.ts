/**
 * The flat event scanner (wire-format.md §1, "flat view"): reads one event at a time — batch
 * headers and table sections included — into reused fields, allocating nothing per event.
 * It is the engine under the raw reader, Go's text form and the benchmarks.
 *
 * Deliberate differences from Go's raw reader (documented in the README):
 * - an input that stops inside an event is an error (Go's raw reader silently drops the last
 *   event when the cut falls between two varints or inside a data trailer);
 * - types 53–127 in a version-26 trace are rejected (Go's raw reader turns them into nameless
 *   events that its text writer prints as empty lines);
 * - AllocFree events (128–136) are accepted in 23 and 25 traces, as real runtimes write them.
 */
import type { U64 } from '@gotrace/stack-table';
import { TraceFormatError, TruncatedTraceError, LimitExceededError } from '../errors.js';
import {
  EventType, MAX_ARGS, versionTable, versionLookup, UNDEFINED_TYPE, TRAILER_NONE, TRAILER_FRAMES, type EventSpec,
} from '../format/events.js';
import type { TraceVersion } from '../format/versions.js';
import { MAX_BATCH_SIZE, MAX_FRAMES_PER_STACK, checkOptionKeys, limitOption } from '../format/limits.js';
import { ByteReader, VarintStatus, VARINT_OVERFLOW_MESSAGE } from './varint.js';

export const enum Step {
  /** An event was read into the cursor's fields. */
  Event = 0,
  /** Clean end of the window, at an event boundary. */
  End = 1,
  /** The window ends inside an event; nothing was consumed. Refill and call again. */
  NeedMore = 2,
}

export interface RawLimits {
  /** Largest data trailer (String bytes, ExperimentalBatch payload). Default 65,536. */
  readonly maxDataLength?: number;
  /** Most frames in one Stack event. Default 128, as the Go reader. */
  readonly maxFramesPerStack?: number;
}

export const RAW_OPTION_KEYS: readonly (keyof RawLimits)[] = ['maxDataLength', 'maxFramesPerStack'];

export class RawCursor {
  readonly version: TraceVersion;
  readonly r: ByteReader;
  /** Absolute offset of r.buf[0] (for error messages and event offsets). */
  base: number;

  // The current event (valid until the next step()).
  type = 0;
  readonly args: U64[] = new Array<U64>(MAX_ARGS).fill(0);
  nargs = 0;
  /** Stack frames as 4 words each, valid for nframeWords entries. */
  frames: U64[] = [];
  nframeWords = 0;
  dataStart = 0;
  dataEnd = 0;
  /** Width of the batch length (EventBatch size / ExperimentalBatch data length). */
  lengthWidth = 0;
  /** Absolute offset of the current event's type byte. */
  offset = 0;

  private readonly table: readonly (EventSpec | undefined)[];
  /** Argument count by type, UNDEFINED_TYPE where the version has no such type. */
  private readonly argc: Uint8Array;
  private readonly trailerOf: Uint8Array;
  private readonly maxData: number;
  private readonly maxFrames: number;

  constructor(version: TraceVersion, buf: Uint8Array, pos: number, end: number, base = 0, limits: RawLimits = {}) {
    limits = checkOptionKeys('raw reader options', limits, RAW_OPTION_KEYS);
    this.version = version;
    this.r = new ByteReader(buf, pos, end);
    this.base = base;
    this.table = versionTable(version);
    const k = versionLookup(version);
    this.argc = k.argCounts;
    this.trailerOf = k.trailers;
    this.maxData = limitOption('maxDataLength', limits.maxDataLength, MAX_BATCH_SIZE);
    this.maxFrames = limitOption('maxFramesPerStack', limits.maxFramesPerStack, MAX_FRAMES_PER_STACK);
  }

  /** Reads the next event. `final`: no bytes will follow the window, so a cut event is an error. */
  step(final: boolean): Step {
    const r = this.r;
    const buf = r.buf;
    const end = r.end;
    const start = r.pos;
    if (start >= end) return final ? Step.End : Step.NeedMore;
    const type = buf[start]!;
    const n = this.argc[type]!;
    this.offset = this.base + start;
    if (n === UNDEFINED_TYPE) {
      throw new TraceFormatError('bad-event-type', `invalid event type: ${type}`, this.offset);
    }
    this.type = type;
    this.nargs = n;
    const args = this.args;
    // Hot loop: most arguments are one-byte varints; only longer ones go through ByteReader.
    let p = start + 1;
    let argStart = p;
    for (let i = 0; i < n; i++) {
      argStart = p;
      if (p < end) {
        const b = buf[p]!;
        if (b < 0x80) {
          args[i] = b;
          p++;
          continue;
        }
      }
      r.pos = p;
      const v = r.uvarint();
      if (r.status !== VarintStatus.Ok) return this.fail(start, final, i);
      args[i] = v;
      p = r.pos;
    }
    r.pos = p;
    const trailer = this.trailerOf[type]!;
    if (trailer === TRAILER_NONE) {
      // The batch length is EventBatch's last argument; its width says whether it was padded.
      if (type === EventType.EventBatch) this.lengthWidth = p - argStart;
      return Step.Event;
    }
    return this.trailer(start, final, trailer);
  }

  /** Frames (Stack) or data (String, ExperimentalBatch): rare, kept out of the hot path. */
  private trailer(start: number, final: boolean, kind: number): Step {
    const r = this.r;
    const args = this.args;
    const type = this.type;
    const spec = this.table[type]!;
    if (kind === TRAILER_FRAMES) {
      const nframes = args[1]!;
      if (typeof nframes !== 'number' || nframes > this.maxFrames) {
        throw new LimitExceededError('frames per stack', Number(nframes), this.maxFrames, this.offset,
          `invalid stack size ${nframes}, maximum is ${this.maxFrames}`);
      }
      const words = nframes * 4;
      if (this.frames.length < words) this.frames = new Array<U64>(words).fill(0);
      const frames = this.frames;
      for (let i = 0; i < words; i++) {
        const v = r.uvarint();
        if (r.status !== VarintStatus.Ok) return this.failAt(start, final, FRAME_WORDS[i & 3]!);
        frames[i] = v;
      }
      this.nframeWords = words;
      return Step.Event;
    }
    const len = r.uvarint();
    if (r.status !== VarintStatus.Ok) return this.failAt(start, final, 'data length');
    if (typeof len !== 'number' || len > this.maxData) {
      throw new LimitExceededError('data length', Number(len), this.maxData, this.offset,
        `data length ${len} exceeds the limit of ${this.maxData} bytes`);
    }
    this.lengthWidth = type === EventType.ExperimentalBatch ? r.width : 0;
    if (r.pos + len > r.end) {
      if (!final) {
        r.pos = start;
        return Step.NeedMore;
      }
      throw new TruncatedTraceError('truncated',
        `unexpected EOF: ${spec.name} data wants ${len} bytes but only ${r.end - r.pos} remain`, this.offset);
    }
    this.dataStart = r.pos;
    this.dataEnd = r.pos + len;
    r.pos += len;
    return Step.Event;
  }

  /** The event table entry of the current event. */
  get spec(): EventSpec {
    return this.table[this.type]!;
  }

  private fail(start: number, final: boolean, argIndex: number): Step {
    return this.failAt(start, final, this.table[this.type]!.args[argIndex]!.name);
  }

  private failAt(start: number, final: boolean, what: string): Step {
    const r = this.r;
    const name = this.table[this.type]!.name;
    if (r.status === VarintStatus.Overflow) {
      throw new TraceFormatError('bad-varint', `${VARINT_OVERFLOW_MESSAGE} (${name} ${what})`, this.base + r.pos);
    }
    if (!final) {
      r.pos = start;
      return Step.NeedMore;
    }
    throw new TruncatedTraceError('truncated', `unexpected EOF: the input ends inside ${name} (reading ${what})`, this.base + r.pos);
  }

  /** The current event's data trailer (a view into the input). */
  data(): Uint8Array {
    return this.r.buf.subarray(this.dataStart, this.dataEnd);
  }
}

const FRAME_WORDS = ['pc', 'func', 'file', 'line'];
