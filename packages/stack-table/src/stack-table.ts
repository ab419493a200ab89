/**
 * One generation's stack table (spec §8, runtime behaviour §18.5): stacks are interned by their
 * PC sequence (two 32-bit words per PC in a typed-array hash table), IDs count from 1 in first-put
 * order, ID 0 means "no stack". A side table keyed by PC remembers each PC's frame, because Go's
 * reader keys frames by PC per generation: one PC must mean one func/file/line.
 *
 * Depth: at most MAX_FRAMES_PER_STACK (128) frames are kept — the innermost ones (the first 128,
 * as a Stack lists the leaf first), which is what the runtime keeps since it unwinds from the leaf.
 * A deeper stack therefore gets the same ID as its 128-frame prefix. An empty stack is ID 0.
 */
import { FrameConflictError, InvalidFrameError, StackTableError, U64RangeError } from './errors.js';
import { checkFrame, MAX_FRAMES_PER_STACK, type EncodedFrame, type Frame, type Stack } from './frame.js';
import { hashWords } from './hash.js';
import { NO_STACK, type StackId, type StringId } from './ids.js';
import { InternCore } from './intern-core.js';
import type { TableSink } from './sink.js';
import type { StringTable } from './string-table.js';
import type { Symbolizer } from './symbolizer.js';
import { toU64, u64FromHalves, type U64 } from './u64.js';

const TWO_32 = 4294967296;

export interface StackTableOptions {
  /** Needed for putPCs: resolves PCs that no put(frames) described, at dump time. */
  symbolize?: Symbolizer;
}

export class StackTable {
  private readonly symbolize: Symbolizer | undefined;
  /** Stack entries keyed by [hi, lo] words per PC. */
  private readonly stacks = new InternCore(256, 8192);
  /** Distinct PCs keyed by [hi, lo]; index = "PC slot". */
  private readonly pcs = new InternCore(256, 512);
  /** Per stack-arena PC position (key offset / 2 + i): its PC slot. Parallel to the stack arena. */
  private entryPcs = new Int32Array(4096);
  /** Per PC slot: the frame, once known (from put(frames) or the symbolizer). */
  private frames: (Frame | undefined)[] = [];
  private readonly key = new Uint32Array(MAX_FRAMES_PER_STACK * 2);
  private readonly slotScratch = new Int32Array(MAX_FRAMES_PER_STACK);
  private readonly frameScratch: Frame[] = new Array<Frame>(MAX_FRAMES_PER_STACK);

  constructor(opts: StackTableOptions = {}) {
    this.symbolize = opts.symbolize;
  }

  /** Number of distinct stacks (= highest ID). */
  get size(): number {
    return this.stacks.size;
  }

  /**
   * Interns a stack given as frames (innermost first). Frames are validated and checked against
   * earlier frames with the same PC before anything is stored, so a failing put leaves the table
   * unchanged.
   * @throws InvalidFrameError, FrameConflictError
   */
  put(stack: Stack): StackId {
    if (!Array.isArray(stack)) throw new InvalidFrameError('stack must be an array of frames');
    const n = Math.min(stack.length, MAX_FRAMES_PER_STACK);
    if (n === 0) return NO_STACK;
    const key = this.key;
    const fs = this.frameScratch;
    for (let i = 0; i < n; i++) {
      let f = stack[i]!;
      const pc = f?.pc;
      if (typeof pc !== 'number' || !(pc >= 0) || !Number.isSafeInteger(pc) || typeof f.line !== 'number' ||
          !(f.line >= 0) || !Number.isSafeInteger(f.line) || typeof f.func !== 'string' || typeof f.file !== 'string') {
        f = checkFrame(f); // canonicalises bigints or throws InvalidFrameError
      }
      fs[i] = f;
      setPC(key, i, f.pc);
    }
    const len = n * 2;
    const h = hashWords(key, 0, len);
    const slots = this.slotScratch;
    let e = this.stacks.find(key, 0, len, h);
    if (e >= 0) {
      // Hit: every PC already has a slot; compare with the frames on record.
      const base = this.stacks.keyStart(e) >>> 1;
      for (let i = 0; i < n; i++) {
        const s = this.entryPcs[base + i]!;
        slots[i] = s;
        const known = this.frames[s];
        if (known !== undefined && !sameFrame(known, fs[i]!)) throw conflict(known, fs[i]!);
      }
      for (let i = 0; i < n; i++) if (this.frames[slots[i]!] === undefined) this.frames[slots[i]!] = fs[i]!;
      return (e + 1) as StackId;
    }
    // Miss: validate against the PC table and within this stack first, then store.
    for (let i = 0; i < n; i++) {
      const s = this.pcs.find(key, i * 2, 2, hashWords(key, i * 2, 2));
      const known = s >= 0 ? this.frames[s] : undefined;
      if (known !== undefined) {
        if (!sameFrame(known, fs[i]!)) throw conflict(known, fs[i]!);
      } else {
        for (let j = 0; j < i; j++) {
          if (key[2 * j] === key[2 * i] && key[2 * j + 1] === key[2 * i + 1] && !sameFrame(fs[j]!, fs[i]!)) {
            throw conflict(fs[j]!, fs[i]!);
          }
        }
      }
    }
    e = this.insertEntry(len, h);
    const base = this.stacks.keyStart(e) >>> 1;
    for (let i = 0; i < n; i++) {
      const s = this.entryPcs[base + i]!;
      if (this.frames[s] === undefined) this.frames[s] = fs[i]!;
    }
    return (e + 1) as StackId;
  }

