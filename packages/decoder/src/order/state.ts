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
  regions: UserRegion[] = NONE as unknown as UserRegion[];
  ranges: RangeKey[] = NONE as unknown as RangeKey[];
  constructor(
    /** Mutable: the goroutine table reuses the records of destroyed goroutines. */
    public id: I64,
    /** Wire status (GoStatus numbering). */
    public status: number,
    /** Sequence value (generation, n): set by status/creation events to (gen, 0). */
    public seqGen: U64,
    public seqN: U64 = 0,
  ) {}
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
