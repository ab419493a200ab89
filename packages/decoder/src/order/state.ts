/**
 * What the ordering engine remembers about goroutines, procs, threads, tasks and GC across the
 * whole trace (reader-semantics.md §8.1). Nothing is reset at generation boundaries.
 */
import type { U64 } from '@gotrace/stack-table';
import type { I64 } from '../internal/num.js';

/* A sequence value is (generation, n): only an event of the same generation with n+1 follows it. */

/** A range in flight on a resource: its start event type and description string ID. */
export interface RangeKey {
  readonly type: number;
  readonly desc: U64;
}

export interface UserRegion {
  readonly task: U64;
  readonly name: Uint8Array;
}

/** Goroutine state. `regions`/`ranges` start shared-empty and are replaced on first change (most goroutines never use them). */
/** Frozen shared empty list: a holder must replace it before adding (see `owned`). */
export const NONE: readonly never[] = Object.freeze([]);

/** Returns a list the holder owns (replacing the shared empty one). */
export function owned<T>(list: T[]): T[] {
  return list === (NONE as unknown) ? [] : list;
}

export class GState {
  // Set by init(): the goroutine table reuses the records of destroyed goroutines.
  id!: I64;
  /** Wire status (GoStatus numbering). */
  status!: number;
  /** Sequence value (generation, n): set by status/creation events to (gen, 0). */
  seqGen!: U64;
  seqN!: U64;
  regions!: UserRegion[];
  ranges!: RangeKey[];
  constructor(id: I64, status: number, seqGen: U64) {
    this.init(id, status, seqGen);
  }

  /** (Re)starts the record as goroutine `id`, with no regions or ranges. */
  init(id: I64, status: number, seqGen: U64): this {
    this.id = id;
    this.status = status;
    this.seqGen = seqGen;
    this.seqN = 0;
    this.regions = NONE as unknown as UserRegion[];
    this.ranges = NONE as unknown as RangeKey[];
    return this;
  }
}

export class PState {
  ranges: RangeKey[] = NONE as unknown as RangeKey[];
  constructor(
    readonly id: I64,
    /** Wire status (ProcStatus numbering). */
    public status: number,
    public seqGen: U64,
    public seqN: U64 = 0,
  ) {}
}

export interface MState {
  g: I64;
  p: I64;
}

export interface TaskState {
  readonly name: Uint8Array;
  readonly parent: U64;
}

export const enum GcState {
  Undetermined = 0,
  NotRunning = 1,
  Running = 2,
}
