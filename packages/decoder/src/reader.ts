/**
 * The ordered reader (reader-semantics.md §6): generation by generation, a Sync, then the events
 * of every thread merged through the frontier heap and the ordering engine, CPU samples
 * interleaved by time, and every delivered event ID-checked and time-bumped.
 *
 * `ReaderCore` holds all the logic and never does I/O: when it needs the next generation it says
 * so, and a driver (sync over a Uint8Array, async over a stream) feeds it top-level records.
 */
import type { U64 } from '@gotrace/stack-table';
import { DEFAULT_GENERATION_LIMITS, MAX_BATCH_SIZE, checkOptionKeys, limitOption, resolveGenerationLimits, type GenerationLimits } from './format/limits.js';
import { SPEC_BY_TYPE } from './format/events.js';
import type { TraceVersion } from './format/versions.js';
import { ByteReader } from './wire/varint.js';
import { readRecord, openBatches, type Batch, type TopLevelRecord } from './wire/batches.js';
import { readHeader } from './wire/raw-reader.js';
import { describeValue } from './internal/describe.js';
import { SourceChunkError, checkSource, toBytes, toChunkSource, type TraceSource } from './wire/source.js';
import { Salvager, type SalvageReport } from './salvage.js';
import { readGenerationMarked, readGenerationWithSpill, type Generation, type GenCoroutine, type RecordResult, type SpillResult } from './generation.js';
import { addNs, ticksToNs, type I64 } from './internal/num.js';
import { OrderingEngine } from './order/engine.js';
import { BatchCursor } from './order/cursor.js';
import { Frontier } from './order/frontier.js';
import { Event, SAMPLE_TYPE, SYNC_TYPE, type TraceEvent } from './event.js';
import { TraceValidationError } from './validation-error.js';
import { ID_ARGS, idsUnsure } from './order/table-ids.js';

/** The iterators' end result (shared: it carries no event). */
const ITER_DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/** Returned by ReaderCore.next() when the driver must run `load()`. */
export const NEED_GENERATION: unique symbol = Symbol('need-generation');

type Loaded = { kind: 'spill'; r: SpillResult } | { kind: 'marked'; g: Generation | undefined } | { kind: 'marked-error'; e: unknown };

export class ReaderCore {
  private lastTs: I64 = 0;
  /** The reused record CPU samples are delivered in. */
  private readonly sampleRec = new Event(SAMPLE_TYPE, 0, undefined, -1);
  private gen: Generation | undefined;
  private readonly frontier = new Frontier();
  private samples: Generation['cpuSamples'] = [];
  private sampleIdx = 0;
  readonly engine: OrderingEngine;
  private syncs = 0;
  private done = false;
  // < 1.26
  private spill: Batch | undefined;
  private deferredErr: unknown;
  private deferredSyncEmitted = false;
  // ≥ 1.26
  private stickyErr: unknown;
  private loaded: Loaded | undefined;
  /** Generations installed so far. */
  generationsRead = 0;
  /**
   * Set with every Sync returned: whether the generation before it is known to be complete
   * (false only for the Sync that precedes a pre-1.26 deferred read error). Used by salvage mode.
   */
  lastSyncClosesComplete = true;

  /** `limits`: resolved by the driver (resolveGenerationLimits), so bad options fail before any reading. */
  constructor(
    readonly version: TraceVersion,
    private readonly limits: Required<GenerationLimits> = DEFAULT_GENERATION_LIMITS,
  ) {
    this.engine = new OrderingEngine(version);
  }

  /**
   * The next event, null at the end, or NEED_GENERATION. Throws the trace's error. The event is
   * a reused record, valid until the next call (clone it to keep it).
   */
  next(): Event | null | typeof NEED_GENERATION {
    if (this.done) return null;
    try {
      // run()'s step, with its inline common case (which nextUnsafe() alone does not have).
      const ev = this.take();
      if (ev !== null) return ev;
      return this.ended ? null : NEED_GENERATION;
    } catch (e) {
      if (this.endsAtEof(e)) return null;
      throw e;
    }
  }

  /**
   * Go returns a table's bare uvarint "EOF" as io.EOF itself, which every Go caller (ReadEvent
   * loops, the checker, go tool trace) takes for the end of the trace: so does this reader.
   */
  private endsAtEof(e: unknown): boolean {
    if (!(e instanceof TraceValidationError && e.goMessage === 'EOF')) return false;
    this.done = true;
    return true;
  }

