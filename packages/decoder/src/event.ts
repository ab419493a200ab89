/**
 * The public event model (reader-semantics.md §10): one class with typed accessors, exposed as a
 * discriminated union on `kind` so TypeScript narrows to the accessors that make sense. Calling an
 * accessor of another kind throws (Go panics there).
 */
import type { Frame, Stack, U64 } from '@gotrace/stack-table';
import { EventType as T, SPEC_BY_TYPE } from './format/events.js';
import { EXPERIMENT_NAMES } from './format/enums.js';
import type { GenTables, ExperimentalBatch } from './generation.js';
import type { I64 } from './internal/num.js';
import { ticksToNs } from './internal/num.js';
import { GoState, ProcState, WIRE_GO_TO_STATE, WIRE_PROC_TO_STATE } from './states.js';
import { eventString } from './event-string.js';

export const EventKind = {
  Bad: 'Bad',
  Sync: 'Sync',
  Metric: 'Metric',
  Label: 'Label',
  StackSample: 'StackSample',
  RangeBegin: 'RangeBegin',
  RangeActive: 'RangeActive',
  RangeEnd: 'RangeEnd',
  TaskBegin: 'TaskBegin',
  TaskEnd: 'TaskEnd',
  RegionBegin: 'RegionBegin',
  RegionEnd: 'RegionEnd',
  Log: 'Log',
  StateTransition: 'StateTransition',
  Experimental: 'Experimental',
} as const;
export type EventKind = (typeof EventKind)[keyof typeof EventKind];

/** Internal pseudo-types for events that do not come from a regular batch. */
export const SYNC_TYPE = -1;
export const SAMPLE_TYPE = -2;

/** Task ID "no task" (2^64−1) and the background task (0). */
export const NoTask: U64 = 0xffff_ffff_ffff_ffffn;
export const BackgroundTask: U64 = 0;
export const NoGoroutine = -1;
export const NoProc = -1;
export const NoThread = -1;

const KIND_BY_TYPE: EventKind[] = (() => {
  const k: EventKind[] = new Array(256).fill('Bad');
  for (const t of [T.ProcsChange, T.HeapAlloc, T.HeapGoal]) k[t] = 'Metric';
  k[T.GoLabel] = 'Label';
  for (const t of [T.STWBegin, T.GCBegin, T.GCSweepBegin, T.GCMarkAssistBegin]) k[t] = 'RangeBegin';
  for (const t of [T.GCActive, T.GCSweepActive, T.GCMarkAssistActive]) k[t] = 'RangeActive';
  for (const t of [T.STWEnd, T.GCEnd, T.GCSweepEnd, T.GCMarkAssistEnd]) k[t] = 'RangeEnd';
  k[T.UserTaskBegin] = 'TaskBegin';
  k[T.UserTaskEnd] = 'TaskEnd';
  k[T.UserRegionBegin] = 'RegionBegin';
  k[T.UserRegionEnd] = 'RegionEnd';
  k[T.UserLog] = 'Log';
  for (const t of [
    T.ProcStart, T.ProcStop, T.ProcSteal, T.ProcStatus, T.GoCreate, T.GoCreateSyscall, T.GoStart, T.GoDestroy,
    T.GoDestroySyscall, T.GoStop, T.GoBlock, T.GoUnblock, T.GoSyscallBegin, T.GoSyscallEnd, T.GoSyscallEndBlocked,
    T.GoStatus, T.GoSwitch, T.GoSwitchDestroy, T.GoCreateBlocked, T.GoStatusStack,
  ]) k[t] = 'StateTransition';
  for (let t = 128; t < 137; t++) k[t] = 'Experimental';
  return k;
})();

export type ResourceKind = 'None' | 'Goroutine' | 'Proc' | 'Thread';
export interface ResourceID {
  readonly kind: ResourceKind;
  readonly id: I64;
}
const NONE_RESOURCE: ResourceID = { kind: 'None', id: -1 };

