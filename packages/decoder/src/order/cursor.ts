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

export class BatchCursor {
  private idx = 0;
  private readonly r: ByteReader;
  private last: I64 = 0;
  /** The decoded next event of this thread. */
  ev!: RawEv;
  /** The ordering engine's state of this thread, cached after the first lookup. */
  ms: MState | undefined = undefined;
  constructor(
    readonly m: I64,
    private readonly batches: readonly Batch[],
    private readonly freq: number,
    private readonly tables: GenTables,
  ) {
    this.r = new ByteReader(batches[0]!.data, 0, batches[0]!.data.length);
  }

  /** Decodes the next event into `ev`. Returns false when this thread has no more events. */
  next(): boolean {
    const r = this.r;
    const batches = this.batches;
    while (r.pos >= r.end) {
      // Skip exhausted and empty batches; a new batch restarts from its base time.
      if (++this.idx >= batches.length) return false;
      const d = batches[this.idx]!.data;
      r.reset(d, 0, d.length);
      this.last = 0;
    }
    const b = batches[this.idx]!;
    if (this.last === 0) this.last = ticksToNs(this.freq, b.time);
    const at = r.pos;
    const typ = r.buf[r.pos]!;
    if (typ >= END_EXPERIMENTAL_EVENT) throw this.err(`found invalid event type: ${typ}`, b, at);
    const argc = TIMED_ARGC[typ]!;
    if (argc < 0) throw this.err(`found event without a timestamp: type=${typ}`, b, at);
    // Varints: one-byte values (most deltas and IDs) are decoded inline; longer ones by ByteReader.
    const buf = r.buf;
    const end = r.end;
    let p = at + 1;
    let dt: U64;
    let c = buf[p]!;
    if (p < end && c < 0x80) {
      dt = c;
      p++;
    } else {
      r.pos = p;
      dt = r.uvarint();
      if (r.status !== VarintStatus.Ok) throw this.err('found invalid uvarint for timestamp', b, at);
      p = r.pos;
    }
    // Up to 4 arguments follow dt; decode into locals, then build an exact-size packed array
    // (growing an empty array by push would allocate a 16-slot backing store per event).
    let v0: U64 = 0;
    let v1: U64 = 0;
    let v2: U64 = 0;
    let v3: U64 = 0;
    for (let i = 0; i < argc; i++) {
      let v: U64;
      c = buf[p]!;
      if (p < end && c < 0x80) {
        v = c;
        p++;
      } else {
        r.pos = p;
        v = r.uvarint();
        if (r.status !== VarintStatus.Ok) throw this.err('found invalid uvarint', b, at);
        p = r.pos;
      }
      if (i === 0) v0 = v;
      else if (i === 1) v1 = v;
      else if (i === 2) v2 = v;
      else v3 = v;
    }
    const args: U64[] = argc === 0 ? [] : argc === 1 ? [v0] : argc === 2 ? [v0, v1] : argc === 3 ? [v0, v1, v2] : [v0, v1, v2, v3];
    r.pos = p;
    const time = addNs(ticksToNs(this.freq, dt), this.last);
    this.last = time;
    this.ev = new RawEv(typ, time, args, this.tables, b.dataOffset + at);
    return true;
  }

  private err(msg: string, b: Batch, at: number): TraceValidationError {
    return new TraceValidationError('bad-event', msg, { generation: this.tables.gen, thread: this.m, offset: b.dataOffset + at });
  }
}
