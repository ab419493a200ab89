/**
 * A stack table in a SharedArrayBuffer that several worker_threads put into at once.
 *
 * Workers only intern PC sequences; symbolization (PC → func/file/line) and string interning
 * happen at dump time on the one dumping thread. The buffer holds two generation slots chosen by
 * parity (double buffering), each a fixed-capacity open-addressing table:
 *
 *   hash slot  (Int32): 0 = empty, BUSY = being filled, e+1 = entry e
 *   entry meta (Int32 ×3): arena offset, PC count, hash
 *   arena     (Uint32): 2 words per PC (high, low)
 *
 * Insert protocol: a thread claims an empty hash slot with a CAS 0 → BUSY, takes arena space and
 * an entry number with Atomics.add, writes the key with plain stores and publishes it with
 * Atomics.store(slot, e+1). A reader that sees e+1 through an atomic load also sees the key
 * (atomics are sequentially consistent; the store synchronises-with the load). Only probers of
 * that one slot wait while it is BUSY, so this is a lock held only for one insert, per slot. Entry
 * numbers are dense, which gives IDs 1…n in claim order.
 *
 * Per slot a control word packs the state and the writer count (state | writers << 3), so
 * "join a generation" and "start its dump" are single CAS operations and cannot interleave.
 */
import {
  GenerationError,
  InvalidFrameError,
  QuiescenceError,
  StackTableError,
  TableFullError,
  U64RangeError,
  WriterReleasedError,
} from './errors.js';
import { checkFrame, MAX_FRAMES_PER_STACK, type EncodedFrame, type Frame } from './frame.js';
import { hashWords } from './hash.js';
import { NO_STACK, type StackId, type StringId } from './ids.js';
import type { TableSink } from './sink.js';
import { StringTable } from './string-table.js';
import type { Symbolizer } from './symbolizer.js';
import { toU64, u64FromHalves, type U64 } from './u64.js';

const MAGIC = 0x53544b31; // "STK1"
const TWO_32 = 4294967296;
const BUSY = -1;

// Slot states (low 3 bits of the control word).
const FREE = 0;
const OPENING = 1;
const OPEN = 2;
const SEALED = 3;
const DUMPING = 4;
const STATE_MASK = 7;
const WRITER = 8; // one writer in the control word
const MAX_GEN = 0x7fffffff; // generations are stored in an Int32

// Header layout (Int32 indices).
const H_MAGIC = 0;
const H_MAX_STACKS = 1;
const H_HASH_CAP = 2;
const H_ARENA_WORDS = 3;
const H_LAST_DUMPED = 4;
const H_SLOT0 = 8; // per slot: ctrl, gen, count, arenaUsed
const S_CTRL = 0;
const S_GEN = 1;
const S_COUNT = 2;
const S_ARENA = 3;
const HEADER_INTS = 16;

export interface SharedStackTableOptions {
  /** Distinct stacks per generation (default 65 536). */
  maxStacks?: number;
  /** Total PCs stored per generation (default maxStacks × 32). */
  maxPCs?: number;
  /** Used by dump on this thread (PC → frame). */
  symbolize?: Symbolizer;
}

export interface SharedAttachOptions {
  symbolize?: Symbolizer;
}

/** A writer's handle on one generation of a shared table. */
export interface SharedWriter {
  readonly gen: number;
  readonly released: boolean;
  /** Interns a PC sequence (innermost first, first 128 kept); 0 for an empty one. */
  putPCs(pcs: ArrayLike<number | bigint>): StackId;
  release(): void;
}

export type SharedSlotState = 'free' | 'opening' | 'open' | 'sealed' | 'dumping';