export type Value = { readonly kind: 'Uint64'; readonly value: U64 } | { readonly kind: 'String'; readonly value: string };

export interface Metric {
  readonly name: string;
  readonly value: Value;
}
export interface Label {
  readonly label: string;
  readonly resource: ResourceID;
}
export interface Range {
  readonly name: string;
  readonly scope: ResourceID;
}
export interface RangeAttribute {
  readonly name: string;
  readonly value: Value;
}
export interface Task {
  readonly id: U64;
  readonly parent: U64;
  readonly type: string;
}
export interface Region {
  readonly task: U64;
  readonly type: string;
}
export interface Log {
  readonly task: U64;
  readonly category: string;
  readonly message: string;
}
export interface StateTransition {
  readonly resource: ResourceID;
  readonly reason: string;
  /** The stack of the goroutine making the transition, when there is one. */
  readonly stack: Stack | undefined;
  /** GoState or ProcState numbers (see `states.ts`). */
  readonly from: number;
  readonly to: number;
}
export interface ClockSnapshot {
  /** Trace clock, ns. */
  readonly trace: bigint;
  /** Wall clock: Unix seconds and nanoseconds (normalized). */
  readonly wallSec: bigint;
  readonly wallNsec: number;
  readonly mono: U64;
}
export interface SyncInfo {
  readonly n: number;
  readonly clockSnapshot: ClockSnapshot | undefined;
  /** Experiment name → its batches, when this Sync opens a generation. */
  readonly experimentalBatches: ReadonlyMap<string, readonly ExperimentalBatch[]> | undefined;
}
export interface ExperimentalEvent {
  readonly name: string;
  readonly experiment: string;
  readonly args: readonly string[];
  readonly values: readonly Value[];
}

const utf8 = new TextDecoder('utf-8', { ignoreBOM: true }); // a leading U+FEFF is part of the string, as in Go

export class Event {
  m: I64 = -1;
  p: I64 = -1;
  g: I64 = -1;
  /** ProcStatus/GoStatus: API old state; ProcSteal: wire status before the steal; Sync: N. */
  carried = 0;
  /** TaskEnd: parent and name carried from its TaskBegin (undefined: begin not seen). */
  taskInfo: { readonly parent: U64; readonly name: Uint8Array } | undefined = undefined;
  /**
   * Arguments without dt (StackSample: the stack ID), held inline rather than in an array so the
   * reader can fill reused records without allocating (no event type has more than 4).
   */
  argc = 0;
  /**
   * 1 when the event's stack and string IDs must still be checked against the tables before it
   * is delivered (synthesized events, and decoded ones the cursor's fast test could not vouch
   * for); 0 when they are known good or the event has none. Internal to the reader.
   */
  idCheck = 0;
  a0: U64 = 0;
  a1: U64 = 0;
  a2: U64 = 0;
  a3: U64 = 0;
  constructor(
    /** Wire event type, or SYNC_TYPE / SAMPLE_TYPE. */
    public type: number,
    /** Time in ns (exact below 2^53); after delivery strictly increasing. */
    public ns: I64,
    /** The generation's tables (undefined for Syncs without a generation). */
    public tables: GenTables | undefined,
    /** Byte offset of the event in the input (−1 for Syncs). */
    public offset: number,
  ) {}

  /** Argument i (without dt); 0 past the end. */
  arg(i: number): U64 {
    if (i >= this.argc) return 0;
    return i === 0 ? this.a0 : i === 1 ? this.a1 : i === 2 ? this.a2 : this.a3;
  }

  /** The arguments (without dt) as a new array. */
  get args(): U64[] {
    const n = this.argc;
    return n === 0 ? [] : n === 1 ? [this.a0] : n === 2 ? [this.a0, this.a1] : n === 3 ? [this.a0, this.a1, this.a2] : [this.a0, this.a1, this.a2, this.a3];
  }