  /** next() without the EOF rule (the callers apply it). */
  private nextUnsafe(): Event | null | typeof NEED_GENERATION {
    if (this.done) return null;
    const ev = this.nextUnchecked();
    if (ev === null || ev === NEED_GENERATION) return ev;
    return this.deliver(ev);
  }

  /** The last step for every delivered event: its table IDs checked, its time bumped past the last. */
  private deliver(ev: Event): Event {
    if (ev.idCheck !== 0) checkTableIds(ev, this.gen);
    const last = this.lastTs;
    if (ev.ns <= last) {
      // Events at one time (a GoSwitch and the events it implies, ~1 in 6 here) are bumped 1 ns
      // apart. The common case inline: a call that returns a double boxes it, once per bump.
      ev.ns = typeof last === 'number' && last < Number.MAX_SAFE_INTEGER ? last + 1 : addNs(last, 1);
    }
    this.lastTs = ev.ns;
    return ev;
  }

  /**
   * Delivers events to `visit` (reused records, as next() returns them) until a generation must
   * be loaded or the trace ends (`ended` tells which); returns how many it delivered. Throws the
   * trace's error after the events before it. The same events as calling next() in a loop, with
   * the common step — the earliest thread's event advances, no CPU sample is due — done inline.
   */
  run(visit: (ev: Event) => void): number {
    let n = 0;
    for (;;) {
      let ev: Event | null;
      try {
        ev = this.take();
      } catch (e) {
        if (!this.endsAtEof(e)) throw e;
        this.ended = true;
        return n;
      }
      if (ev === null) return n;
      n++;
      visit(ev); // outside the try: the visitor's own exceptions pass through untouched
    }
  }

  /** run()'s step: the next event to deliver, or null with `ended` set when run() must stop. */
  private take(): Event | null {
    const engine = this.engine;
    const frontier = this.frontier;
    let ev = engine.pop();
    if (ev === undefined) {
      const gen = this.gen;
      if (frontier.length !== 0 && gen !== undefined && (this.sampleIdx >= this.samples.length || !(this.samples[this.sampleIdx]!.time < frontier.minKey()))) {
        const c = frontier.at(0);
        if (engine.advance(c)) {
          if (c.next()) frontier.updateRoot();
          else this.retire(0);
          ev = engine.pop()!;
        }
      }
      if (ev === undefined) {
        const x = this.nextUnsafe();
        if (x === null || x === NEED_GENERATION) {
          this.ended = x === null;
          return null;
        }
        return x;
      }
    }
    return this.deliver(ev);
  }

  /** After run(): whether it stopped at the end of the trace (else a generation must be loaded). */
  ended = false;

  /** Reads the next generation; drive it with top-level records (see the drivers below). */
  *load(): GenCoroutine<void> {
    this.loadStart = this.spill ? this.spill.offset : -1;
    const co: GenCoroutine<SpillResult | Generation | undefined> =
      this.version < 26 ? readGenerationWithSpill(this.version, this.spill, this.limits) : readGenerationMarked(this.version, this.limits);
    try {
      let st = co.next();
      while (!st.done) {
        const r = yield;
        if (this.loadStart < 0 && 'rec' in r) this.loadStart = r.rec.offset;
        st = co.next(r);
      }
      this.loaded = this.version < 26 ? { kind: 'spill', r: st.value as SpillResult } : { kind: 'marked', g: st.value as Generation | undefined };
    } catch (e) {
      this.loaded = { kind: 'marked-error', e };
    }
  }

  /** Byte offset where the generation being (or last) loaded starts (−1 if unknown). */
  loadStart = -1;

  private syncNil(): Event {
    this.lastSyncClosesComplete = true;
    this.syncs++;
    const ev = new Event(SYNC_TYPE, this.lastTs, undefined, -1);
    ev.carried = this.syncs;
    return ev;
  }

