/**
 * The event table: the one source of truth for every event type of the v2 format
 * (wire-format.md §13). The wire reader and writer, Go's text form, the CLI help and the
 * generated docs (docs/event-table.md) all derive from EVENT_TABLE.
 */
import type { TraceVersion } from './versions.js';
import { Experiment } from './enums.js';

/** Event type numbers, by Go's names. */
export const EventType = {
  EventBatch: 1,
  Stacks: 2,
  Stack: 3,
  Strings: 4,
  String: 5,
  CPUSamples: 6,
  CPUSample: 7,
  Frequency: 8,
  ProcsChange: 9,
  ProcStart: 10,
  ProcStop: 11,
  ProcSteal: 12,
  ProcStatus: 13,
  GoCreate: 14,
  GoCreateSyscall: 15,
  GoStart: 16,
  GoDestroy: 17,
  GoDestroySyscall: 18,
  GoStop: 19,
  GoBlock: 20,
  GoUnblock: 21,
  GoSyscallBegin: 22,
  GoSyscallEnd: 23,
  GoSyscallEndBlocked: 24,
  GoStatus: 25,
  STWBegin: 26,
  STWEnd: 27,
  GCActive: 28,
  GCBegin: 29,
  GCEnd: 30,
  GCSweepActive: 31,
  GCSweepBegin: 32,
  GCSweepEnd: 33,
  GCMarkAssistActive: 34,
  GCMarkAssistBegin: 35,
  GCMarkAssistEnd: 36,
  HeapAlloc: 37,
  HeapGoal: 38,
  GoLabel: 39,
  UserTaskBegin: 40,
  UserTaskEnd: 41,
  UserRegionBegin: 42,
  UserRegionEnd: 43,
  UserLog: 44,
  GoSwitch: 45,
  GoSwitchDestroy: 46,
  GoCreateBlocked: 47,
  GoStatusStack: 48,
  ExperimentalBatch: 49,
  Sync: 50,
  ClockSnapshot: 51,
  EndOfGeneration: 52,
  // Experiment 1 (AllocFree).
  Span: 128,
  SpanAlloc: 129,
  SpanFree: 130,
  HeapObject: 131,
  HeapObjectAlloc: 132,
  HeapObjectFree: 133,
  GoroutineStack: 134,
  GoroutineStackAlloc: 135,
  GoroutineStackFree: 136,
} as const;
export type EventTypeName = keyof typeof EventType;
export type EventType = (typeof EventType)[EventTypeName];

/** Largest standard type, and the exclusive end of the experimental range. */
export const MAX_STANDARD_EVENT = 52;
export const FIRST_EXPERIMENTAL_EVENT = 128;
export const END_EXPERIMENTAL_EVENT = 137;

/**
 * How an argument's number is interpreted, from its name: `name_kind`, or a bare kind word
 * (wire-format.md §13.3). Every name ending in `string` is a string ID and every one ending in
 * `stack` a stack ID; the reader's table-ID checks rely on exactly that.
 */
export type ArgKind =
  | 'dt'
  | 'seq'
  | 'pstatus'
  | 'gstatus'
  | 'g'
  | 'm'
  | 'p'
  | 'string'
  | 'stack'
  | 'value'
  | 'task'
  | 'plain';

export type Trailer = 'none' | 'frames' | 'data';

export interface ArgSpec {
  readonly name: string;
  readonly kind: ArgKind;
}

export interface EventSpec {
  readonly type: EventType;
  readonly name: EventTypeName;
  /** Arguments in wire order; for timed events the first is `dt`. */
  readonly args: readonly ArgSpec[];
  /** Names only, in wire order (the text-form keys). */
  readonly argNames: readonly string[];
  /** Timed events carry a timestamp delta as their first argument. */
  readonly timed: boolean;
  /** Structural events: batch headers, table sections, samples, frequency, sync, markers. */
  readonly structural: boolean;
  /** `frames` = Stack's 4×nframes trailer; `data` = length-prefixed bytes (String, ExperimentalBatch). */
  readonly trailer: Trailer;
  /** Positions (counting `dt` as 0) of string-ID arguments. */
  readonly stringArgs: readonly number[];
  /** Positions of stack-ID arguments; for GoCreate-style events the creator's stack first. */
  readonly stackArgs: readonly number[];
  /** For an event that continues or closes a range: the event that opens it. */
  readonly startEvent: EventTypeName | undefined;
  /** First trace version whose table defines this type. */
  readonly since: TraceVersion;
  /** Owning experiment (0 for standard events). */
  readonly experiment: Experiment;
  /** One line for docs and CLI help. */
  readonly doc: string;
}

