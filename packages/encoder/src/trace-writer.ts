/**
 * TraceWriter: writes the trace the Go runtime would have written for what a producer says its
 * threads, procs and goroutines did. It fills in what the runtime fills in — sequence numbers,
 * timestamp deltas, string and stack IDs (through @gotrace/stack-table), status events at the
 * first mention of a goroutine or proc in each generation, the end-of-generation status batch,
 * the frequency / sync batch and, for version 26, the EndOfGeneration marker — and in strict mode
 * rejects, at the call, anything Go's reader would reject.
 */
import { TraceWriterOptionsSchema, checkOptions } from './options.js';
import { GenerationTables, type Stack, type StackId, type StringId, type Symbolizer, type U64 } from '@gotrace/stack-table';
import {
  CURRENT_VERSION,
  EventType,
  GoStatus,
  ProcStatus,
  versionFeatures,
  type TraceVersion,
} from '@gotrace/decoder/format';
import { headerBytes } from '@gotrace/decoder/wire';
import { BatchBuffer, NO_THREAD, PAYLOAD_LIMIT, putUvarint, sealBatch, type LengthStyle } from './batch-buffer.js';
import { SectionSink } from './table-sink.js';
import { StrictModeError, TraceWriterError } from './strict/errors.js';
import {
  GO_STATUS_BY_NAME,
  PROC_STATUS_BY_NAME,
  newG,
  newP,
  type GState,
  type GoStatusName,
  type PState,
  type ProcStatusName,
} from './model.js';
import { ThreadWriter } from './thread-writer.js';

export type ClockOption = 'explicit' | 'monotonic' | (() => number);

export interface TraceWriterOptions {
  /** Trace format version: 22, 23, 25 or 26 (default 26). */
  readonly version?: TraceVersion;
  /** Trace clock ticks per second (default 15 625 000, the runtime's nanotime/64). */
  readonly frequency?: number;
  /**
   * Where event times come from. 'explicit' (default): each thread's time is set with
   * `thread.at(ticks)`. 'monotonic': the process's monotonic clock converted to ticks. A function:
   * called for every event, returns ticks.
   */
  readonly clock?: ClockOption;
  /** Batch length field: 'padded' to 10 bytes like the runtime (default), or 'minimal'. */
  readonly batchLength?: LengthStyle;
  /** Reject calls Go's reader would reject (default true). */
  readonly strict?: boolean;
  /** Number of the first generation (default 1). */
  readonly firstGeneration?: number;
  /** Advance automatically once a generation spans this many ticks (default: one second = frequency; false = never). */
  readonly generationPeriod?: number | false;
  /** Advance automatically once this many bytes of the generation were written (default false). */
  readonly generationBytes?: number | false;
  /** Unix wall-clock time in nanoseconds at tick 0, for ClockSnapshot (default: 0 for explicit clocks, now for monotonic). */
  readonly epochNs?: bigint;
  /** Receives the output as it is produced (header, then whole generations); otherwise finish() returns it. */
  readonly output?: (chunk: Uint8Array) => void;
  /** Resolves PCs for ThreadWriter stacks given as PCs (optional). */
  readonly symbolize?: Symbolizer;
}

interface CpuSample {
  time: number;
  m: U64;
  p: U64;
  g: number;
  stack: StackId;
}

export class TraceWriter {
  readonly version: TraceVersion;
  readonly frequency: number;
  readonly strict: boolean;
  /** @internal */ readonly lengthStyle: LengthStyle;
  /** @internal */ readonly clockFn: (() => number) | undefined;
  /** @internal */ readonly tables: GenerationTables;
  /** @internal */ readonly goroutines = new Map<number, GState>();
  /** @internal */ readonly procs = new Map<number, PState>();
  /** @internal */ readonly threads = new Map<number, ThreadWriter>();
  /** @internal */ gcRunning = false;
  /** @internal */ gcSeen = false;
  /** @internal */ gcSeq = 0;
  /** @internal */ gcActivePending = false;
  /** @internal Stop-the-world ranges in flight (a generation never advances during one). */
  stwInFlight = 0;
  /** @internal */ readonly tasks = new Set<number>();
  /**
   * @internal Per-generation caches in front of the generation's tables: string → ID, and stack
   * array (by identity; stacks are treated as immutable) → ID. Lookups still happen under a
   * thread's handle on the generation; the cache only skips re-hashing what the table already has.
   */
  strCache = new Map<string, StringId>();
  /** @internal */ stackCache = new Map<Stack, StackId>();
  /** @internal Current generation number. */
  gen: number;
  /** @internal First tick of the current generation, -1 until known. */
  genStart = -1;
  /** @internal Largest time written so far. */
  lastTime = 0;
  /** @internal */ genBytes = 0;
  /** @internal */ readonly period: number;
  /** @internal */ readonly sizeLimit: number;
  private readonly firstGen: number;
  private readonly epochNs: bigint;
  private readonly out: ((chunk: Uint8Array) => void) | undefined;
  private readonly collected: Uint8Array[] = [];
  private chunks: Uint8Array[] = [];
  private sink!: SectionSink;
  private own!: ReturnType<GenerationTables['acquire']>;
  private cpuSamples: CpuSample[] = [];
  private finished = false;
  private eventCount = 0;

