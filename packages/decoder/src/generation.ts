/**
 * Generation assembly (reader-semantics.md §3–§4): every batch of one generation is read into
 * memory, the structural batches are parsed into the generation's tables, and the regular
 * batches are grouped by thread in first-appearance order for the ordering engine.
 *
 * Reading is written as a coroutine that asks for one top-level record at a time, so the same
 * logic serves the synchronous (in-memory) and the asynchronous (streamed) readers.
 */
import type { U64 } from '@gotrace/stack-table';
import { EventType } from './format/events.js';
import { DEFAULT_GENERATION_LIMITS, type GenerationLimits } from './format/limits.js';
import { LimitExceededError } from './errors.js';
import type { TraceVersion } from './format/versions.js';
import { ByteReader, VarintStatus, varintStatusText } from './wire/varint.js';
import type { Batch, TopLevelRecord } from './wire/batches.js';
import { cmpI64, hex, ticksToNs, toI64, type I64 } from './internal/num.js';
import { TraceValidationError } from './validation-error.js';

/** A PC's frame, shared by every stack of the generation (the first definition wins). */
export interface PcFrame {
  readonly funcId: U64;
  readonly fileId: U64;
  readonly line: U64;
}

export interface CpuSample {
  /** ns (absolute conversion of the sample's tick stamp). */
  time: I64;
  readonly ticks: U64;
  readonly m: I64;
  readonly p: I64;
  /** Wire goroutine 0 already mapped to −1. */
  readonly g: I64;
  readonly stack: U64;
}

export interface ClockSnapshotRaw {
  readonly ticks: U64;
  readonly mono: U64;
  readonly sec: U64;
  readonly nsec: U64;
}

export interface ExperimentalBatch {
  readonly thread: I64;
  readonly data: Uint8Array;
}

/** The tables every event of a generation resolves its IDs in. */
export class GenTables {
  readonly strings = new Map<U64, Uint8Array>();
  readonly stacks = new Map<U64, readonly U64[]>();
  readonly pcs = new Map<U64, PcFrame>();
  /** Task names carried into a later generation's TaskEnd (id 0 = ""). */
  private readonly extra: Uint8Array[] = [];
  private readonly extraIds = new Map<string, number>();
  freq = 0;
  clock: ClockSnapshotRaw | undefined;
  readonly expBatches = new Map<number, ExperimentalBatch[]>();
  private decoded = new Map<U64, string>();
  constructor(readonly gen: U64) {}

  /** Presence bitmaps of small IDs (built at finalization) so per-event ID checks avoid Map lookups. */
  stringBits: Uint8Array = EMPTY;
  stackBits: Uint8Array = EMPTY;

  hasString(id: U64): boolean {
    if (typeof id === 'number' && id < this.stringBits.length) return this.stringBits[id] === 1;
    return id === 0 || this.strings.has(id);
  }
  hasStack(id: U64): boolean {
    if (typeof id === 'number' && id < this.stackBits.length) return this.stackBits[id] === 1;
    return id === 0 || this.stacks.has(id);
  }

  /** Builds the presence bitmaps (IDs are dense small numbers in practice). */
  indexIds(): void {
    this.stringBits = bits(this.strings.keys());
    this.stackBits = bits(this.stacks.keys());
  }
  stringBytes(id: U64): Uint8Array {
    return this.strings.get(id) ?? EMPTY;
  }
  /** The string as JS text (invalid UTF-8 becomes U+FFFD; printing uses the bytes). */
  string(id: U64): string {
    let s = this.decoded.get(id);
    if (s === undefined) {
      s = utf8.decode(this.stringBytes(id));
      this.decoded.set(id, s);
    }
    return s;
  }
  addExtra(s: Uint8Array): number {
    if (s.length === 0) return 0;
    const key = latin1(s);
    const have = this.extraIds.get(key);
    if (have !== undefined) return have;
    this.extra.push(s);
    this.extraIds.set(key, this.extra.length);
    return this.extra.length;
  }
  extraString(id: number): Uint8Array {
    return id === 0 ? EMPTY : this.extra[id - 1]!;
  }
}