  /** Copies every field of `o` (the reader refills reused records this way). */
  copyFrom(o: Event): this {
    this.type = o.type;
    this.ns = o.ns;
    this.tables = o.tables;
    this.offset = o.offset;
    this.m = o.m;
    this.p = o.p;
    this.g = o.g;
    this.carried = o.carried;
    this.taskInfo = o.taskInfo;
    this.argc = o.argc;
    this.a0 = o.a0;
    this.a1 = o.a1;
    this.a2 = o.a2;
    this.a3 = o.a3;
    return this;
  }

  /**
   * A copy that stays valid: events handed to a `scan` visitor (or returned by
   * `readEventView`) are reused records, overwritten by the next event.
   */
  clone(): Event {
    return new Event(this.type, this.ns, this.tables, this.offset).copyFrom(this);
  }

  /** Number of the generation the event was read in (undefined for Syncs without one). */
  get generation(): U64 | undefined {
    return this.tables?.gen;
  }

  /** Sync events: their number N. */
  get syncN(): number {
    return this.type === SYNC_TYPE ? this.carried : 0;
  }

  get kind(): EventKind {
    if (this.type === SYNC_TYPE) return 'Sync';
    if (this.type === SAMPLE_TYPE) return 'StackSample';
    return KIND_BY_TYPE[this.type]!;
  }
  /** Time in ns, as Go's `Time()` (int64). */
  get time(): bigint {
    return BigInt(this.ns);
  }
  get goroutine(): I64 {
    return this.g;
  }
  get proc(): I64 {
    return this.p;
  }
  get thread(): I64 {
    return this.m;
  }
  /** Wire event name (`GoStart`, …), or `Sync` / `CPUSample`. */
  get eventName(): string {
    if (this.type === SYNC_TYPE) return 'Sync';
    if (this.type === SAMPLE_TYPE) return 'CPUSample';
    return SPEC_BY_TYPE[this.type]!.name;
  }

  /** Stack ID of the event stack; undefined when the event has no stack (NoStack). */
  get stackId(): U64 | undefined {
    if (this.type === SYNC_TYPE) return undefined;
    if (this.type === SAMPLE_TYPE) return this.arg(0);
    const spec = SPEC_BY_TYPE[this.type]!;
    if (spec.stackArgs.length === 0) return undefined;
    const id = this.arg(spec.stackArgs[0]! - 1);
    return id === 0 ? undefined : id;
  }

  /** The event stack, leaf frame first (resolved on access). */
  get stack(): Stack | undefined {
    const id = this.stackId;
    if (id === undefined) return undefined;
    return resolveStack(this.tables, id);
  }

  private want(...kinds: EventKind[]): void {
    if (!kinds.includes(this.kind)) throw new TypeError(`${kinds.join('/')} accessor called on a ${this.kind} event`);
  }

  str(id: U64): string {
    return this.tables ? this.tables.string(id) : '';
  }

  get metric(): Metric {
    this.want('Metric');
    const name =
      this.type === T.ProcsChange ? '/sched/gomaxprocs:threads' : this.type === T.HeapAlloc ? '/memory/classes/heap/objects:bytes' : '/gc/heap/goal:bytes';
    return { name, value: { kind: 'Uint64', value: this.arg(0) } };
  }

  get label(): Label {
    this.want('Label');
    return { label: this.str(this.arg(0)), resource: { kind: 'Goroutine', id: this.g } };
  }

  get range(): Range {
    this.want('RangeBegin', 'RangeActive', 'RangeEnd');
    switch (this.type) {
      case T.STWBegin:
      case T.STWEnd:
        return { name: `stop-the-world (${this.str(this.arg(0))})`, scope: { kind: 'Goroutine', id: this.g } };
      case T.GCBegin:
      case T.GCActive:
      case T.GCEnd:
        return { name: 'GC concurrent mark phase', scope: NONE_RESOURCE };
      case T.GCSweepBegin:
      case T.GCSweepEnd:
        return { name: 'GC incremental sweep', scope: { kind: 'Proc', id: this.p } };
      case T.GCSweepActive:
        return { name: 'GC incremental sweep', scope: { kind: 'Proc', id: toI64Arg(this.arg(0)) } };
      case T.GCMarkAssistActive:
        return { name: 'GC mark assist', scope: { kind: 'Goroutine', id: toI64Arg(this.arg(0)) } };
      default:
        return { name: 'GC mark assist', scope: { kind: 'Goroutine', id: this.g } };
    }
  }

