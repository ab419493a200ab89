/**
 * Generation-scoped tables with enforced quiescence (spec §18.5, §18.7).
 *
 * Two slots, chosen by generation parity, each hold one generation's StackTable and StringTable
 * (double buffering, as the runtime does): writers of generation g+1 use the other slot while g
 * is being dumped. A writer acquires a generation and releases it; a dump needs the generation to
 * be quiescent (no writer left) and then emits, resets and frees the slot, so the slot's IDs
 * restart at 1 for generation g+2.
 *
 * Rules (GenerationError otherwise): generations are safe integers ≥ 1; a dumped generation can
 * never be acquired again; at most two consecutive generations are live, so with g live you may
 * start g+1 but not g+2; generations are dumped in order; a sealed generation (dump requested)
 * takes no new writers.
 */
import { GenerationError, QuiescenceError, WriterReleasedError } from './errors.js';
import type { Stack } from './frame.js';
import type { StackId, StringId } from './ids.js';
import type { TableSink } from './sink.js';
import { StackTable } from './stack-table.js';
import { StringTable, type StringInput } from './string-table.js';
import type { Symbolizer } from './symbolizer.js';

export interface GenerationTablesOptions {
  /** Used for putPCs (PC → frame at dump time). */
  symbolize?: Symbolizer;
}

interface Slot {
  gen: number | undefined;
  writers: number;
  sealed: boolean;
  readonly stacks: StackTable;
  readonly strings: StringTable;
  waiters: (() => void)[];
}

/** A writer's handle on one generation. Everything it puts belongs to that generation. */
export interface GenerationWriter {
  readonly gen: number;
  readonly released: boolean;
  put(stack: Stack): StackId;
  putPCs(pcs: ArrayLike<number | bigint>): StackId;
  /** Deduplicated string (first 1024 bytes written). */
  string(s: StringInput): StringId;
  /** Fresh string ID without deduplication (trace.Log messages). */
  uniqueString(s: StringInput): StringId;
  release(): void;
}

export class GenerationTables {
  private readonly slots: [Slot, Slot];
  private lastDumped = 0;

  constructor(opts: GenerationTablesOptions = {}) {
    const mk = (): Slot => ({
      gen: undefined,
      writers: 0,
      sealed: false,
      stacks: new StackTable({ ...(opts.symbolize ? { symbolize: opts.symbolize } : {}) }),
      strings: new StringTable(),
      waiters: [],
    });
    this.slots = [mk(), mk()];
  }

  /** Starts writing to `gen` (starting the generation if needed). */
  acquire(gen: number): GenerationWriter {
    const slot = this.slotFor(gen, true);
    if (slot.sealed) throw new GenerationError(gen, 'sealed', `generation ${gen} is sealed for its dump; no new writers`);
    slot.writers++;
    return new Writer(this, slot, gen);
  }

  /** Active writers of `gen` (0 when the generation is not live). */
  activeWriters(gen: number): number {
    const s = this.slots[gen % 2]!;
    return s.gen === gen ? s.writers : 0;
  }

  /** Generations currently live (started, not dumped), oldest first. */
  liveGenerations(): number[] {
    return this.slots.map((s) => s.gen).filter((g): g is number => g !== undefined).sort((a, b) => a - b);
  }

  /** The string table of a live generation (e.g. to bind a sink so strings go out eagerly). */
  strings(gen: number): StringTable {
    return this.slotFor(gen, false).strings;
  }

  /** Refuses new writers for `gen`; existing ones may finish. */
  seal(gen: number): void {
    this.slotFor(gen, false).sealed = true;
  }

