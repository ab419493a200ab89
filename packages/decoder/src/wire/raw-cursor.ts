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
import { EventType, MAX_ARGS, versionTable, type EventSpec } from '../format/events.js';
import type { TraceVersion } from '../format/versions.js';
import { MAX_BATCH_SIZE, MAX_FRAMES_PER_STACK } from '../format/limits.js';
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

export class RawCursor {
  readonly version: TraceVersion;
  readonly r: ByteReader;
  /** Absolute offset of r.buf[0] (for error messages and event offsets). */
  base: number;

  // The current event (valid until the next step()).
  type = 0;
  spec: EventSpec | undefined = undefined;
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
  private readonly maxData: number;
  private readonly maxFrames: number;

  constructor(version: TraceVersion, buf: Uint8Array, pos: number, end: number, base = 0, limits: RawLimits = {}) {
    this.version = version;
    this.r = new ByteReader(buf, pos, end);
    this.base = base;
    this.table = versionTable(version);
    this.maxData = limits.maxDataLength ?? MAX_BATCH_SIZE;
    this.maxFrames = limits.maxFramesPerStack ?? MAX_FRAMES_PER_STACK;
  }

  /** Reads the next event. `final`: no bytes will follow the window, so a cut event is an error. */
  step(final: boolean): Step {
    const r = this.r;
    const start = r.pos;
    if (start >= r.end) return final ? Step.End : Step.NeedMore;
    const type = r.buf[start]!;
    const spec = this.table[type];
    this.offset = this.base + start;
    if (spec === undefined) {
      throw new TraceFormatError('bad-event-type', `invalid event type: ${type}`, this.offset);
    }
    r.pos = start + 1;
    this.type = type;
    this.spec = spec;
    this.lengthWidth = 0;
    const n = spec.args.length;
    const args = this.args;
    for (let i = 0; i < n; i++) {
      const v = r.uvarint();
      if (r.status !== VarintStatus.Ok) return this.fail(start, final, spec.args[i]!.name);
      args[i] = v;
    }
    this.nargs = n;
    if (type === EventType.EventBatch) this.lengthWidth = r.width;
    if (spec.trailer === 'frames') {
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
        if (r.status !== VarintStatus.Ok) return this.fail(start, final, FRAME_WORDS[i & 3]!);
        frames[i] = v;
      }
      this.nframeWords = words;
    } else if (spec.trailer === 'data') {
      const len = r.uvarint();
      if (r.status !== VarintStatus.Ok) return this.fail(start, final, 'data length');
      if (typeof len !== 'number' || len > this.maxData) {
        throw new LimitExceededError('data length', Number(len), this.maxData, this.offset,
          `data length ${len} exceeds the limit of ${this.maxData} bytes`);
      }
      if (type === EventType.ExperimentalBatch) this.lengthWidth = r.width;
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
    }
    return Step.Event;
  }

  private fail(start: number, final: boolean, what: string): Step {
    const r = this.r;
    if (r.status === VarintStatus.Overflow) {
      throw new TraceFormatError('bad-varint', `${VARINT_OVERFLOW_MESSAGE} (${this.spec!.name} ${what})`, this.base + r.pos);
    }
    if (!final) {
      r.pos = start;
      return Step.NeedMore;
    }
    throw new TruncatedTraceError('truncated',
      `unexpected EOF: the input ends inside ${this.spec!.name} (reading ${what})`, this.base + r.pos);
  }

  /** The current event's data trailer (a view into the input). */
  data(): Uint8Array {
    return this.r.buf.subarray(this.dataStart, this.dataEnd);
  }
}

const FRAME_WORDS = ['pc', 'func', 'file', 'line'];