  private nextUnchecked(): Event | null | typeof NEED_GENERATION {
    const q = this.engine.pop();
    if (q) return q;
    const frontier = this.frontier;
    if (frontier.length === 0 && this.sampleIdx >= this.samples.length) {
      const l = this.loaded;
      if (l) {
        this.loaded = undefined;
        return this.installLoaded(l);
      }
      if (this.version < 26) {
        if (this.deferredErr !== undefined) {
          if (this.deferredSyncEmitted) throw this.deferredErr;
          this.deferredSyncEmitted = true;
          const ev = this.syncNil();
          this.lastSyncClosesComplete = false; // the read stopped inside this generation
          return ev;
        }
        if (this.gen && !this.spill) {
          this.done = true;
          return this.syncNil();
        }
      } else if (this.stickyErr !== undefined) {
        throw this.stickyErr;
      }
      return NEED_GENERATION;
    }
    const gen = this.gen!;
    if (this.sampleIdx < this.samples.length) {
      const s = this.samples[this.sampleIdx]!;
      if (frontier.length === 0 || s.time < frontier.minKey()) {
        this.sampleIdx++;
        const ev = this.sampleRec;
        ev.type = SAMPLE_TYPE;
        ev.ns = s.time;
        ev.tables = gen.tables;
        ev.argc = 1;
        ev.a0 = s.stack;
        ev.m = s.m;
        ev.p = s.p;
        ev.g = s.g;
        return ev;
      }
    }
    if (!this.tryAdvance(0)) {
      frontier.sort();
      let ok = false;
      for (let i = 1; i < frontier.length; i++) {
        if (this.tryAdvance(i)) {
          ok = true;
          break;
        }
      }
      if (!ok) {
        const head = frontier.at(0);
        throw new TraceValidationError(
          'failed-to-advance',
          `broken trace: failed to advance: frontier:\n[gen=${gen.gen}]\n\n${dumpFrontier(frontier)}\n${this.engine.dump()}\n`,
          { generation: gen.gen, thread: head.m, offset: head.ev.offset },
        );
      }
    }
    return this.engine.pop()!;
  }

  private tryAdvance(i: number): boolean {
    const c = this.frontier.at(i);
    if (!this.engine.advance(c)) return false;
    if (c.next()) this.frontier.update(i);
    else this.retire(i);
    return true;
  }

  /** Removes the exhausted cursor at frontier position i; its record goes back to the engine. */
  private retire(i: number): void {
    const c = this.frontier.at(i);
    this.frontier.remove(i);
    this.engine.giveRecord(c.ev);
  }

  private installLoaded(l: Loaded): Event {
    if (l.kind === 'spill') {
      const r = l.r;
      if (!r.generation) {
        this.gen = undefined;
        this.deferredErr = r.error;
        this.deferredSyncEmitted = true;
        return this.syncNil();
      }
      this.spill = r.spill;
      this.deferredErr = r.deferred;
      return this.install(r.generation);
    }
    if (l.kind === 'marked-error') {
      this.stickyErr = l.e;
      this.gen = undefined;
      return this.syncNil();
    }
    if (!l.g) {
      this.gen = undefined;
      this.done = true;
      return this.syncNil();
    }
    return this.install(l.g);
  }

  private install(g: Generation): Event {
    this.gen = g;
    this.generationsRead++;
    this.samples = g.cpuSamples;
    this.sampleIdx = 0;
    this.engine.beginGeneration(g.gen, g.tables);
    for (const [m, batches] of g.batchesByM) {
      const c = new BatchCursor(m, batches, g.freq, g.tables, this.engine.takeRecord());
      if (c.next()) this.frontier.insert(c);
    }
    this.syncs++;
    this.lastSyncClosesComplete = true;
    const ev = new Event(SYNC_TYPE, ticksToNs(g.freq, g.minTs), g.tables, g.startOffset);
    ev.carried = this.syncs;
    return ev;
  }
}

/**
 * The full check of an event's stack and string IDs against its generation's tables, for the
 * events whose IDs are not known good (see Event.idCheck). Most types carry none.
 */
function checkTableIds(ev: Event, gen: Generation | undefined): void {
  const f = ID_ARGS[ev.type]!;
  if (f === 0) return;
  const t = ev.tables!;
  if (idsUnsure(f, t.stackBits, t.stringBits, ev.a0, ev.a1, ev.a2, ev.a3)) checkIds(ev, f, gen);
}

