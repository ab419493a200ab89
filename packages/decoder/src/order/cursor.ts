/**
 * One thread's walk through its batches of a generation (reader-semantics.md §5.2, §7.1):
 * batches in file order, events decoded one ahead, times accumulated per delta.
 */
import type { U64 } from '@gotrace/stack-table';
import { SPEC_BY_TYPE, END_EXPERIMENTAL_EVENT } from '../format/events.js';
import type { Batch } from '../wire/batches.js';
import { ByteReader, VarintStatus } from '../wire/varint.js';
import { addNs, ticksToNs, type I64 } from '../internal/num.js';
import type { GenTables } from '../generation.js';
import { RawEv } from './raw-ev.js';
import type { MState } from './state.js';
import { TraceValidationError } from '../validation-error.js';
import { ID_ARGS, idsUnsure } from './table-ids.js';

/** Argument counts (after dt) of timed events by type, −1 for untimed; built once from the table. */
const TIMED_ARGC: Int8Array = (() => {
  const a = new Int8Array(256).fill(-1);
  for (let t = 0; t < 256; t++) {
    const s = SPEC_BY_TYPE[t];
    if (s && s.timed && s.args.length > 0) a[t] = s.args.length - 1;
    if (a[t]! > 4) throw new Error(`internal: event ${t} has more than 4 arguments after dt`);
  }
  return a;
})();

const SAFE = Number.MAX_SAFE_INTEGER;

export class BatchCursor {
  private idx = 0;
  private batch: Batch;
  /** The current batch's payload and read position (kept here, not in a ByteReader, for speed). */
  private buf: Uint8Array;
  private pos = 0;
  private end: number;
  /** For varints too long for the inline path (and their errors). */
  private readonly r: ByteReader;
  private last: I64 = 0;
  /**
   * The decoded next event of this thread: a record refilled by every next() (the engine may
   * trade it for another when it queues the event).
   */
  ev: RawEv;
  /** The ordering engine's state of this thread, cached after the first lookup. */
  ms: MState | undefined = undefined;
  constructor(
    readonly m: I64,
    private readonly batches: readonly Batch[],
    private readonly freq: number,
    private readonly tables: GenTables,
    /** The record to decode into (the engine's spare records are reused across generations). */
    record: RawEv,
  ) {
    this.batch = batches[0]!;
    this.buf = this.batch.data;
    this.end = this.buf.length;
    this.r = new ByteReader(this.buf, 0, this.end);
    this.ev = record;
    this.stackBits = tables.stackBits;
    this.stringBits = tables.stringBits;
  }
  /** The tables' presence bitmaps (built before the generation's cursors are made). */
  private readonly stackBits: Uint8Array;
  private readonly stringBits: Uint8Array;

  /** The frontier heap's key: the time of the event the cursor holds. */
  get key(): I64 {
    return this.ev.ns;
  }

  /** Decodes the next event into `ev`. Returns false when this thread has no more events. */
  next(): boolean {
    let buf = this.buf;
    let end = this.end;
    let p = this.pos;
    while (p >= end) {
      // Skip exhausted and empty batches; a new batch restarts from its base time.
      const batches = this.batches;
      if (++this.idx >= batches.length) {
        this.pos = p;
        return false;
      }
      const nb = batches[this.idx]!;
      this.batch = nb;
      this.buf = buf = nb.data;
      this.end = end = buf.length;
      p = 0;
      this.last = 0;
    }
    const b = this.batch;
    if (this.last === 0) this.last = ticksToNs(this.freq, b.time);
    const at = p;
    const typ = buf[at]!;
    if (typ >= END_EXPERIMENTAL_EVENT) throw this.err(`found invalid event type: ${typ}`, b, at);
    const argc = TIMED_ARGC[typ]!;
    if (argc < 0) throw this.err(`found event without a timestamp: type=${typ}`, b, at);
    // dt and the arguments: varints of up to three bytes (nearly all deltas and IDs) are decoded
    // inline, longer ones by the ByteReader. Values go straight into the cursor's reused record.
    const ev = this.ev;
    ev.argc = argc;
    let dt: U64 = 0;
    p = at + 1;
    for (let i = -1; i < argc; i++) {
      let v: U64;
      let c: number;
      if (p < end && (c = buf[p]!) < 0x80) {
        v = c;
        p += 1;
      } else if (p + 1 < end && buf[p + 1]! < 0x80) {
        v = (buf[p]! & 0x7f) | (buf[p + 1]! << 7);
        p += 2;
      } else if (p + 2 < end && buf[p + 1]! >= 0x80 && buf[p + 2]! < 0x80) {
        v = (buf[p]! & 0x7f) | ((buf[p + 1]! & 0x7f) << 7) | (buf[p + 2]! << 14);
        p += 3;
      } else {
        const r = this.r;
        r.reset(buf, p, end);
        v = r.uvarint();
        if (r.status !== VarintStatus.Ok) throw this.err(i < 0 ? 'found invalid uvarint for timestamp' : 'found invalid uvarint', b, at);
        p = r.pos;
      }
      if (i === -1) dt = v;
      else if (i === 0) ev.a0 = v;
      else if (i === 1) ev.a1 = v;
      else if (i === 2) ev.a2 = v;
      else ev.a3 = v;
    }
    this.pos = p;
    // ticksToNs + addNs, with their exact-double fast path inline.
    const last = this.last;
    let time: I64;
    const x = typeof dt === 'number' ? dt * this.freq : NaN;
    if (x < SAFE && typeof last === 'number' && (time = Math.trunc(x) + last) <= SAFE && time >= -SAFE) {
      // exact: both terms are safe integers and so is the sum
    } else {
      time = addNs(ticksToNs(this.freq, dt), last);
    }
    this.last = time;
    ev.type = typ;
    ev.ns = time;
    // Stored only when it changes (records move between cursors of one generation): records are
    // long-lived and the tables young, and such a store costs a write-barrier slow path.
    const t = this.tables;
    if (ev.tables !== t) ev.tables = t;
    ev.offset = b.dataOffset + at;
    ev.carried = 0;
    ev.taskInfo = undefined;
    const f = ID_ARGS[typ]!;
    ev.idCheck = f !== 0 && idsUnsure(f, this.stackBits, this.stringBits, ev.a0, ev.a1, ev.a2, ev.a3) ? 1 : 0;
    return true;
  }

  private err(msg: string, b: Batch, at: number): TraceValidationError {
    return new TraceValidationError('bad-event', msg, { generation: this.tables.gen, thread: this.m, offset: b.dataOffset + at });
  }
}