function kindOf(name: string): ArgKind {
  if (name === 'dt') return 'dt';
  const suffix = name.includes('_') ? name.slice(name.lastIndexOf('_') + 1) : name;
  switch (suffix) {
    case 'seq':
    case 'pstatus':
    case 'gstatus':
    case 'g':
    case 'm':
    case 'p':
    case 'string':
    case 'stack':
    case 'value':
    case 'task':
      return suffix;
    default:
      return 'plain';
  }
}

interface Row {
  readonly args: string;
  readonly since: TraceVersion;
  readonly doc: string;
  readonly timed?: boolean;
  readonly trailer?: Trailer;
  readonly start?: EventTypeName;
  readonly experiment?: Experiment;
  /** Override for the stack-argument order where the creator's stack comes first. */
  readonly stackOrder?: readonly number[];
}

// The table proper. `args` lists argument names in wire order, exactly as Go names them.
const ROWS: { readonly [K in EventTypeName]: Row } = {
  EventBatch: { args: 'gen m time size', since: 22, doc: 'start of a batch of events written by thread m for generation gen' },
  Stacks: { args: '', since: 22, doc: 'start of a stack-table section' },
  Stack: { args: 'id nframes', since: 22, trailer: 'frames', doc: 'stack-table entry: nframes × (pc func file line), leaf first' },
  Strings: { args: '', since: 22, doc: 'start of a string-table section' },
  String: { args: 'id', since: 22, trailer: 'data', doc: 'string-table entry (at most 1024 bytes)' },
  CPUSamples: { args: '', since: 22, doc: 'start of a CPU-sample section' },
  CPUSample: { args: 'time m p g stack', since: 22, doc: 'CPU profile sample at an absolute time' },
  Frequency: { args: 'freq', since: 22, doc: 'trace clock ticks per second' },
  ProcsChange: { args: 'dt procs_value stack', since: 22, timed: true, doc: 'GOMAXPROCS changed' },
  ProcStart: { args: 'dt p p_seq', since: 22, timed: true, doc: 'P starts running on this thread' },
  ProcStop: { args: 'dt', since: 22, timed: true, doc: "this thread's P stops" },
  ProcSteal: { args: 'dt p p_seq m', since: 22, timed: true, doc: 'P taken from thread m, which was in a syscall' },
  ProcStatus: { args: 'dt p pstatus', since: 22, timed: true, doc: "P's status at its first mention in a generation" },
  GoCreate: { args: 'dt new_g new_stack stack', since: 22, timed: true, stackOrder: [3, 2], doc: 'goroutine created (runnable)' },
  GoCreateSyscall: { args: 'dt new_g', since: 22, timed: true, doc: 'goroutine appears in a syscall (C thread calling into Go)' },
  GoStart: { args: 'dt g g_seq', since: 22, timed: true, doc: 'goroutine starts running on this thread' },
  GoDestroy: { args: 'dt', since: 22, timed: true, doc: 'running goroutine exits' },
  GoDestroySyscall: { args: 'dt', since: 22, timed: true, doc: 'goroutine exits while in a syscall (C thread leaving Go)' },
  GoStop: { args: 'dt reason_string stack', since: 22, timed: true, doc: 'running goroutine yields but stays runnable' },
  GoBlock: { args: 'dt reason_string stack', since: 22, timed: true, doc: 'running goroutine blocks' },
  GoUnblock: { args: 'dt g g_seq stack', since: 22, timed: true, doc: 'goroutine becomes runnable' },
  GoSyscallBegin: { args: 'dt p_seq stack', since: 22, timed: true, doc: 'running goroutine enters a syscall' },
  GoSyscallEnd: { args: 'dt', since: 22, timed: true, start: 'GoSyscallBegin', doc: 'syscall returns with its P still held' },
  GoSyscallEndBlocked: { args: 'dt', since: 22, timed: true, start: 'GoSyscallBegin', doc: 'syscall returns after its P was lost' },
  GoStatus: { args: 'dt g m gstatus', since: 22, timed: true, doc: "goroutine's status at its first mention in a generation" },
  STWBegin: { args: 'dt kind_string stack', since: 22, timed: true, doc: 'stop-the-world begins' },
  STWEnd: { args: 'dt', since: 22, timed: true, start: 'STWBegin', doc: 'stop-the-world ends' },
  GCActive: { args: 'dt gc_seq', since: 22, timed: true, start: 'GCBegin', doc: 'GC already in progress at generation start' },
  GCBegin: { args: 'dt gc_seq stack', since: 22, timed: true, doc: 'GC mark phase begins' },
  GCEnd: { args: 'dt gc_seq', since: 22, timed: true, start: 'GCBegin', doc: 'GC mark phase ends' },
  GCSweepActive: { args: 'dt p', since: 22, timed: true, start: 'GCSweepBegin', doc: 'sweeping already in progress on P' },
  GCSweepBegin: { args: 'dt stack', since: 22, timed: true, doc: 'sweeping begins on this P' },
  GCSweepEnd: { args: 'dt swept_value reclaimed_value', since: 22, timed: true, start: 'GCSweepBegin', doc: 'sweeping ends: bytes swept and reclaimed' },
  GCMarkAssistActive: { args: 'dt g', since: 22, timed: true, start: 'GCMarkAssistBegin', doc: 'mark assist already in progress for goroutine g' },
  GCMarkAssistBegin: { args: 'dt stack', since: 22, timed: true, doc: 'mark assist begins' },
  GCMarkAssistEnd: { args: 'dt', since: 22, timed: true, start: 'GCMarkAssistBegin', doc: 'mark assist ends' },
  HeapAlloc: { args: 'dt heapalloc_value', since: 22, timed: true, doc: 'live heap bytes' },
  HeapGoal: { args: 'dt heapgoal_value', since: 22, timed: true, doc: 'heap goal bytes' },
  GoLabel: { args: 'dt label_string', since: 22, timed: true, doc: 'label for the running goroutine (GC worker mode)' },
  UserTaskBegin: { args: 'dt task parent_task name_string stack', since: 22, timed: true, doc: 'runtime/trace task begins' },
  UserTaskEnd: { args: 'dt task stack', since: 22, timed: true, doc: 'runtime/trace task ends' },
  UserRegionBegin: { args: 'dt task name_string stack', since: 22, timed: true, doc: 'runtime/trace region begins' },
  UserRegionEnd: { args: 'dt task name_string stack', since: 22, timed: true, start: 'UserRegionBegin', doc: 'runtime/trace region ends' },
  UserLog: { args: 'dt task key_string value_string stack', since: 22, timed: true, doc: 'runtime/trace log message' },
  GoSwitch: { args: 'dt g g_seq', since: 23, timed: true, doc: 'coroutine switch to g; the current goroutine blocks' },
  GoSwitchDestroy: { args: 'dt g g_seq', since: 23, timed: true, doc: 'coroutine switch to g; the current goroutine exits' },
  GoCreateBlocked: { args: 'dt new_g new_stack stack', since: 23, timed: true, stackOrder: [3, 2], doc: 'goroutine created (blocked)' },
  GoStatusStack: { args: 'dt g m gstatus stack', since: 23, timed: true, doc: "goroutine's status with the stack it is blocked in" },
  ExperimentalBatch: { args: 'exp gen m time', since: 23, trailer: 'data', doc: 'batch of experiment-defined data' },
  Sync: { args: '', since: 25, doc: 'start of a sync batch' },
  ClockSnapshot: { args: 'dt mono sec nsec', since: 25, timed: true, doc: 'trace, monotonic and wall clocks read together' },
  EndOfGeneration: { args: '', since: 26, doc: 'end of a generation (version 26 only)' },
  Span: { args: 'dt id npages_value kindclass', since: 23, timed: true, experiment: Experiment.AllocFree, doc: 'heap span exists' },
  SpanAlloc: { args: 'dt id npages_value kindclass', since: 23, timed: true, experiment: Experiment.AllocFree, doc: 'heap span allocated' },
  SpanFree: { args: 'dt id', since: 23, timed: true, experiment: Experiment.AllocFree, doc: 'heap span freed' },
  HeapObject: { args: 'dt id type', since: 23, timed: true, experiment: Experiment.AllocFree, doc: 'heap object exists' },
  HeapObjectAlloc: { args: 'dt id type', since: 23, timed: true, experiment: Experiment.AllocFree, doc: 'heap object allocated' },
  HeapObjectFree: { args: 'dt id', since: 23, timed: true, experiment: Experiment.AllocFree, doc: 'heap object freed' },
  GoroutineStack: { args: 'dt id order', since: 23, timed: true, experiment: Experiment.AllocFree, doc: 'goroutine stack exists' },
  GoroutineStackAlloc: { args: 'dt id order', since: 23, timed: true, experiment: Experiment.AllocFree, doc: 'goroutine stack allocated' },
  GoroutineStackFree: { args: 'dt id', since: 23, timed: true, experiment: Experiment.AllocFree, doc: 'goroutine stack freed' },
};