/** The precise check (bigint IDs, misses): throws Go's error for the first bad ID, stacks first. */
function checkIds(ev: Event, f: number, gen: Generation | undefined): void {
  const t = ev.tables!;
  const name = SPEC_BY_TYPE[ev.type]!.name;
  for (let i = 0; i < 4; i++) {
    if ((f & (1 << i)) !== 0 && !t.hasStack(ev.arg(i))) throw idError(`found invalid stack ID ${ev.arg(i)} for event ${name}`, ev, gen);
  }
  for (let i = 0; i < 4; i++) {
    if ((f & (16 << i)) !== 0 && !t.hasString(ev.arg(i))) throw idError(`found invalid string ID ${ev.arg(i)} for event ${name}`, ev, gen);
  }
}

function idError(msg: string, ev: Event, gen: Generation | undefined): TraceValidationError {
  return new TraceValidationError('bad-table-id', msg, { generation: gen?.gen, thread: ev.m, offset: ev.offset });
}

function dumpFrontier(f: Frontier): string {
  let s = '';
  for (const c of f.cursors()) {
    const spec = SPEC_BY_TYPE[c.ev.type]!;
    s += `M ${c.m} [${spec.name} time=${c.ev.ns}`;
    for (let i = 1; i < spec.argNames.length; i++) s += ` ${spec.argNames[i]}=${c.ev.arg(i - 1)}`;
    s += ']\n';
  }
  return s;
}

// ---------------------------------------------------------------------------------------------
// Drivers

export interface ReadOptions {
  /**
   * Keep every complete generation before damage instead of failing (like `go tool trace`):
   * reading ends quietly and `salvageReport` says what was lost. Events are then delivered one
   * generation late. Default false: stop with Go's error after the events Go delivers.
   */
  readonly salvage?: boolean;
  /**
   * Per-generation limits (defaults: DEFAULT_GENERATION_LIMITS). Exceeding a size limit of the
   * generation (bytes, strings, stacks, frames) is a LimitExceededError; a string or stack longer
   * than maxStringSize / maxFramesPerStack is Go's own error, a TraceValidationError `bad-table`.
   */
  readonly limits?: GenerationLimits;
  /** Largest batch payload accepted (default Go's 65,536); a larger claim is a LimitExceededError `batch size`. */
  readonly maxBatchSize?: number;
}

/** ReadOptions: only known keys, salvage a boolean (the limits are checked where they are resolved). */
function checkReadOptions(options: ReadOptions | undefined): ReadOptions {
  const o = checkOptionKeys('reader options', options, ['salvage', 'limits', 'maxBatchSize']);
  if (o.salvage !== undefined && typeof o.salvage !== 'boolean') throw new TypeError(`option salvage must be true or false, got ${describeValue(o.salvage)}`);
  return o;
}

function pullSync(r: ByteReader, maxBatchSize: number): RecordResult {
  try {
    const rec = readRecord(r, 0, true, false, maxBatchSize);
    if (rec === undefined || rec === 'need-more') return { eof: true };
    return { rec };
  } catch (err) {
    return { err };
  }
}

/**
 * Reads an in-memory trace synchronously. Iterating yields every event; the trace's error (if
 * any) is thrown after the events Go would deliver before it.
 */
export class TraceReaderSync implements Iterable<TraceEvent> {
  readonly version: TraceVersion;
  private readonly core: ReaderCore;
  private readonly r: ByteReader;
  private readonly salvager: Salvager | undefined;
  private readonly maxBatchSize: number;
  private readonly bytes: Uint8Array;
  constructor(bytes: Uint8Array, options: ReadOptions = {}) {
    this.bytes = bytes = toBytes(bytes);
    options = checkReadOptions(options);
    const h = readHeader(bytes);
    this.version = h.version;
    this.core = new ReaderCore(h.version, resolveGenerationLimits(options.limits));
    this.r = new ByteReader(bytes, h.size, bytes.length);
    this.maxBatchSize = limitOption('maxBatchSize', options.maxBatchSize, MAX_BATCH_SIZE);
    if (options.salvage) this.salvager = new Salvager();
  }

  /** In salvage mode, after the end: what was lost (undefined if the trace was intact). */
  get salvageReport(): SalvageReport | undefined {
    return this.salvager?.report;
  }