  constructor(options: TraceWriterOptions = {}) {
    checkOptions(TraceWriterOptionsSchema, options, (m) => new TraceWriterError('bad-option', `TraceWriter options: ${m}`));
    const version = options.version ?? CURRENT_VERSION;
    this.version = version;
    const freq = options.frequency ?? 15_625_000;
    this.frequency = freq;
    this.strict = options.strict ?? true;
    this.lengthStyle = options.batchLength ?? 'padded';
    const clock = options.clock ?? 'explicit';
    if (clock === 'monotonic') {
      const perTick = 1e9 / freq;
      this.clockFn = () => Math.floor(Number(process.hrtime.bigint()) / perTick);
    } else if (typeof clock === 'function') this.clockFn = clock;
    else this.clockFn = undefined;
    this.firstGen = options.firstGeneration ?? 1;
    this.gen = this.firstGen;
    const period = options.generationPeriod ?? freq;
    this.period = period === false ? Infinity : period;
    const bytes = options.generationBytes ?? false;
    this.sizeLimit = bytes === false ? Infinity : bytes;
    this.epochNs = options.epochNs ?? (clock === 'monotonic' ? BigInt(Date.now()) * 1_000_000n - process.hrtime.bigint() : 0n);
    this.out = options.output;
    this.tables = new GenerationTables(options.symbolize ? { symbolize: options.symbolize } : {});
    this.emit(headerBytes(version));
    this.startGeneration(this.clockFn ? this.clockFn() : -1);
  }

  /** The thread writer for OS thread `m` (the same object for the same m). */
  thread(m: number): ThreadWriter {
    let t = this.threads.get(m);
    if (t === undefined) {
      if (!Number.isSafeInteger(m) || m < 0) throw new TraceWriterError('bad-argument', `thread ID must be a non-negative safe integer, got ${m}`);
      this.checkOpen();
      t = new ThreadWriter(this, m);
      this.threads.set(m, t);
    }
    return t;
  }

  /** Current generation number. */
  get generation(): number {
    return this.gen;
  }

  /** Events written so far (not counting the status events the writer adds). */
  get events(): number {
    return this.eventCount;
  }

  /**
   * Declares a goroutine that exists when the trace starts (only in the first generation).
   * 'running' and 'syscall' need the thread it is on; 'running' also makes it that thread's
   * current goroutine (the thread needs a running proc: declare one with declareProc).
   */
  declareGoroutine(g: number, status: GoStatusName, m?: number): void {
    this.checkOpen();
    checkId(g, 'goroutine');
    if (this.strict) {
      if (this.gen !== this.firstGen) {
        throw new StrictModeError('status-after-first-generation', { event: 'declareGoroutine', g }, 'goroutines can only be declared in the first generation; create them with goCreate');
      }
      if (this.goroutines.has(g)) throw new StrictModeError('goroutine-exists', { event: 'declareGoroutine', g }, 'goroutine already exists');
    }
    const st = GO_STATUS_BY_NAME[status];
    if (st === undefined) throw new TraceWriterError('bad-argument', `unknown goroutine status ${String(status)}`);
    let mm = -1;
    if (st === GoStatus.Running || st === GoStatus.Syscall) {
      if (m === undefined) throw new TraceWriterError('bad-argument', `a ${status} goroutine needs its thread`);
      const t = this.thread(m);
      if (this.strict && t.state.g >= 0) throw new StrictModeError('has-goroutine', { event: 'declareGoroutine', m, g }, `thread already runs goroutine ${t.state.g}`);
      t.state.g = g;
      mm = m;
    }
    this.goroutines.set(g, newG(g, st, mm, true));
  }