  get rangeAttributes(): readonly RangeAttribute[] {
    this.want('RangeEnd');
    if (this.type !== T.GCSweepEnd) return [];
    return [
      { name: 'bytes swept', value: { kind: 'Uint64', value: this.arg(0) } },
      { name: 'bytes reclaimed', value: { kind: 'Uint64', value: this.arg(1) } },
    ];
  }

  get task(): Task {
    this.want('TaskBegin', 'TaskEnd');
    if (this.type === T.UserTaskBegin) return { id: this.arg(0), parent: this.arg(1), type: this.str(this.arg(2)) };
    const ti = this.taskInfo;
    return { id: this.arg(0), parent: ti ? ti.parent : NoTask, type: ti ? utf8.decode(ti.name) : '' };
  }

  get region(): Region {
    this.want('RegionBegin', 'RegionEnd');
    return { task: this.arg(0), type: this.str(this.arg(1)) };
  }

  get log(): Log {
    this.want('Log');
    return { task: this.arg(0), category: this.str(this.arg(1)), message: this.str(this.arg(2)) };
  }

  get stateTransition(): StateTransition {
    this.want('StateTransition');
    const tr = transition(this);
    const stack = tr.stackArg < 0 ? undefined : resolveStack(this.tables, this.arg(tr.stackArg));
    return { resource: tr.resource, reason: tr.reason === undefined ? '' : this.str(tr.reason), stack, from: tr.from, to: tr.to };
  }

  get sync(): SyncInfo {
    this.want('Sync');
    const t = this.tables;
    let clock: ClockSnapshot | undefined;
    let exp: Map<string, readonly ExperimentalBatch[]> | undefined;
    if (t) {
      if (t.clock) {
        const { sec, nsec } = normalizeWall(t.clock.sec, t.clock.nsec);
        clock = { trace: BigInt(ticksToNs(t.freq, t.clock.ticks)), mono: t.clock.mono, wallSec: sec, wallNsec: nsec };
      }
      exp = new Map();
      for (const [id, list] of t.expBatches) {
        // Go's reader accepts batches of experiments it does not know, then panics when asked for
        // their name; we keep them under a name that says what they are.
        exp.set(EXPERIMENT_NAMES[id] ?? `unknown experiment ${id}`, list);
      }
    }
    return { n: this.carried, clockSnapshot: clock, experimentalBatches: exp };
  }

  get experimental(): ExperimentalEvent {
    this.want('Experimental');
    const spec = SPEC_BY_TYPE[this.type]!;
    const args = spec.argNames.slice(1);
    const values: Value[] = args.map((n, i) =>
      n.endsWith('string') ? { kind: 'String', value: this.str(this.arg(i)) } : { kind: 'Uint64', value: this.arg(i) },
    );
    return { name: spec.name, experiment: EXPERIMENT_NAMES[spec.experiment] ?? 'None', args, values };
  }

  /** Byte-identical to Go's `Event.String()`. */
  toString(): string {
    return eventString(this);
  }
}

function toI64Arg(v: U64): I64 {
  if (typeof v === 'number') return v;
  const s = BigInt.asIntN(64, v);
  return s >= -BigInt(Number.MAX_SAFE_INTEGER) && s <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(s) : s;
}

/** A transition's resource, states, reason string ID and the argument index of its stack (−1: none). */
export interface TransitionParts {
  resource: ResourceID;
  from: number;
  to: number;
  reason: U64 | undefined;
  stackArg: number;
}

