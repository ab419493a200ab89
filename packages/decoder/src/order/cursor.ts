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
import { TraceValidationError } from '../validation-error.js';

/** Argument counts (after dt) of timed events by type, −1 for untimed; built once from the table. */
const TIMED_ARGC: Int8Array = (() => {
  const a = new Int8Array(256).fill(-1);
  for (let t = 0; t < 256; t++) {
    const s = SPEC_BY_TYPE[t];
    if (s && s.timed && s.args.length > 0) a[t] = s.args.length - 1;
  }
  return a;
})();

export class BatchCursor {
  private idx = 0;
  private readonly r: ByteReader;
  private last: I64 = 0;
  /** The decoded next event of this thread. */
  ev!: RawEv;
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
    const args: U64[] = [];
    for (let i = 0; i < argc; i++) {
      c = buf[p]!;
      if (p < end && c < 0x80) {
        args.push(c);
        p++;
      } else {
        r.pos = p;
        const v = r.uvarint();
        if (r.status !== VarintStatus.Ok) throw this.err('found invalid uvarint', b, at);
        args.push(v);
        p = r.pos;
      }
    }
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