  /**
   * Interns a stack given as PCs (innermost first); frames come from the symbolizer at dump
   * time (or from a put(frames) of the same PC in this generation).
   * @throws InvalidFrameError for a PC that is not a u64; StackTableError without a symbolizer.
   */
  putPCs(pcs: ArrayLike<number | bigint>): StackId {
    if (this.symbolize === undefined) {
      throw new StackTableError('ERR_NO_SYMBOLIZER', 'putPCs needs a symbolizer (StackTableOptions.symbolize)');
    }
    const n = Math.min(pcs.length, MAX_FRAMES_PER_STACK);
    if (n === 0) return NO_STACK;
    const key = this.key;
    for (let i = 0; i < n; i++) {
      const pc = pcs[i]!;
      if (typeof pc === 'number' && pc >= 0 && pc <= Number.MAX_SAFE_INTEGER && Number.isInteger(pc)) {
        key[2 * i] = (pc / TWO_32) >>> 0;
        key[2 * i + 1] = pc >>> 0;
      } else {
        setPC(key, i, canonPC(pc));
      }
    }
    const len = n * 2;
    const h = hashWords(key, 0, len);
    const e = this.stacks.find(key, 0, len, h);
    return ((e >= 0 ? e : this.insertEntry(len, h)) + 1) as StackId;
  }

  /**
   * Emits every stack of the generation exactly once (in ID order), interning function and file
   * names into `strings` (last 1024 bytes), then calls sink.end('stacks') and resets the table.
   *
   * Relies on quiescence: the caller guarantees no put can run until this returns (in
   * GenerationTables that is the writer count of the generation being zero and the generation
   * sealed), so entries are walked as they are, without any guard against concurrent change.
   */
  dump(sink: TableSink, strings: StringTable): void {
    const nPCs = this.pcs.size;
    const funcIds = new Int32Array(nPCs).fill(-1);
    const fileIds = new Int32Array(nPCs);
    const pcKeys = this.pcs.keys();
    for (let e = 0; e < this.stacks.size; e++) {
      const base = this.stacks.keyStart(e) >>> 1;
      const n = this.stacks.keyLength(e) >>> 1;
      const out: EncodedFrame[] = new Array<EncodedFrame>(n);
      for (let i = 0; i < n; i++) {
        const s = this.entryPcs[base + i]!;
        let f = this.frames[s];
        if (f === undefined) {
          const at = this.pcs.keyStart(s);
          const pc = u64FromHalves(pcKeys[at]!, pcKeys[at + 1]!);
          f = this.resolve(pc);
          this.frames[s] = f;
        }
        if (funcIds[s] === -1) {
          funcIds[s] = strings.putName(f.func);
          fileIds[s] = strings.putName(f.file);
        }
        out[i] = { pc: f.pc, func: funcIds[s]! as StringId, file: fileIds[s]! as StringId, line: f.line };
      }
      sink.stack((e + 1) as StackId, out);
    }
    sink.end?.('stacks');
    this.reset();
  }

  /** Forgets every stack and PC; IDs restart at 1. Memory is kept for the next generation. */
  reset(): void {
    this.stacks.reset();
    this.pcs.reset();
    this.frames = [];
  }

  /** Approximate bytes used by the current entries (typed arrays; frame objects not counted). */
  bytesUsed(): number {
    return this.stacks.bytesUsed() + this.pcs.bytesUsed() + (this.stacksWords() >>> 1) * 4;
  }

  private stacksWords(): number {
    const n = this.stacks.size;
    return n === 0 ? 0 : this.stacks.keyStart(n - 1) + this.stacks.keyLength(n - 1);
  }

  private resolve(pc: U64): Frame {
    const info = this.symbolize!(pc);
    if (info === null || typeof info !== 'object') throw new InvalidFrameError(`symbolizer returned no frame for pc ${pc}`);
    return checkFrame({ pc, func: info.func, file: info.file, line: info.line as U64 });
  }

  /** Stores key[0, len) as a new entry and gives each of its PCs a slot. */
  private insertEntry(len: number, h: number): number {
    const e = this.stacks.insert(this.key, 0, len, h);
    const base = this.stacks.keyStart(e) >>> 1;
    const n = len >>> 1;
    if (base + n > this.entryPcs.length) {
      const next = new Int32Array(Math.max(this.entryPcs.length * 2, base + n));
      next.set(this.entryPcs);
      this.entryPcs = next;
    }
    for (let i = 0; i < n; i++) this.entryPcs[base + i] = this.pcs.intern(this.key, i * 2, 2);
    return e;
  }
}

function setPC(key: Uint32Array, i: number, pc: U64): void {
  if (typeof pc === 'number') {
    key[2 * i] = (pc / TWO_32) >>> 0;
    key[2 * i + 1] = pc >>> 0;
  } else {
    key[2 * i] = Number(pc >> 32n) >>> 0;
    key[2 * i + 1] = Number(pc & 0xffffffffn) >>> 0;
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

function sameFrame(a: Frame, b: Frame): boolean {
  return a === b || (a.line === b.line && a.func === b.func && a.file === b.file);
}

function conflict(known: Frame, got: Frame): FrameConflictError {
  return new FrameConflictError(
    known.pc,
    `pc ${known.pc} already means ${known.func} ${known.file}:${known.line} in this generation, got ${got.func} ${got.file}:${got.line}`,
  );
}