export function transition(e: Event): TransitionParts {
  const G = (id: I64): ResourceID => ({ kind: 'Goroutine', id });
  const P = (id: I64): ResourceID => ({ kind: 'Proc', id });
  const a = e.args;
  switch (e.type) {
    case T.ProcStart:
      return { resource: P(toI64Arg(a[0]!)), from: ProcState.Idle, to: ProcState.Running, reason: undefined, stackArg: -1 };
    case T.ProcStop:
      return { resource: P(e.p), from: ProcState.Running, to: ProcState.Idle, reason: undefined, stackArg: -1 };
    case T.ProcSteal:
      return {
        resource: P(toI64Arg(a[0]!)),
        from: e.carried === 4 ? ProcState.Idle : ProcState.Running,
        to: ProcState.Idle,
        reason: undefined,
        stackArg: -1,
      };
    case T.ProcStatus:
      return { resource: P(toI64Arg(a[0]!)), from: e.carried, to: WIRE_PROC_TO_STATE[statusByte(a[1]!)] ?? 0, reason: undefined, stackArg: -1 };
    case T.GoCreate:
    case T.GoCreateBlocked:
      return {
        resource: G(toI64Arg(a[0]!)),
        from: GoState.NotExist,
        to: e.type === T.GoCreate ? GoState.Runnable : GoState.Waiting,
        reason: undefined,
        stackArg: 1, // new_stack: always a handle, even with ID 0 (Q10)
      };
    case T.GoCreateSyscall:
      return { resource: G(toI64Arg(a[0]!)), from: GoState.NotExist, to: GoState.Syscall, reason: undefined, stackArg: -1 };
    case T.GoStart:
      return { resource: G(toI64Arg(a[0]!)), from: GoState.Runnable, to: GoState.Running, reason: undefined, stackArg: -1 };
    case T.GoDestroy:
      return { resource: G(e.g), from: GoState.Running, to: GoState.NotExist, reason: undefined, stackArg: -1 };
    case T.GoDestroySyscall:
      return { resource: G(e.g), from: GoState.Syscall, to: GoState.NotExist, reason: undefined, stackArg: -1 };
    case T.GoStop:
    case T.GoBlock:
      return {
        resource: G(e.g),
        from: GoState.Running,
        to: e.type === T.GoStop ? GoState.Runnable : GoState.Waiting,
        reason: a[0]!,
        stackArg: a[1] === 0 ? -1 : 1,
      };
    case T.GoUnblock:
    case T.GoSwitch:
    case T.GoSwitchDestroy:
      return { resource: G(toI64Arg(a[0]!)), from: GoState.Waiting, to: GoState.Runnable, reason: undefined, stackArg: -1 };
    case T.GoSyscallBegin:
      return { resource: G(e.g), from: GoState.Running, to: GoState.Syscall, reason: undefined, stackArg: a[1] === 0 ? -1 : 1 };
    case T.GoSyscallEnd:
      return { resource: G(e.g), from: GoState.Syscall, to: GoState.Running, reason: undefined, stackArg: -1 };
    case T.GoSyscallEndBlocked:
      return { resource: G(e.g), from: GoState.Syscall, to: GoState.Runnable, reason: undefined, stackArg: -1 };
    case T.GoStatus:
    case T.GoStatusStack:
      return {
        resource: G(toI64Arg(a[0]!)),
        from: e.carried,
        to: WIRE_GO_TO_STATE[statusByte(a[2]!)] ?? 0,
        reason: undefined,
        stackArg: e.type === T.GoStatusStack && a[3] !== 0 ? 3 : -1,
      };
    default:
      throw new TypeError(`not a state transition: ${e.type}`);
  }
}

function statusByte(v: U64): number {
  return typeof v === 'number' ? v % 256 : Number(v & 0xffn);
}