export class SharedStackTable {
  readonly buffer: SharedArrayBuffer;
  private readonly i32: Int32Array;
  private readonly u32: Uint32Array;
  private readonly maxStacks: number;
  private readonly hashCap: number;
  private readonly arenaWords: number;
  /** Int32 index where each slot's hash table, meta and arena start. */
  private readonly hashAt: [number, number];
  private readonly metaAt: [number, number];
  private readonly arenaAt: [number, number];
  private readonly key = new Uint32Array(MAX_FRAMES_PER_STACK * 2);
  private symbolize: Symbolizer | undefined;
  /** This thread's contention counters (plain numbers, not shared): lost claim CASes, BUSY re-reads. */
  readonly contention = { claimRaces: 0, busySpins: 0 };

  /** Allocates a new shared table. Pass `table.buffer` to workers and `attach` it there. */
  static create(opts: SharedStackTableOptions = {}): SharedStackTable {
    const maxStacks = opts.maxStacks ?? 65536;
    const maxPCs = opts.maxPCs ?? maxStacks * 32;
    if (!Number.isSafeInteger(maxStacks) || maxStacks < 1 || maxStacks > 1 << 26) {
      throw new RangeError(`maxStacks must be an integer in 1…2^26, got ${maxStacks}`);
    }
    if (!Number.isSafeInteger(maxPCs) || maxPCs < 1 || maxPCs > 1 << 28) {
      throw new RangeError(`maxPCs must be an integer in 1…2^28, got ${maxPCs}`);
    }
    let hashCap = 16;
    while (hashCap < maxStacks * 2) hashCap *= 2; // ≤ 50% load: probes stay short, an empty slot always exists
    const perSlot = hashCap + maxStacks * 3 + maxPCs * 2;
    const buffer = new SharedArrayBuffer((HEADER_INTS + 2 * perSlot) * 4);
    const i32 = new Int32Array(buffer);
    i32[H_MAX_STACKS] = maxStacks;
    i32[H_HASH_CAP] = hashCap;
    i32[H_ARENA_WORDS] = maxPCs * 2;
    Atomics.store(i32, H_MAGIC, MAGIC);
    return new SharedStackTable(buffer, opts.symbolize);
  }

  /** Uses a buffer made by `create` (typically in a worker). */
  static attach(buffer: SharedArrayBuffer, opts: SharedAttachOptions = {}): SharedStackTable {
    return new SharedStackTable(buffer, opts.symbolize);
  }

  private constructor(buffer: SharedArrayBuffer, symbolize: Symbolizer | undefined) {
    if (!(buffer instanceof SharedArrayBuffer)) throw new TypeError('SharedStackTable needs a SharedArrayBuffer');
    this.buffer = buffer;
    this.i32 = new Int32Array(buffer);
    this.u32 = new Uint32Array(buffer);
    if (this.i32.length < HEADER_INTS || Atomics.load(this.i32, H_MAGIC) !== MAGIC) {
      throw new StackTableError('ERR_BAD_BUFFER', 'buffer was not made by SharedStackTable.create');
    }
    this.maxStacks = this.i32[H_MAX_STACKS]!;
    this.hashCap = this.i32[H_HASH_CAP]!;
    this.arenaWords = this.i32[H_ARENA_WORDS]!;
    const perSlot = this.hashCap + this.maxStacks * 3 + this.arenaWords;
    const at = (s: number) => HEADER_INTS + s * perSlot;
    this.hashAt = [at(0), at(1)];
    this.metaAt = [at(0) + this.hashCap, at(1) + this.hashCap];
    this.arenaAt = [this.metaAt[0] + this.maxStacks * 3, this.metaAt[1] + this.maxStacks * 3];
    this.symbolize = symbolize;
  }