const EMPTY = new Uint8Array(0);
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true }); // a leading U+FEFF is part of the string, as in Go

const MAX_BITMAP = 1 << 22;
function bits(ids: Iterable<U64>): Uint8Array {
  let max = 0;
  const list: number[] = [];
  for (const id of ids) {
    if (typeof id !== 'number' || id >= MAX_BITMAP) continue; // large IDs stay in the Map
    list.push(id);
    if (id > max) max = id;
  }
  const b = new Uint8Array(max + 1);
  b[0] = 1; // ID 0 always resolves
  for (const id of list) b[id] = 1;
  return b;
}
function latin1(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]!);
  return s;
}

export interface Generation {
  readonly gen: U64;
  readonly tables: GenTables;
  /** ns per tick. */
  readonly freq: number;
  /** Smallest batch base time (ticks), with Go's "0 means unset" rule. */
  readonly minTs: U64;
  readonly cpuSamples: CpuSample[];
  /** Regular batches by thread; Map iteration order = first appearance (Go's batchMs). */
  readonly batchesByM: Map<I64, Batch[]>;
  /** Byte offset of the generation's first batch in the input. */
  readonly startOffset: number;
}

/** An assembly error with Go's message. */
function fail(goMessage: string, gen: U64 | undefined, offset?: number, code = 'bad-generation', detail?: string): TraceValidationError {
  return new TraceValidationError(code, goMessage, { generation: gen === 0 ? undefined : gen, offset, detail });
}

/**
 * Names a per-entry limit the caller changed. At Go's value the error is Go's, word for word (the
 * Go agreement tests compare it); at another value Go's words alone would not say where the
 * number comes from.
 */
function limitDetail(limit: string, option: keyof GenerationLimits, max: number): string | undefined {
  return max === DEFAULT_GENERATION_LIMITS[option] ? undefined : `${limit} limit from { limits: { ${option}: ${max} } }`;
}

/** What a generation read asks its driver for: the next record, or the end, or a read error. */
export type RecordResult = { rec: TopLevelRecord } | { eof: true } | { err: unknown };

class Builder {
  gen: U64 = 0;
  minTs: U64 = 0;
  tables!: GenTables;
  cpuSamples: CpuSample[] = [];
  batchesByM = new Map<I64, Batch[]>();
  startOffset = -1;
  private syncSeen = false;
  private bytes = 0;
  private nStrings = 0;
  private nStacks = 0;
  private nFrames = 0;
  /** `limits`: already resolved (resolveGenerationLimits), once per reader, not per generation. */
  constructor(
    readonly version: TraceVersion,
    private readonly limits: Required<GenerationLimits>,
  ) {}

  /** Counts toward a per-generation limit; throws before the entry is stored. */
  private count(limit: string, value: number, max: number, offset: number): void {
    if (value > max) throw new LimitExceededError(limit, value, max, offset, `${limit}: ${value} exceeds the limit of ${max} (generation ${this.gen})`);
  }

  updateMinTs(b: Batch): void {
    if (this.minTs === 0 || b.time < this.minTs) this.minTs = b.time; // 0 = unset (Go's quirk Q1)
  }

  tbl(): GenTables {
    if (!this.tables) this.tables = new GenTables(this.gen);
    return this.tables;
  }

  add(b: Batch): void {
    if (this.startOffset < 0) this.startOffset = b.offset;
    this.bytes += b.data.length;
    this.count('generation bytes', this.bytes, this.limits.maxGenerationBytes, b.offset);
    const d = b.data;
    const first = b.exp === 0 && d.length > 0 ? d[0]! : -1;
    if (first === EventType.Strings) return this.addStrings(b);
    if (first === EventType.Stacks) return this.addStacks(b);
    if (first === EventType.CPUSamples) return this.addSamples(b);
    if ((first === EventType.Frequency && this.version < 25) || (first === EventType.Sync && this.version >= 25)) return this.addSync(b);
    if (b.exp !== 0) {
      const list = this.tbl().expBatches.get(b.exp);
      const eb = { thread: toI64(b.m), data: b.data };
      if (list) list.push(eb);
      else this.tbl().expBatches.set(b.exp, [eb]);
      return;
    }
    if (first === EventType.EndOfGeneration) throw fail('internal error: unexpectedly processing EndOfGeneration; broken trace?', this.gen, b.offset);
    const m = toI64(b.m);
    const list = this.batchesByM.get(m);
    if (list) list.push(b);
    else this.batchesByM.set(m, [b]);
  }