  /** Declares a proc's state when the trace starts. Procs never declared start idle. */
  declareProc(p: number, status: ProcStatusName, m?: number): void {
    this.checkOpen();
    checkId(p, 'proc');
    const st = PROC_STATUS_BY_NAME[status];
    if (st === undefined) throw new TraceWriterError('bad-argument', `unknown proc status ${String(status)}`);
    let mm = -1;
    if (st !== ProcStatus.Idle) {
      if (m === undefined) throw new TraceWriterError('bad-argument', `a ${status} proc needs its thread`);
      const t = this.thread(m);
      if (this.strict && t.state.p >= 0) throw new StrictModeError('has-proc', { event: 'declareProc', m, p }, `thread already holds proc ${t.state.p}`);
      t.state.p = p;
      mm = m;
    }
    const prev = this.procs.get(p);
    if (this.strict && prev !== undefined && prev.m >= 0) throw new StrictModeError('proc-not-idle', { event: 'declareProc', p }, `proc is already held by thread ${prev.m}`);
    this.procs.set(p, newP(p, st, mm));
  }

  /**
   * Declares that a GC mark phase is in progress when the trace starts (first generation only):
   * the writer announces it with GCActive before the first event, and gcEnd may follow.
   */
  declareGCRunning(): void {
    this.checkOpen();
    if (this.strict) {
      if (this.gen !== this.firstGen || this.eventCount > 0) {
        throw new StrictModeError('status-after-first-generation', { event: 'declareGCRunning' }, 'a GC in progress can only be declared before the first event');
      }
      if (this.gcSeen) throw new StrictModeError('gc-already-running', { event: 'declareGCRunning' }, 'a GC is already in progress');
    }
    this.gcRunning = true;
    this.gcSeen = true;
    this.gcActivePending = true;
  }

  /** A CPU profile sample at an absolute time (ticks). `p` and `g` may be omitted (no P / no goroutine). */
  cpuSample(time: number, m: number, stack: Stack, p?: number, g?: number): void {
    this.checkOpen();
    if (!Number.isSafeInteger(time) || time < 0) throw new TraceWriterError('bad-argument', `cpuSample: time must be a non-negative safe integer, got ${time}`);
    // The generation's Sync must not come after its samples (the reader would move them).
    if (this.genStart < 0 || time < this.genStart) this.genStart = time;
    this.cpuSamples.push({
      time,
      m,
      p: p === undefined ? NO_THREAD : p,
      g: g ?? 0,
      stack: this.own.put(stack),
    });
  }

  /**
   * Ends the current generation and starts the next: every thread's open batch is flushed and its
   * hold on the generation released, then (quiescent) the status batch, CPU samples, stacks and
   * strings, the frequency / sync batch and for 26 the EndOfGeneration marker are written.
   * `at` (ticks) is when the new generation starts (default: the clock, or the last event's time).
   */
  advanceGeneration(at?: number): void {
    this.checkOpen();
    if (at !== undefined && (!Number.isSafeInteger(at) || at < 0)) throw new TraceWriterError('bad-argument', `advanceGeneration: time must be a non-negative safe integer, got ${at}`);
    if (this.strict && this.stwInFlight > 0) {
      throw new StrictModeError(
        'stw-across-generations',
        { event: 'advanceGeneration' },
        'a stop-the-world is in flight; the runtime never advances a generation during one (Go would name the range with a string of the wrong generation)',
      );
    }
    const now = at ?? (this.clockFn ? this.clockFn() : this.lastTime);
    const t = Math.max(now, this.lastTime);
    this.closeGeneration();
    this.gen++;
    this.lastTime = t;
    this.startGeneration(t);
  }

  /** Closes the last generation and returns the whole trace (empty when an output callback is used). */
  finish(): Uint8Array {
    this.checkOpen();
    this.closeGeneration();
    this.finished = true;
    const parts = this.collected;
    let n = 0;
    for (const c of parts) n += c.length;
    const all = new Uint8Array(n);
    let o = 0;
    for (const c of parts) {
      all.set(c, o);
      o += c.length;
    }
    this.collected.length = 0;
    return all;
  }

  // ---------------------------------------------------------------------------------------------
  // Internals used by ThreadWriter.

  /** @internal */
  get isFirstGeneration(): boolean {
    return this.gen === this.firstGen;
  }