  /**
   * Dumps generation `gen`: pending strings, then every stack (adding function/file names to the
   * string table, or to `strings` when given), then sink.end('strings'); resets the generation.
   * @throws QuiescenceError while a writer of `gen` is active; GenerationError if `gen` is not
   * live or an older generation is still live.
   */
  dump(gen: number, sink: TableSink, strings?: StringTable): void {
    const slot = this.slotFor(gen, false);
    const other = this.slots[(gen + 1) % 2]!;
    if (other.gen !== undefined && other.gen < gen) {
      throw new GenerationError(gen, 'order', `generation ${other.gen} must be dumped before ${gen}`);
    }
    if (slot.writers > 0) throw new QuiescenceError(gen, slot.writers);
    // Quiescent: writers === 0, and JavaScript runs this synchronously, so no put into this slot
    // can happen until we return — which is what lets StackTable.dump walk its entries unguarded.
    // Writers of the other slot (gen+1) are untouched.
    slot.sealed = true;
    const names = strings ?? slot.strings;
    slot.strings.bind(sink);
    slot.stacks.dump(sink, names);
    if (names !== slot.strings) names.flush(names.boundSink ?? sink);
    sink.end?.('strings');
    slot.strings.reset();
    slot.gen = undefined;
    slot.sealed = false;
    this.lastDumped = gen;
  }

  /** Seals `gen`, waits for its last writer to release, then dumps it. */
  async dumpWhenQuiescent(gen: number, sink: TableSink, strings?: StringTable): Promise<void> {
    const slot = this.slotFor(gen, false);
    slot.sealed = true;
    while (slot.writers > 0) await new Promise<void>((resolve) => slot.waiters.push(resolve));
    this.dump(gen, sink, strings);
  }

  /** @internal */
  releaseWriter(slot: Slot): void {
    slot.writers--;
    if (slot.writers === 0 && slot.waiters.length > 0) {
      const w = slot.waiters;
      slot.waiters = [];
      for (const resolve of w) resolve();
    }
  }

  private slotFor(gen: number, start: boolean): Slot {
    if (!Number.isSafeInteger(gen) || gen < 1) throw new GenerationError(gen, 'invalid', `generation must be a safe integer ≥ 1, got ${gen}`);
    const slot = this.slots[gen % 2]!;
    if (slot.gen === gen) return slot;
    if (gen <= this.lastDumped) throw new GenerationError(gen, 'dumped', `generation ${gen} was already dumped`);
    if (!start) throw new GenerationError(gen, 'not-live', `generation ${gen} is not live`);
    if (slot.gen !== undefined && slot.gen > gen) {
      throw new GenerationError(gen, 'behind', `generation ${gen} cannot start after ${slot.gen}`);
    }
    if (slot.gen !== undefined) {
      throw new GenerationError(gen, 'ahead', `generation ${gen} is more than one ahead: ${slot.gen} is not dumped yet`);
    }
    const other = this.slots[(gen + 1) % 2]!;
    if (other.gen !== undefined) {
      if (other.gen > gen) throw new GenerationError(gen, 'behind', `generation ${gen} cannot start after ${other.gen}`);
      if (other.gen !== gen - 1) throw new GenerationError(gen, 'ahead', `generation ${gen} is more than one ahead of live ${other.gen}`);
    }
    slot.gen = gen;
    return slot;
  }
}

class Writer implements GenerationWriter {
  private done = false;
  constructor(
    private readonly owner: GenerationTables,
    private readonly slot: Slot,
    readonly gen: number,
  ) {}
  get released(): boolean {
    return this.done;
  }
  put(stack: Stack): StackId {
    this.check();
    return this.slot.stacks.put(stack);
  }
  putPCs(pcs: ArrayLike<number | bigint>): StackId {
    this.check();
    return this.slot.stacks.putPCs(pcs);
  }
  string(s: StringInput): StringId {
    this.check();
    return this.slot.strings.put(s);
  }
  uniqueString(s: StringInput): StringId {
    this.check();
    return this.slot.strings.putUnique(s);
  }
  release(): void {
    this.check();
    this.done = true;
    this.owner.releaseWriter(this.slot);
  }
  private check(): void {
    // While a writer is unreleased its slot cannot be dumped, so slot.gen is still this.gen.
    if (this.done) throw new WriterReleasedError(this.gen);
  }
}