function buildSpec(name: EventTypeName, row: Row): EventSpec {
  const argNames = row.args === '' ? [] : row.args.split(' ');
  const args = argNames.map((n) => ({ name: n, kind: kindOf(n) }));
  const stringArgs: number[] = [];
  const stackArgs: number[] = [];
  args.forEach((a, i) => {
    if (a.kind === 'string') stringArgs.push(i);
    if (a.kind === 'stack') stackArgs.push(i);
  });
  // CPUSample's `stack` is a stack ID like any other; its position is found by suffix above.
  const timed = row.timed ?? false;
  return Object.freeze({
    type: EventType[name],
    name,
    args: Object.freeze(args),
    argNames: Object.freeze(argNames),
    timed,
    structural: !timed,
    trailer: row.trailer ?? 'none',
    stringArgs: Object.freeze(stringArgs),
    stackArgs: Object.freeze(row.stackOrder ?? stackArgs),
    startEvent: row.start,
    since: row.since,
    experiment: row.experiment ?? Experiment.None,
    doc: row.doc,
  });
}

/** Every event type, in type-number order. */
export const EVENT_TABLE: readonly EventSpec[] = Object.freeze(
  (Object.keys(ROWS) as EventTypeName[]).map((n) => buildSpec(n, ROWS[n])).sort((a, b) => a.type - b.type),
);