  /** Joins generation `gen` as a writer, starting it if its slot is free. */
  acquire(gen: number): SharedWriter {
    checkGen(gen);
    const i32 = this.i32;
    const s = gen & 1;
    const ctrl = H_SLOT0 + s * 4 + S_CTRL;
    for (;;) {
      const c = Atomics.load(i32, ctrl);
      const st = c & STATE_MASK;
      if (st === FREE) {
        this.checkCanStart(gen);
        if (Atomics.compareExchange(i32, ctrl, c, OPENING) !== c) continue;
        if (gen <= Atomics.load(i32, H_LAST_DUMPED)) {
          // The slot went through a whole generation since our check (ABA); undo.
          Atomics.store(i32, ctrl, FREE);
          throw new GenerationError(gen, 'dumped', `generation ${gen} was already dumped`);
        }
        // We own the slot's start: it was left clean by the last dump (or never used).
        Atomics.store(i32, H_SLOT0 + s * 4 + S_GEN, gen);
        Atomics.store(i32, ctrl, OPEN | WRITER);
        return new Writer(this, gen);
      }
      if (st === OPENING) continue; // another thread is between two stores; spin
      if (st === OPEN) {
        if (Atomics.compareExchange(i32, ctrl, c, c + WRITER) !== c) continue;
        // Our writer count pins the slot: its generation cannot change until we release.
        const g = Atomics.load(i32, H_SLOT0 + s * 4 + S_GEN);
        if (g === gen) return new Writer(this, gen);
        this.releaseSlot(s);
        throw this.wrongGen(gen, g);
      }
      const g = Atomics.load(i32, H_SLOT0 + s * 4 + S_GEN);
      if (g === gen) throw new GenerationError(gen, 'sealed', `generation ${gen} is sealed for its dump; no new writers`);
      throw this.wrongGen(gen, g);
    }
  }

  /**
   * @internal Interns `pcs` into generation `gen`; SharedWriter.putPCs is the public path. Only
   * valid while the caller holds a writer of `gen` — the writer count is what keeps the slot's
   * generation fixed and the dump away.
   */
  insertPCs(gen: number, pcs: ArrayLike<number | bigint>): StackId {
    const n = Math.min(pcs.length, MAX_FRAMES_PER_STACK);
    if (n === 0) return NO_STACK;
    const key = this.key;
    for (let i = 0; i < n; i++) {
      const pc = pcs[i]!;
      if (typeof pc === 'number' && pc >= 0 && pc <= Number.MAX_SAFE_INTEGER && Number.isInteger(pc)) {
        key[2 * i] = (pc / TWO_32) >>> 0;
        key[2 * i + 1] = pc >>> 0;
      } else {
        const c = canonPC(pc);
        key[2 * i] = typeof c === 'number' ? (c / TWO_32) >>> 0 : Number(c >> 32n) >>> 0;
        key[2 * i + 1] = typeof c === 'number' ? c >>> 0 : Number(c & 0xffffffffn) >>> 0;
      }
    }
    const len = n * 2;
    const h = hashWords(key, 0, len);
    const s = gen & 1;
    const i32 = this.i32;
    const u32 = this.u32;
    const hashAt = this.hashAt[s];
    const metaAt = this.metaAt[s];
    const arenaAt = this.arenaAt[s];
    const mask = this.hashCap - 1;
    let i = h & mask;
    for (;;) {
      const v = Atomics.load(i32, hashAt + i);
      if (v === 0) {
        if (Atomics.compareExchange(i32, hashAt + i, 0, BUSY) !== 0) {
          this.contention.claimRaces++; // lost the race: look again
          continue;
        }
        return this.fill(s, hashAt + i, len, h);
      }
      if (v === BUSY) {
        // Someone is publishing this slot; its key may be ours. Spin briefly, then yield the CPU
        // in 50 µs naps (the publisher may be descheduled when workers outnumber cores).
        if ((++this.contention.busySpins & 255) === 0) Atomics.wait(i32, hashAt + i, BUSY, 0.05);
        continue;
      }
      const m = metaAt + (v - 1) * 3;
      if (i32[m + 2] === h && i32[m + 1] === n) {
        const off = arenaAt + i32[m]!;
        let j = 0;
        while (j < len && u32[off + j] === key[j]) j++;
        if (j === len) return v as StackId;
      }
      i = (i + 1) & mask;
    }
  }