  private reader(b: Batch): ByteReader {
    return new ByteReader(b.data, 1, b.data.length);
  }
  private uv(r: ByteReader, b: Batch): U64 {
    const v = r.uvarint();
    if (r.status !== VarintStatus.Ok) throw this.varintError(r, b, '');
    return v;
  }
  private varintError(r: ByteReader, b: Batch, prefix: string): TraceValidationError {
    return fail(prefix + varintStatusText(r.status), this.gen, b.dataOffset + r.pos, 'bad-table');
  }

  /** One word of frame i of a stack; the error's prefix is built only when there is an error. */
  private frameWord(r: ByteReader, b: Batch, i: number, word: string, id: U64): U64 {
    const v = r.uvarint();
    if (r.status !== VarintStatus.Ok) throw this.varintError(r, b, `reading frame ${i + 1}'s ${word} for stack ${id}: `);
    return v;
  }

  private addStrings(b: Batch): void {
    const r = this.reader(b);
    const t = this.tbl();
    while (r.pos < r.end) {
      const at = r.pos;
      const ev = r.buf[r.pos++]!;
      if (ev !== EventType.String) throw fail(`expected string event, got ${ev}`, this.gen, b.dataOffset + at, 'bad-table');
      const id = this.uv(r, b);
      const len = this.uv(r, b);
      const maxLen = this.limits.maxStringSize;
      if (typeof len !== 'number' || len > maxLen) {
        throw fail(`invalid string size ${len}, maximum is ${maxLen}`, this.gen, b.dataOffset + at, 'bad-table', limitDetail('string length', 'maxStringSize', maxLen));
      }
      const avail = r.end - r.pos;
      if (avail < len) throw fail(`failed to read full string: read ${avail} but wanted ${len}`, this.gen, b.dataOffset + at, 'bad-table');
      const s = r.buf.subarray(r.pos, r.pos + len);
      r.pos += len;
      this.count('strings per generation', ++this.nStrings, this.limits.maxStringsPerGeneration, b.dataOffset + at);
      if (id === 0 || t.strings.has(id)) {
        const old = t.stringBytes(id);
        throw fail(`multiple strings with the same ID: id=${id}, new=${utf8.decode(s)}, existing=${utf8.decode(old)}`, this.gen, b.dataOffset + at, 'bad-table');
      }
      t.strings.set(id, s);
    }
  }

  private addStacks(b: Batch): void {
    const r = this.reader(b);
    const t = this.tbl();
    while (r.pos < r.end) {
      const at = r.pos;
      const ev = r.buf[r.pos++]!;
      if (ev !== EventType.Stack) throw fail(`expected stack event, got ${ev}`, this.gen, b.dataOffset + at, 'bad-table');
      const id = this.uv(r, b);
      const n = this.uv(r, b);
      const maxFrames = this.limits.maxFramesPerStack;
      if (typeof n !== 'number' || n > maxFrames) {
        throw fail(`invalid stack size ${n}, maximum is ${maxFrames}`, this.gen, b.dataOffset + at, 'bad-table', limitDetail('frames per stack', 'maxFramesPerStack', maxFrames));
      }
      this.count('stacks per generation', ++this.nStacks, this.limits.maxStacksPerGeneration, b.dataOffset + at);
      this.nFrames += n;
      this.count('frames per generation', this.nFrames, this.limits.maxFramesPerGeneration, b.dataOffset + at);
      const pcs: U64[] = new Array(n);
      for (let i = 0; i < n; i++) {
        const pc = this.frameWord(r, b, i, 'PC', id);
        const funcId = this.frameWord(r, b, i, 'funcID', id);
        const fileId = this.frameWord(r, b, i, 'fileID', id);
        const line = this.frameWord(r, b, i, 'line', id);
        pcs[i] = pc;
        if (!t.pcs.has(pc)) t.pcs.set(pc, { funcId, fileId, line });
      }
      if (id === 0 || t.stacks.has(id)) {
        const old = t.stacks.get(id) ?? [];
        throw fail(`multiple trace.stacks with the same ID: id=${id}, new=${pcList(pcs)}, existing=${pcList(old)}`, this.gen, b.dataOffset + at, 'bad-table');
      }
      t.stacks.set(id, pcs);
    }
  }