/** Resolves a stack ID of a generation into frames (leaf first). Unknown IDs give no frames. */
export function resolveStack(t: GenTables | undefined, id: U64): Stack {
  if (!t) return [];
  const pcs = t.stacks.get(id);
  if (!pcs) return [];
  const out: Frame[] = new Array(pcs.length);
  for (let i = 0; i < pcs.length; i++) {
    const pc = pcs[i]!;
    const f = t.pcs.get(pc)!;
    out[i] = { pc, func: t.string(f.funcId), file: t.string(f.fileId), line: f.line };
  }
  return out;
}

/** Go's time.Unix(sec, nsec) normalization, on int64-reinterpreted wire values. */
export function normalizeWall(secW: U64, nsecW: U64): { sec: bigint; nsec: number } {
  let sec = BigInt.asIntN(64, BigInt(secW));
  let nsec = BigInt.asIntN(64, BigInt(nsecW));
  if (nsec < 0n || nsec >= 1_000_000_000n) {
    let n = nsec / 1_000_000_000n;
    sec += n;
    nsec -= n * 1_000_000_000n;
    if (nsec < 0n) {
      nsec += 1_000_000_000n;
      sec -= 1n;
    }
    n = 0n;
  }
  return { sec, nsec: Number(nsec) };
}

/** The public union: narrowing on `kind` exposes the matching accessor. */
interface Common {
  /** ns, as Go's Time(). */
  readonly time: bigint;
  /** The same as an I64 (a number while ≤ 2^53−1, else a bigint). */
  readonly ns: I64;
  readonly goroutine: I64;
  readonly proc: I64;
  readonly thread: I64;
  readonly stack: Stack | undefined;
  readonly stackId: U64 | undefined;
  readonly eventName: string;
  /** Byte offset in the input of the event (or of the event it was synthesized from); −1 for CPU samples and Syncs without a generation. */
  readonly offset: number;
  /** Generation number the event belongs to (stack IDs are per generation). */
  readonly generation: U64 | undefined;
  /** A copy that outlives the reused record a `scan` visitor or `readEventView` hands out. */
  clone(): TraceEvent;
  toString(): string;
}
export interface SyncEvent extends Common { readonly kind: 'Sync'; readonly sync: SyncInfo }
export interface MetricEvent extends Common { readonly kind: 'Metric'; readonly metric: Metric }
export interface LabelEvent extends Common { readonly kind: 'Label'; readonly label: Label }
export interface StackSampleEvent extends Common { readonly kind: 'StackSample' }
export interface RangeBeginEvent extends Common { readonly kind: 'RangeBegin'; readonly range: Range }
export interface RangeActiveEvent extends Common { readonly kind: 'RangeActive'; readonly range: Range }
export interface RangeEndEvent extends Common { readonly kind: 'RangeEnd'; readonly range: Range; readonly rangeAttributes: readonly RangeAttribute[] }
export interface TaskBeginEvent extends Common { readonly kind: 'TaskBegin'; readonly task: Task }
export interface TaskEndEvent extends Common { readonly kind: 'TaskEnd'; readonly task: Task }
export interface RegionBeginEvent extends Common { readonly kind: 'RegionBegin'; readonly region: Region }
export interface RegionEndEvent extends Common { readonly kind: 'RegionEnd'; readonly region: Region }
export interface LogEvent extends Common { readonly kind: 'Log'; readonly log: Log }
export interface StateTransitionEvent extends Common { readonly kind: 'StateTransition'; readonly stateTransition: StateTransition }
export interface ExperimentalEventKind extends Common { readonly kind: 'Experimental'; readonly experimental: ExperimentalEvent }

export type TraceEvent =
  | SyncEvent
  | MetricEvent
  | LabelEvent
  | StackSampleEvent
  | RangeBeginEvent
  | RangeActiveEvent
  | RangeEndEvent
  | TaskBeginEvent
  | TaskEndEvent
  | RegionBeginEvent
  | RegionEndEvent
  | LogEvent
  | StateTransitionEvent
  | ExperimentalEventKind;