  /** Seals `gen` (no new writers), then dumps it once its last writer has released. */
  async dumpWhenQuiescent(gen: number, sink: TableSink, strings?: StringTable): Promise<void> {
    this.seal(gen);
    const s = gen & 1;
    const ctrl = H_SLOT0 + s * 4 + S_CTRL;
    for (;;) {
      const c = Atomics.load(this.i32, ctrl);
      if (c >>> 3 === 0) break;
      await waitChange(this.i32, ctrl, c);
    }
    this.dump(gen, sink, strings);
  }

  /** Refuses new writers for `gen`; those already in may finish. */
  seal(gen: number): void {
    checkGen(gen);
    const s = gen & 1;
    const ctrl = H_SLOT0 + s * 4 + S_CTRL;
    for (;;) {
      const c = Atomics.load(this.i32, ctrl);
      const g = Atomics.load(this.i32, H_SLOT0 + s * 4 + S_GEN);
      const st = c & STATE_MASK;
      if (g !== gen || (st !== OPEN && st !== SEALED)) throw this.notLive(gen);
      if (st === SEALED) return;
      if (Atomics.compareExchange(this.i32, ctrl, c, (c & ~STATE_MASK) | SEALED) === c) return;
    }
  }

  /**
   * Emits every stack of `gen` exactly once (ID order), symbolizing each distinct PC once and
   * interning function/file names (last 1024 bytes) into `strings`, then resets and frees the slot.
   * Without `strings`, a fresh string table bound to `sink` is used and sink.end('strings') is
   * called too; with it, the caller owns flushing it.
   * @throws QuiescenceError while a writer of `gen` is active.
   */
  dump(gen: number, sink: TableSink, strings?: StringTable): void {
    checkGen(gen);
    const sym = this.symbolize;
    if (sym === undefined) throw new StackTableError('ERR_NO_SYMBOLIZER', 'dump needs a symbolizer (create/attach option)');
    const i32 = this.i32;
    const s = gen & 1;
    const base = H_SLOT0 + s * 4;
    const other = H_SLOT0 + (1 - s) * 4;
    const og = Atomics.load(i32, other + S_GEN);
    if ((Atomics.load(i32, other + S_CTRL) & STATE_MASK) !== FREE && og !== 0 && og < gen) {
      throw new GenerationError(gen, 'order', `generation ${og} must be dumped before ${gen}`);
    }
    for (;;) {
      const c = Atomics.load(i32, base + S_CTRL);
      const st = c & STATE_MASK;
      if (Atomics.load(i32, base + S_GEN) !== gen || (st !== OPEN && st !== SEALED)) throw this.notLive(gen);
      if (c >>> 3 !== 0) throw new QuiescenceError(gen, c >>> 3);
      if (Atomics.compareExchange(i32, base + S_CTRL, c, DUMPING) === c) break;
    }
    try {
      // QUIESCENCE INVARIANT: the slot is DUMPING with zero writers. acquire() only joins OPEN
      // slots and only starts FREE ones, so no thread can hold a writer of `gen` now, and every
      // writer's plain stores happened before its releasing CAS, which our CAS observed. That is
      // why the walk below uses plain reads and needs no lock or per-slot BUSY check.
      this.emit(s, sink, strings, sym);
    } catch (e) {
      Atomics.store(i32, base + S_CTRL, SEALED); // leave the generation intact for a retry
      throw e;
    }
    // Reset with plain stores, then publish FREE: the next acquirer reads it atomically.
    i32.fill(0, this.hashAt[s], this.hashAt[s] + this.hashCap);
    i32[base + S_COUNT] = 0;
    i32[base + S_ARENA] = 0;
    i32[base + S_GEN] = 0;
    for (;;) {
      const last = Atomics.load(i32, H_LAST_DUMPED);
      if (last >= gen || Atomics.compareExchange(i32, H_LAST_DUMPED, last, gen) === last) break;
    }
    Atomics.store(i32, base + S_CTRL, FREE);
    Atomics.notify(i32, base + S_CTRL);
  }