  private addSamples(b: Batch): void {
    const r = this.reader(b);
    while (r.pos < r.end) {
      const at = r.pos;
      const ev = r.buf[r.pos++]!;
      if (ev !== EventType.CPUSample) throw fail(`expected CPU sample event, got ${ev}`, this.gen, b.dataOffset + at, 'bad-table');
      const ticks = this.uv(r, b);
      const m = toI64(this.uv(r, b));
      const p = toI64(this.uv(r, b));
      const g = this.uv(r, b);
      const stack = this.uv(r, b);
      this.cpuSamples.push({ time: 0, ticks, m, p, g: g === 0 ? -1 : toI64(g), stack });
    }
  }

  private addSync(b: Batch): void {
    const r = new ByteReader(b.data, this.version >= 25 ? 1 : 0, b.data.length);
    const t = this.tbl();
    while (r.pos < r.end) {
      const at = r.pos;
      const ev = r.buf[r.pos++]!;
      if (ev === EventType.Frequency) {
        if (this.syncSeen) throw fail('found multiple frequency events', this.gen, b.dataOffset + at, 'bad-sync');
        const f = this.uv(r, b);
        t.freq = 1.0 / (Number(f) / 1e9);
        // Go tests "freq != 0" on the converted value; only an absent event leaves it 0.
        this.syncSeen = true;
      } else if (ev === EventType.ClockSnapshot && this.version >= 25) {
        if (t.clock) throw fail('found multiple clock snapshot events', this.gen, b.dataOffset + at, 'bad-sync');
        const dt = this.uv(r, b);
        const mono = this.uv(r, b);
        const sec = this.uv(r, b);
        const nsec = this.uv(r, b);
        t.clock = { ticks: addU64(b.time, dt), mono, sec, nsec };
      } else {
        throw fail(`expected frequency or clock snapshot event, got ${ev}`, this.gen, b.dataOffset + at, 'bad-sync');
      }
    }
  }

