/**
 * One generation's string table (spec §7, runtime behaviour §18.4).
 *
 * Emission design: records are produced in first-use order, the order the runtime writes them.
 * A table is either bound to a sink (records go out eagerly on the first put of a new string,
 * as the runtime does) or unbound (records wait in first-use order until bind()/flush()).
 * Both give the same per-kind record sequence, so the same bytes once the encoder batches them.
 */
import { EMPTY_STRING, type StringId } from './ids.js';
import { InternCore } from './intern-core.js';
import type { TableSink } from './sink.js';
import { keepFirst, keepLast, utf8 } from './utf8.js';
import { StackTableError } from './errors.js';

export type StringInput = string | Uint8Array;

export class StringTable {
  private readonly core = new InternCore(64, 256);
  /** Core entry → wire ID (unique strings take IDs without an entry, so they differ). */
  private ids = new Int32Array(64);
  private nextId = 1;
  private pending: { id: StringId; bytes: Uint8Array }[] = [];
  private sink: TableSink | undefined;
  private key = new Uint32Array(64);

  constructor(sink?: TableSink) {
    this.sink = sink;
  }

  /** Number of IDs handed out (deduplicated strings plus unique ones). */
  get size(): number {
    return this.nextId - 1;
  }

  /**
   * Interns an ordinary string: same bytes → same ID; "" → 0 (never emitted). The key is the full
   * string; the record carries its first 1024 bytes (runtime rule).
   */
  put(s: StringInput): StringId {
    const b = bytesOf(s);
    if (b.length === 0) return EMPTY_STRING;
    return this.intern(b, keepFirst(b));
  }

  /** Interns a function or file name: cut to its last 1024 bytes before interning (runtime rule). */
  putName(s: StringInput): StringId {
    const b = keepLast(bytesOf(s));
    if (b.length === 0) return EMPTY_STRING;
    return this.intern(b, b);
  }

  /**
   * A fresh ID without deduplication (the runtime's path for trace.Log messages). An empty
   * message still gets an ID and a zero-length record. Cut to the first 1024 bytes.
   */
  putUnique(s: StringInput): StringId {
    const id = this.nextId++ as StringId;
    this.emit(id, keepFirst(bytesOf(s)));
    return id;
  }

  /** Binds a sink: pending records go out now, in order, and later ones eagerly. */
  bind(sink: TableSink): void {
    this.sink = sink;
    this.flush();
  }

  get boundSink(): TableSink | undefined {
    return this.sink;
  }

  /** Emits pending records to `sink` (default: the bound sink). */
  flush(sink: TableSink | undefined = this.sink): void {
    if (sink === undefined) throw new StackTableError('ERR_NO_SINK', 'string table has no sink to flush to');
    const p = this.pending;
    this.pending = [];
    for (const r of p) sink.string(r.id, r.bytes);
  }

  /** Forgets all strings and unbinds; IDs restart at 1 (end of generation). */
  reset(): void {
    this.core.reset();
    this.nextId = 1;
    this.pending = [];
    this.sink = undefined;
  }

  bytesUsed(): number {
    return this.core.bytesUsed() + this.core.size * 4;
  }

  private intern(keyBytes: Uint8Array, record: Uint8Array): StringId {
    const nw = 1 + ((keyBytes.length + 3) >>> 2);
    if (this.key.length < nw) this.key = new Uint32Array(Math.max(nw, this.key.length * 2));
    const key = this.key;
    key[0] = keyBytes.length;
    key[nw - 1] = 0; // zero the tail bytes of the last word
    new Uint8Array(key.buffer, 4, keyBytes.length).set(keyBytes);
    const e = this.core.intern(key, 0, nw);
    if (!this.core.lastInserted) return this.ids[e]! as StringId;
    if (e >= this.ids.length) {
      const next = new Int32Array(this.ids.length * 2);
      next.set(this.ids);
      this.ids = next;
    }
    const id = this.nextId++ as StringId;
    this.ids[e] = id;
    this.emit(id, record.slice());
    return id;
  }

  private emit(id: StringId, bytes: Uint8Array): void {
    if (this.sink !== undefined) this.sink.string(id, bytes);
    else this.pending.push({ id, bytes });
  }
}

function bytesOf(s: StringInput): Uint8Array {
  if (typeof s === 'string') return utf8(s);
  if (s instanceof Uint8Array) return s;
  throw new TypeError(`string table input must be a string or Uint8Array, got ${typeof s}`);
}