  /** State and writer count of the slot holding `gen` (for tests and diagnostics). */
  status(gen: number): { state: SharedSlotState; writers: number; stacks: number } {
    const base = H_SLOT0 + (gen & 1) * 4;
    const c = Atomics.load(this.i32, base + S_CTRL);
    const live = Atomics.load(this.i32, base + S_GEN) === gen;
    const names: SharedSlotState[] = ['free', 'opening', 'open', 'sealed', 'dumping'];
    if (!live) return { state: 'free', writers: 0, stacks: 0 };
    return {
      state: names[c & STATE_MASK]!,
      writers: c >>> 3,
      stacks: Math.min(Atomics.load(this.i32, base + S_COUNT), this.maxStacks),
    };
  }

  /** Highest generation dumped so far (0 before the first dump). */
  get lastDumped(): number {
    return Atomics.load(this.i32, H_LAST_DUMPED);
  }

  /** Bytes of shared memory the table occupies (fixed at create). */
  get byteLength(): number {
    return this.buffer.byteLength;
  }

  /** @internal Drops one writer of slot `s`, waking a waiting dump when it was the last. */
  releaseSlot(s: number): void {
    const ctrl = H_SLOT0 + s * 4 + S_CTRL;
    const c = Atomics.sub(this.i32, ctrl, WRITER) - WRITER;
    if (c >>> 3 === 0) Atomics.notify(this.i32, ctrl);
  }

  /** Claimed hash slot `at` (BUSY): store the key and publish it, or undo the claim. */
  private fill(s: number, at: number, len: number, h: number): StackId {
    const i32 = this.i32;
    const base = H_SLOT0 + s * 4;
    // Check before adding so a full table stops growing its counters (no int32 wrap-around).
    const full = Atomics.load(i32, base + S_ARENA) + len > this.arenaWords || Atomics.load(i32, base + S_COUNT) >= this.maxStacks;
    const off = full ? this.arenaWords : Atomics.add(i32, base + S_ARENA, len);
    if (off + len > this.arenaWords) {
      Atomics.store(i32, at, 0);
      throw new TableFullError(`shared stack table: PC arena full (${this.arenaWords / 2} PCs per generation)`);
    }
    const e = Atomics.add(i32, base + S_COUNT, 1);
    if (e >= this.maxStacks) {
      Atomics.store(i32, at, 0);
      throw new TableFullError(`shared stack table: more than ${this.maxStacks} stacks in one generation`);
    }
    this.u32.set(this.key.subarray(0, len), this.arenaAt[s] + off);
    const m = this.metaAt[s] + e * 3;
    i32[m] = off;
    i32[m + 1] = len >>> 1;
    i32[m + 2] = h;
    Atomics.store(i32, at, e + 1); // publish: the key and meta above become visible with it
    return (e + 1) as StackId;
  }

  private emit(s: number, sink: TableSink, strings: StringTable | undefined, sym: Symbolizer): void {
    const i32 = this.i32;
    const u32 = this.u32;
    const names = strings ?? new StringTable(sink);
    const count = Math.min(i32[H_SLOT0 + s * 4 + S_COUNT]!, this.maxStacks);
    const known = new Map<U64, { f: Frame; func: StringId; file: StringId }>();
    for (let e = 0; e < count; e++) {
      const m = this.metaAt[s] + e * 3;
      const off = this.arenaAt[s] + i32[m]!;
      const n = i32[m + 1]!;
      const out: EncodedFrame[] = new Array<EncodedFrame>(n);
      for (let i = 0; i < n; i++) {
        const pc = u64FromHalves(u32[off + 2 * i]!, u32[off + 2 * i + 1]!);
        let k = known.get(pc);
        if (k === undefined) {
          const info = sym(pc);
          if (info === null || typeof info !== 'object') throw new InvalidFrameError(`symbolizer returned no frame for pc ${pc}`);
          const f = checkFrame({ pc, func: info.func, file: info.file, line: info.line as U64 });
          k = { f, func: names.putName(f.func), file: names.putName(f.file) };
          known.set(pc, k);
        }
        out[i] = { pc, func: k.func, file: k.file, line: k.f.line };
      }
      sink.stack((e + 1) as StackId, out);
    }
    sink.end?.('stacks');
    if (strings === undefined) sink.end?.('strings');
  }