  finish(): Generation {
    const t = this.tbl();
    if (!this.syncSeen || t.freq === 0) throw fail('no frequency event found', this.gen, undefined, 'no-frequency');
    if (this.version >= 25 && !t.clock) throw fail('no clock snapshot event found', this.gen, undefined, 'no-clock-snapshot');
    let bad = false;
    for (const pcs of t.stacks.values()) if (stackProblem(t, pcs)) bad = true;
    if (bad) {
      // Go walks its (dense) stack table in ID order: report the lowest bad ID, as it does.
      const ids = [...t.stacks.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      for (const id of ids) {
        const p = stackProblem(t, t.stacks.get(id)!);
        if (p) throw fail(`${p} for stack ${id}`, this.gen, undefined, 'bad-table');
      }
    }
    t.indexIds();
    const freq = t.freq;
    for (const s of this.cpuSamples) s.time = ticksToNs(freq, s.ticks);
    // Insertion sort is stable, like Go's for ≤ 12 elements; Array.sort is stable too.
    this.cpuSamples.sort((a, b) => cmpI64(a.time, b.time));
    return { gen: this.gen, tables: t, freq, minTs: this.minTs, cpuSamples: this.cpuSamples, batchesByM: this.batchesByM, startOffset: this.startOffset };
  }
}

function stackProblem(t: GenTables, pcs: readonly U64[]): string | undefined {
  for (const pc of pcs) {
    const f = t.pcs.get(pc);
    if (!f) return `found unknown pc ${hex(pc)}`;
    if (!t.hasString(f.funcId)) return `found invalid func string ID ${f.funcId}`;
    if (!t.hasString(f.fileId)) return `found invalid file string ID ${f.fileId}`;
  }
  return undefined;
}

function addU64(a: U64, b: U64): U64 {
  if (typeof a === 'number' && typeof b === 'number' && a + b <= Number.MAX_SAFE_INTEGER) return a + b;
  const s = BigInt.asUintN(64, BigInt(a) + BigInt(b));
  return s <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(s) : s;
}

function pcList(pcs: readonly U64[]): string {
  let s = '';
  for (const pc of pcs) s += `\t0x${hex(pc)}\n`;
  return s;
}

function recGen(rec: TopLevelRecord): U64 {
  return rec.kind === 'batch' ? rec.gen : 0;
}

function asBatch(rec: TopLevelRecord): Batch {
  if (rec.kind === 'batch') return rec;
  // Go reads the marker as a batch with M = −1, gen 0 and the byte 52 as payload.
  return { kind: 'batch', exp: 0, experimental: false, gen: 0, m: 0xffff_ffff_ffff_ffffn, time: 0, data: MARKER, offset: rec.offset, dataOffset: rec.offset, lengthWidth: 0 };
}
const MARKER = new Uint8Array([EventType.EndOfGeneration]);

function isEndMarker(b: Batch): boolean {
  return b.exp === 0 && b.data.length > 0 && b.data[0] === EventType.EndOfGeneration;
}

/** Result of a pre-1.26 generation read. */
export interface SpillResult {
  readonly generation: Generation | undefined;
  readonly spill: Batch | undefined;
  /** A read error after a usable generation: reported after it has been delivered. */
  readonly deferred: unknown;
  /** Fatal error (no generation). */
  readonly error: unknown;
}

export type GenCoroutine<T> = Generator<void, T, RecordResult>;

/** Go < 1.26: a generation ends where a batch of the next one starts (that batch "spills"). */
export function* readGenerationWithSpill(version: TraceVersion, spill: Batch | undefined, limits: Required<GenerationLimits> = DEFAULT_GENERATION_LIMITS): GenCoroutine<SpillResult> {
  const g = new Builder(version, limits);
  const none = (error: unknown): SpillResult => ({ generation: undefined, spill: undefined, deferred: undefined, error });
  try {
    if (spill) {
      g.gen = spill.gen;
      g.minTs = spill.time;
      g.add(spill);
    }
    let deferred: unknown;
    let next: Batch | undefined;
    for (;;) {
      const r = yield;
      if ('eof' in r) break;
      if ('err' in r) {
        if (g.gen !== 0) {
          deferred = r.err;
          break;
        }
        return none(r.err);
      }
      const b = asBatch(r.rec);
      const gen = recGen(r.rec);
      if (gen === 0) return none(fail('invalid generation number 0', g.gen, b.offset));
      if (g.gen === 0) g.gen = gen;
      if (gen === addU64(g.gen, 1)) {
        next = b;
        break;
      }
      if (gen !== g.gen) return none(fail('generations out of order', g.gen, b.offset));
      g.updateMinTs(b);
      g.add(b);
    }
    return { generation: g.finish(), spill: next, deferred, error: undefined };
  } catch (e) {
    return none(e);
  }
}

/** Go 1.26+: a generation ends at its EndOfGeneration marker. `undefined` = clean end of trace. */
export function* readGenerationMarked(version: TraceVersion, limits: Required<GenerationLimits> = DEFAULT_GENERATION_LIMITS): GenCoroutine<Generation | undefined> {
  const g = new Builder(version, limits);
  for (;;) {
    const r = yield;
    if ('eof' in r) {
      if (g.batchesByM.size !== 0) throw fail('incomplete generation found; trace likely truncated', g.gen, undefined, 'truncated');
      return undefined;
    }
    if ('err' in r) throw r.err;
    const b = asBatch(r.rec);
    const gen = recGen(r.rec);
    if (g.gen === 0) g.gen = gen;
    if (isEndMarker(b)) break;
    if (gen === 0) throw fail('invalid generation number 0', g.gen, b.offset);
    if (gen !== g.gen) throw fail('broken trace: missing end-of-generation event, or generations are interleaved', g.gen, b.offset);
    g.updateMinTs(b);
    g.add(b);
  }
  return g.finish();
}