  /** @internal */
  checkOpen(): void {
    if (this.finished) throw new TraceWriterError('finished', 'the trace writer has finished');
  }

  /** @internal Called by a thread for every event before anything is written. */
  beginEvent(ts: number, ev: string, m: number): void {
    if (ts < this.lastTime) {
      if (this.strict) throw new StrictModeError('time-backwards', { event: ev, m }, `time ${ts} is before the previous event's time ${this.lastTime}`);
    }
    if (!Number.isSafeInteger(ts) || ts < 0) throw new TraceWriterError('bad-argument', `${ev}: time must be a non-negative safe integer (ticks), got ${ts}`);
    if (this.genStart < 0) this.genStart = ts;
    else if ((ts - this.genStart >= this.period || this.genBytes >= this.sizeLimit) && this.stwInFlight === 0) {
      this.lastTime = Math.max(this.lastTime, ts);
      this.closeGeneration();
      this.gen++;
      this.startGeneration(ts);
    }
    if (ts > this.lastTime) this.lastTime = ts;
    this.eventCount++;
  }

  /** @internal */
  push(chunk: Uint8Array): void {
    this.chunks.push(chunk);
    this.genBytes += chunk.length;
  }

  private emit(chunk: Uint8Array): void {
    if (this.out) this.out(chunk);
    else this.collected.push(chunk);
  }

  private startGeneration(time: number): void {
    this.genStart = time;
    this.genBytes = 0;
    this.chunks = [];
    this.cpuSamples = [];
    const gen = this.gen;
    this.sink = new SectionSink({
      gen,
      batchTime: () => Math.max(this.lastTime, 0),
      push: (c) => this.push(c),
      lengthStyle: this.lengthStyle,
    });
    this.strCache = new Map();
    this.stackCache = new Map();
    this.own = this.tables.acquire(gen);
    this.tables.strings(gen).bind(this.sink);
    if (gen !== this.firstGen && this.gcRunning) this.gcActivePending = true;
  }

  private closeGeneration(): void {
    const gen = this.gen;
    const features = versionFeatures(this.version);
    const end = this.lastTime;
    const start = this.genStart < 0 ? end : this.genStart;
    const filled = this.chunks.length;
    // 1. Every thread leaves the generation: flush its batch and release its tables handle.
    for (const t of this.threads.values()) t.leaveGeneration(gen);
    // 2. Statuses of the goroutines this generation never mentioned (NoThread batch).
    this.writeStatusBatch(gen, end);
    // 3. CPU samples.
    this.writeCpuSamples(gen, start);
    // 4. Quiescent: dump stacks, then strings (the stack table enforces quiescence).
    this.own.release();
    this.tables.seal(gen);
    this.tables.dump(gen, this.sink);
    // 5. Frequency / sync batch.
    const syncBatch = this.syncBatch(gen, start);
    const chunks = this.chunks;
    if (features.syncBatch) chunks.unshift(syncBatch);
    else chunks.splice(filled, 0, syncBatch);
    for (const c of chunks) this.emit(c);
    if (features.endOfGenerationMarker) this.emit(Uint8Array.of(EventType.EndOfGeneration));
    this.chunks = [];
    this.gcActivePending = false;
  }

  private syncBatch(gen: number, start: number): Uint8Array {
    const buf = new Uint8Array(64);
    let p = 0;
    const time = Math.max(0, start - 1);
    if (versionFeatures(this.version).syncBatch) {
      buf[p++] = EventType.Sync;
      buf[p++] = EventType.Frequency;
      p = putUvarint(buf, p, this.frequency);
      buf[p++] = EventType.ClockSnapshot;
      const dt = start - time;
      p = putUvarint(buf, p, dt);
      const monoNs = (BigInt(start) * 1_000_000_000n) / BigInt(this.frequency);
      const wall = monoNs + this.epochNs;
      p = putUvarint(buf, p, toU64(monoNs));
      p = putUvarint(buf, p, toU64(wall / 1_000_000_000n));
      p = putUvarint(buf, p, Number(wall % 1_000_000_000n));
    } else {
      buf[p++] = EventType.Frequency;
      p = putUvarint(buf, p, this.frequency);
    }
    return sealBatch('event', gen, NO_THREAD, time, buf, p, this.lengthStyle);
  }