  private checkCanStart(gen: number): void {
    const last = Atomics.load(this.i32, H_LAST_DUMPED);
    if (gen <= last) throw new GenerationError(gen, 'dumped', `generation ${gen} was already dumped`);
    const o = H_SLOT0 + ((gen & 1) ^ 1) * 4;
    if ((Atomics.load(this.i32, o + S_CTRL) & STATE_MASK) === FREE) return;
    const og = Atomics.load(this.i32, o + S_GEN);
    if (og === 0) return; // the other slot is being opened right now; its gen is not set yet
    if (og > gen) throw new GenerationError(gen, 'behind', `generation ${gen} cannot start after ${og}`);
    if (og !== gen - 1) throw new GenerationError(gen, 'ahead', `generation ${gen} is more than one ahead of live ${og}`);
  }

  private wrongGen(gen: number, live: number): GenerationError {
    if (gen <= Atomics.load(this.i32, H_LAST_DUMPED)) return new GenerationError(gen, 'dumped', `generation ${gen} was already dumped`);
    if (live > gen) return new GenerationError(gen, 'behind', `generation ${gen} cannot start after ${live}`);
    return new GenerationError(gen, 'ahead', `generation ${gen} is more than one ahead: ${live} is not dumped yet`);
  }

  private notLive(gen: number): GenerationError {
    if (gen <= Atomics.load(this.i32, H_LAST_DUMPED)) return new GenerationError(gen, 'dumped', `generation ${gen} was already dumped`);
    return new GenerationError(gen, 'not-live', `generation ${gen} is not live`);
  }
}

class Writer implements SharedWriter {
  private done = false;
  constructor(
    private readonly table: SharedStackTable,
    readonly gen: number,
  ) {}
  get released(): boolean {
    return this.done;
  }
  putPCs(pcs: ArrayLike<number | bigint>): StackId {
    if (this.done) throw new WriterReleasedError(this.gen);
    return this.table.insertPCs(this.gen, pcs);
  }
  release(): void {
    if (this.done) throw new WriterReleasedError(this.gen);
    this.done = true;
    this.table.releaseSlot(this.gen & 1);
  }
}

function checkGen(gen: number): void {
  if (!Number.isInteger(gen) || gen < 1 || gen > MAX_GEN) {
    throw new GenerationError(gen, 'invalid', `shared table generations must be integers in 1…2^31−1, got ${gen}`);
  }
}

function canonPC(pc: unknown): U64 {
  try {
    return toU64(pc as number | bigint, 'pc');
  } catch (e) {
    if (e instanceof U64RangeError) throw new InvalidFrameError(e.message);
    throw e;
  }
}

type WaitAsync = (ta: Int32Array, index: number, value: number, timeout?: number) => { async: boolean; value: Promise<string> | string };

/** Resolves when i32[index] may have changed from `value` (Atomics.waitAsync, or polling). */
async function waitChange(i32: Int32Array, index: number, value: number): Promise<void> {
  const waitAsync = (Atomics as unknown as { waitAsync?: WaitAsync }).waitAsync;
  if (waitAsync !== undefined) {
    const r = waitAsync(i32, index, value, 50);
    if (r.async) await r.value;
    return;
  }
  await new Promise((resolve) => setTimeout(resolve, 1));
}