  /** The next event, or null at the end of the trace. */
  readEvent(): TraceEvent | null {
    const s = this.salvager;
    if (!s) {
      const x = this.readRaw();
      return x === null ? null : (x.clone() as TraceEvent);
    }
    for (;;) {
      const ev = s.take();
      if (ev !== undefined) return ev as TraceEvent | null;
      try {
        const x = this.readRaw();
        if (x === null) s.end();
        else s.event(x.clone(), this.core.lastSyncClosesComplete);
      } catch (e) {
        s.fail(e, this.bytes.length, this.core.loadStart);
      }
    }
  }

  /**
   * The next event as a reused record — one of a few records the reader rotates through, valid
   * until the next call (call `clone()` to keep an event) — or null at the end. The fastest
   * pull-style read: no allocation per event. In salvage mode events are buffered copies anyway.
   */
  readEventView(): TraceEvent | null {
    if (this.salvager) return this.readEvent();
    return this.readRaw() as TraceEvent | null;
  }

  /**
   * Calls `visit` with every event (a reused record, valid during the call; `clone()` it to keep
   * it) and returns the number of events. Throws the trace's error after the events before it.
   */
  scan(visit: (ev: TraceEvent) => void): number {
    let n = 0;
    if (this.salvager) {
      for (let ev = this.readEvent(); ev !== null; ev = this.readEvent()) {
        n++;
        visit(ev);
      }
      return n;
    }
    const core = this.core;
    for (;;) {
      n += core.run(visit as (ev: Event) => void);
      if (core.ended) return n;
      this.loadGeneration();
    }
  }

  private readRaw(): Event | null {
    for (;;) {
      const x = this.core.next();
      if (x !== NEED_GENERATION) return x;
      this.loadGeneration();
    }
  }

  /** Feeds the core the next generation's records from the bytes. */
  private loadGeneration(): void {
    const co = this.core.load();
    let st = co.next();
    while (!st.done) st = co.next(pullSync(this.r, this.maxBatchSize));
  }

  [Symbol.iterator](): IterableIterator<TraceEvent> {
    // A plain iterator object rather than a generator (a third faster per event) that behaves like
    // one: done for good after the end, an error or return() (a `break`), and iterable itself.
    let done = false;
    const it: IterableIterator<TraceEvent> = {
      next: (): IteratorResult<TraceEvent> => {
        if (done) return ITER_DONE;
        let ev: TraceEvent | null;
        try {
          ev = this.readEvent();
        } catch (e) {
          done = true;
          throw e;
        }
        if (ev === null) {
          done = true;
          return ITER_DONE;
        }
        return { done: false, value: ev };
      },
      return: (): IteratorResult<TraceEvent> => {
        done = true;
        return ITER_DONE;
      },
      [Symbol.iterator]: () => it,
    };
    return it;
  }

}

/** Reads a trace from any source (Uint8Array, Node Readable, web ReadableStream, async iterable). */
export class TraceReader implements AsyncIterable<TraceEvent> {
  private core: ReaderCore | undefined;
  private records: AsyncIterator<TopLevelRecord> | undefined;
  private opening: Promise<void> | undefined;
  private ver: TraceVersion | undefined;
  private readonly salvager: Salvager | undefined;
  private readonly counted: CountingSource | undefined;
  private readonly source: TraceSource;
  private readonly limits: Required<GenerationLimits>;
  private readonly maxBatchSize: number;
  constructor(source: TraceSource, options: ReadOptions = {}) {
    // The source's kind and the options are checked here, before any reading (the core is made
    // once the header is read).
    checkSource(source);
    options = checkReadOptions(options);
    this.limits = resolveGenerationLimits(options.limits);
    this.maxBatchSize = limitOption('maxBatchSize', options.maxBatchSize, MAX_BATCH_SIZE);
    if (options.salvage) {
      this.salvager = new Salvager();
      this.counted = new CountingSource(source);
      this.source = this.counted;
    } else {
      this.source = source;
    }
  }

  /** In salvage mode, after the end: what was lost (undefined if the trace was intact). */
  get salvageReport(): SalvageReport | undefined {
    return this.salvager?.report;
  }

  private async open(): Promise<void> {
    if (!this.opening) {
      this.opening = (async () => {
        const bs = await openBatches(this.source, { maxBatchSize: this.maxBatchSize });
        this.ver = bs.version;
        this.core = new ReaderCore(bs.version, this.limits);
        this.records = bs[Symbol.asyncIterator]();
      })();
    }
    await this.opening;
  }