/** Lookup by type number: SPEC_BY_TYPE[t] (undefined for unassigned numbers). */
export const SPEC_BY_TYPE: readonly (EventSpec | undefined)[] = (() => {
  const a: (EventSpec | undefined)[] = new Array(256).fill(undefined);
  for (const s of EVENT_TABLE) a[s.type] = s;
  return Object.freeze(a);
})();

export const SPEC_BY_NAME: ReadonlyMap<string, EventSpec> = new Map(EVENT_TABLE.map((s) => [s.name, s]));

export function eventSpec(type: number): EventSpec | undefined {
  return SPEC_BY_TYPE[type];
}

export function isExperimentalType(type: number): boolean {
  return type >= FIRST_EXPERIMENTAL_EVENT && type < END_EXPERIMENTAL_EVENT;
}

/**
 * The types a version's table defines (wire-format.md §4.4): Go defines each version as a prefix
 * of the full table — 22: 1–44, 23: 1–49, 25: 1–51, 26: 1–52 + 128–136.
 *
 * Deliberate extension: real Go 1.23/1.24/1.25 runtimes write AllocFree events (128–136) into
 * version-23/25 traces when GODEBUG=traceallocfree=1, and Go's main reader accepts them, while
 * x/exp's raw codec does not. We define them for 23 and 25 too, so those traces round-trip.
 */
export function isDefinedIn(type: number, version: TraceVersion): boolean {
  const spec = SPEC_BY_TYPE[type];
  if (spec === undefined) return false;
  if (spec.experiment !== Experiment.None) return version >= 23;
  return spec.since <= version;
}

/** The event table of one version, as a dense lookup by type number. */
export function versionTable(version: TraceVersion): readonly (EventSpec | undefined)[] {
  const cached = VERSION_TABLES.get(version);
  if (cached) return cached;
  const t = SPEC_BY_TYPE.map((s) => (s && isDefinedIn(s.type, version) ? s : undefined));
  Object.freeze(t);
  VERSION_TABLES.set(version, t);
  return t;
}
const VERSION_TABLES = new Map<TraceVersion, readonly (EventSpec | undefined)[]>();

/** Most arguments any event has (CPUSample, UserTaskBegin, UserLog, GoStatusStack: 5). */
export const MAX_ARGS = Math.max(...EVENT_TABLE.map((s) => s.args.length));

/** Sentinel in `argCounts`: the version does not define this type. */
export const UNDEFINED_TYPE = 255;
export const TRAILER_NONE = 0;
export const TRAILER_FRAMES = 1;
export const TRAILER_DATA = 2;

export interface VersionLookup {
  /** Argument count by type number, UNDEFINED_TYPE where the version has no such type. */
  readonly argCounts: Uint8Array;
  /** TRAILER_NONE / TRAILER_FRAMES / TRAILER_DATA by type number. */
  readonly trailers: Uint8Array;
}

/**
 * The event table of a version as typed arrays: what the hot loops of the wire reader and
 * writer index, so they stay monomorphic and allocation-free.
 */
export function versionLookup(version: TraceVersion): VersionLookup {
  let t = LOOKUPS.get(version);
  if (!t) {
    const argCounts = new Uint8Array(256).fill(UNDEFINED_TYPE);
    const trailers = new Uint8Array(256);
    versionTable(version).forEach((spec, type) => {
      if (!spec) return;
      argCounts[type] = spec.args.length;
      trailers[type] = spec.trailer === 'frames' ? TRAILER_FRAMES : spec.trailer === 'data' ? TRAILER_DATA : TRAILER_NONE;
    });
    t = { argCounts, trailers };
    LOOKUPS.set(version, t);
  }
  return t;
}
const LOOKUPS = new Map<TraceVersion, VersionLookup>();