  private writeStatusBatch(gen: number, time: number): void {
    const b = new BatchBuffer();
    const withStacks = this.version >= 23;
    for (const g of this.goroutines.values()) {
      if (g.statusGen === gen) continue;
      if (!b.open) b.start(gen, time);
      if (!b.fits(64)) {
        this.push(b.seal(NO_THREAD, this.lengthStyle));
        b.start(gen, time);
      }
      let stack = 0;
      if (withStacks && g.status === GoStatus.Waiting && g.waitStack !== undefined) {
        const cached = this.stackCache.get(g.waitStack);
        stack = cached ?? this.own.put(g.waitStack);
        if (cached === undefined) this.stackCache.set(g.waitStack, stack as StackId);
      }
      const buf = b.buf;
      let p = b.pos;
      buf[p++] = stack !== 0 ? EventType.GoStatusStack : EventType.GoStatus;
      buf[p++] = 0;
      p = putUvarint(buf, p, g.id);
      p = putUvarint(buf, p, g.m >= 0 && (g.status === GoStatus.Running || g.status === GoStatus.Syscall) ? g.m : NO_THREAD);
      buf[p++] = g.status;
      if (stack !== 0) p = putUvarint(buf, p, stack);
      if (g.assist) {
        buf[p++] = EventType.GCMarkAssistActive;
        buf[p++] = 0;
        p = putUvarint(buf, p, g.id);
      }
      b.pos = p;
    }
    // Procs the generation never mentioned (the runtime describes every P in every generation).
    // A proc in a syscall is left out: its first mention must come from its thread or a steal.
    for (const P of this.procs.values()) {
      if (P.statusGen === gen || (P.status !== ProcStatus.Idle && P.status !== ProcStatus.Running)) continue;
      if (!b.open) b.start(gen, time);
      if (!b.fits(64)) {
        this.push(b.seal(NO_THREAD, this.lengthStyle));
        b.start(gen, time);
      }
      const buf = b.buf;
      let p = b.pos;
      buf[p++] = EventType.ProcStatus;
      buf[p++] = 0;
      p = putUvarint(buf, p, P.id);
      buf[p++] = P.status;
      if (P.sweep) {
        buf[p++] = EventType.GCSweepActive;
        buf[p++] = 0;
        p = putUvarint(buf, p, P.id);
      }
      b.pos = p;
    }
    if (b.open) this.push(b.seal(NO_THREAD, this.lengthStyle));
  }

  /**
   * An experimental batch (e.g. the AllocFree type table, experiment 1), written as a NoThread
   * batch of the current generation with a padded length; the payload is opaque (≤ 65 504 bytes
   * with the header). Version ≥ 23.
   */
  experimentalBatch(exp: number, data: Uint8Array): void {
    this.checkOpen();
    if (this.version < 23) throw new TraceWriterError('unsupported-event', `experimental batches need trace version 23 or later`);
    if (!Number.isInteger(exp) || exp < 1 || exp > 127) throw new TraceWriterError('bad-argument', `experiment ID must be 1..127, got ${exp}`);
    if (data.length > PAYLOAD_LIMIT) throw new TraceWriterError('bad-argument', `experimental batch payload of ${data.length} bytes exceeds ${PAYLOAD_LIMIT}`);
    this.push(sealBatch({ exp }, this.gen, NO_THREAD, Math.max(this.lastTime, 0), data, data.length, this.lengthStyle));
  }

  private writeCpuSamples(gen: number, time: number): void {
    if (this.cpuSamples.length === 0) return;
    const b = new BatchBuffer();
    for (const s of this.cpuSamples) {
      if (!b.open || !b.fits(64)) {
        if (b.open) this.push(b.seal(NO_THREAD, this.lengthStyle));
        b.start(gen, time);
        b.buf[b.pos++] = EventType.CPUSamples;
      }
      const buf = b.buf;
      let p = b.pos;
      buf[p++] = EventType.CPUSample;
      p = putUvarint(buf, p, s.time);
      p = putUvarint(buf, p, s.m);
      p = putUvarint(buf, p, s.p);
      p = putUvarint(buf, p, s.g);
      p = putUvarint(buf, p, s.stack);
      b.pos = p;
    }
    this.push(b.seal(NO_THREAD, this.lengthStyle));
    this.cpuSamples = [];
  }
}

function toU64(v: bigint): U64 {
  return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

/** @internal */
export function checkId(v: number, what: string): void {
  if (!Number.isSafeInteger(v) || v < 0) throw new TraceWriterError('bad-argument', `${what} ID must be a non-negative safe integer, got ${String(v)}`);
}