  /** Resolves once the header has been read (rejects with the header's error). */
  ready(): Promise<void> {
    return this.open();
  }

  /** The trace version (after the first read). */
  get version(): TraceVersion | undefined {
    return this.ver;
  }

  private async pull(): Promise<RecordResult> {
    try {
      const r = await this.records!.next();
      return r.done ? { eof: true } : { rec: r.value };
    } catch (err) {
      return { err };
    }
  }

  /** The next event, or null at the end of the trace. Rejects with the trace's error. */
  readEvent(): Promise<TraceEvent | null> {
    // Fast path: inside a generation no I/O is needed, so skip the async machinery.
    const core = this.core;
    if (core && !this.salvager) {
      try {
        const x = core.next();
        if (x !== NEED_GENERATION) return Promise.resolve(x === null ? null : (x.clone() as TraceEvent));
      } catch (e) {
        return Promise.reject(e);
      }
    }
    return this.readEventSlow();
  }

  private async readEventSlow(): Promise<TraceEvent | null> {
    const s = this.salvager;
    if (!s) {
      const x = await this.readRaw();
      return x === null ? null : (x.clone() as TraceEvent);
    }
    for (;;) {
      const ev = s.take();
      if (ev !== undefined) return ev as TraceEvent | null;
      try {
        const x = await this.readRaw();
        if (x === null) s.end();
        else s.event(x.clone(), this.core!.lastSyncClosesComplete);
      } catch (e) {
        if (!this.core) throw e; // a bad header: nothing to salvage
        s.fail(e, await this.counted!.drain(), this.core.loadStart);
      }
    }
  }

  /** The next event as a reused record (see TraceReaderSync.readEventView), or null at the end. */
  private async readRaw(): Promise<Event | null> {
    await this.open();
    const core = this.core!;
    for (;;) {
      const x = core.next();
      if (x !== NEED_GENERATION) return x;
      await this.loadGeneration(core);
    }
  }

  /** Feeds the core the next generation's records from the source. */
  private async loadGeneration(core: ReaderCore): Promise<void> {
    const co = core.load();
    let st = co.next();
    while (!st.done) st = co.next(await this.pull());
  }

  /**
   * Calls `visit` with every event — a reused record, valid during the call (`clone()` it to
   * keep it) — and resolves to the number of events; rejects with the trace's error after the
   * events before it. The fastest way to read a stream: no allocation per event, and awaits
   * only while a generation is being read in, never per event.
   */
  async scan(visit: (ev: TraceEvent) => void): Promise<number> {
    let n = 0;
    if (this.salvager) {
      for (let ev = await this.readEvent(); ev !== null; ev = await this.readEvent()) {
        n++;
        visit(ev);
      }
      return n;
    }
    await this.open();
    const core = this.core!;
    for (;;) {
      n += core.run(visit as (ev: Event) => void);
      if (core.ended) return n;
      await this.loadGeneration(core);
    }
  }

  /**
   * Events in arrays of up to `max` (one await per array; each event its own object).
   * An empty array never appears; iteration ends at the end of the trace or throws its error.
   */
  async *batches(max = 4096): AsyncGenerator<TraceEvent[]> {
    for (;;) {
      const first = await this.readEvent();
      if (first === null) return;
      const out: TraceEvent[] = [first];
      const core = this.core!;
      if (!this.salvager) {
        let err: unknown;
        try {
          while (out.length < max) {
            const x = core.next();
            if (x === NEED_GENERATION || x === null) break;
            out.push(x.clone() as TraceEvent);
          }
        } catch (e) {
          err = e;
        }
        yield out;
        if (err !== undefined) throw err;
        continue;
      }
      yield out;
    }
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<TraceEvent> {
    // An iterator object rather than an async generator, for speed; it behaves like one: done
    // for good after the end, an error or return() (a `break`), and iterable itself.
    let done = false;
    const end = (): IteratorReturnResult<undefined> => {
      done = true;
      return ITER_DONE;
    };
    const it: AsyncIterableIterator<TraceEvent> = {
      next: (): Promise<IteratorResult<TraceEvent>> => {
        if (done) return Promise.resolve(ITER_DONE);
        // Inside a generation: one already-settled promise per event, as readEvent()'s fast path
        // (chaining readEvent().then(...) cost a second promise and a callback per event).
        const core = this.core;
        if (core && !this.salvager) {
          try {
            const x = core.next();
            if (x !== NEED_GENERATION) return Promise.resolve(x === null ? end() : { done: false, value: x.clone() as TraceEvent });
          } catch (e) {
            end();
            return Promise.reject(e);
          }
        }
        return this.readEventSlow().then(
          (ev) => (ev === null ? end() : { done: false, value: ev }),
          (e: unknown) => {
            end();
            throw e;
          },
        );
      },
      return: (): Promise<IteratorResult<TraceEvent>> => Promise.resolve(end()),
      [Symbol.asyncIterator]: () => it,
    };
    return it;
  }

}

/** Counts the bytes of a source as they pass; `drain()` reads the rest to learn the total. */
class CountingSource implements AsyncIterable<Uint8Array> {
  bytes = 0;
  private it: AsyncIterator<Uint8Array> | Iterator<Uint8Array> | undefined;
  constructor(private readonly src: TraceSource) {}
  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    this.it = toChunkSource(this.src);
    for (;;) {
      const r = await this.it.next();
      if (r.done) return;
      this.bytes += r.value.length;
      yield r.value;
    }
  }
  async drain(): Promise<number> {
    if (!this.it) return -1;
    for (;;) {
      const r = await this.it.next();
      if (r.done) return this.bytes;
      this.bytes += r.value.length;
    }
  }
}

/** Opens a trace for async reading (the header is checked before this resolves). */
export async function openTrace(source: TraceSource, options: ReadOptions = {}): Promise<TraceReader> {
  const r = new TraceReader(source, options);
  await r.ready();
  return r;
}

/** Iterates the events of an in-memory trace synchronously. */
export function readTraceSync(bytes: Uint8Array, options: ReadOptions = {}): TraceReaderSync {
  return new TraceReaderSync(bytes, options);
}

export interface ValidationResult {
  /** Events delivered before the end or the error. */
  readonly events: number;
  /** The error Go's reader reports for this trace, or undefined when it reads cleanly. */
  readonly error: Error | undefined;
}

/**
 * Reads a whole trace, counting events; returns the trace's error (or the source's read error)
 * instead of throwing it. A wrong argument (not a trace source) and an exception from `onEvent`
 * are the caller's, and are thrown as they are.
 */
export async function validateTrace(source: TraceSource, onEvent?: (ev: TraceEvent) => void): Promise<ValidationResult> {
  checkCallback(onEvent);
  const reader = new TraceReader(source); // checks the source's kind: a TypeError here is thrown
  const v = new Validation(onEvent);
  try {
    await reader.scan(v.visit);
  } catch (e) {
    return v.failed(e);
  }
  return { events: v.events, error: undefined };
}

/** Synchronous validateTrace for in-memory traces. */
export function validateTraceSync(bytes: Uint8Array, onEvent?: (ev: TraceEvent) => void): ValidationResult {
  bytes = toBytes(bytes);
  checkCallback(onEvent);
  const v = new Validation(onEvent);
  try {
    new TraceReaderSync(bytes).scan(v.visit);
  } catch (e) {
    return v.failed(e);
  }
  return { events: v.events, error: undefined };
}

function checkCallback(onEvent: unknown): void {
  if (onEvent !== undefined && typeof onEvent !== 'function') throw new TypeError(`onEvent: expected a function, got ${describeValue(onEvent)}`);
}

/** One validation's count, and the line between the trace's errors and the callback's. */
class Validation {
  events = 0;
  private callbackThrew = false;
  constructor(private readonly onEvent: ((ev: TraceEvent) => void) | undefined) {}
  // The callback gets events of its own (clones), as from readEvent(); without one, nothing is copied.
  readonly visit = (ev: TraceEvent): void => {
    this.events++;
    if (this.onEvent === undefined) return;
    this.callbackThrew = true;
    this.onEvent(ev.clone());
    this.callbackThrew = false;
  };
  failed(e: unknown): ValidationResult {
    // The callback's exceptions, and a source yielding something other than bytes, are the
    // caller's, not the trace's verdict. (A stream's own read errors — a fetch body's network
    // TypeError too — are returned.)
    if (this.callbackThrew || e instanceof SourceChunkError) throw e;
    return { events: this.events, error: e instanceof Error ? e : new Error(String(e)) };
  }
}

