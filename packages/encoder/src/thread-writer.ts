/**
 * ThreadWriter: the events one OS thread (an M) writes, one method per event. Times come from
 * `at(ticks)` (explicit clock) or from the writer's clock. Before an event the writer adds what
 * the runtime adds: the status of the thread's proc and goroutine (and of any goroutine or proc
 * the event names) at their first mention in the generation, the ranges in flight on them, and
 * GCActive when a GC spans the generation boundary.
 */
import type { GenerationWriter, Stack, StackId, StringId, U64 } from '@gotrace/stack-table';
import { EventType, GoStatus, ProcStatus, SPEC_BY_NAME, isDefinedIn } from '@gotrace/decoder/format';
import { BatchBuffer, putUvarint } from './batch-buffer.js';
import { StrictModeError, TraceWriterError, type StrictRule } from './strict/errors.js';
import { goStatusName, newG, newP, procStatusName, type GState, type MState, type PState } from './model.js';
import type { TraceWriter } from './trace-writer.js';

const NO_STACK = 0 as StackId;

/** Experimental (AllocFree) event names. */
export type ExperimentalEventName =
  | 'Span'
  | 'SpanAlloc'
  | 'SpanFree'
  | 'HeapObject'
  | 'HeapObjectAlloc'
  | 'HeapObjectFree'
  | 'GoroutineStack'
  | 'GoroutineStackAlloc'
  | 'GoroutineStackFree';

export class ThreadWriter {
  /** OS thread ID written in this thread's batch headers. */
  readonly m: number;
  /** @internal Proc and goroutine this thread holds. */
  readonly state: MState;
  private readonly w: TraceWriter;
  private readonly b = new BatchBuffer();
  private h: GenerationWriter | undefined;
  private hGen = 0;
  private time = 0;
  private pending = -1;

  /** @internal use TraceWriter.thread(m) */
  constructor(w: TraceWriter, m: number) {
    this.w = w;
    this.m = m;
    this.state = { m, p: -1, g: -1 };
  }

  /** Sets the time (ticks) of the following events of this thread. */
  at(ticks: number): this {
    if (this.w.clockFn) this.pending = ticks;
    else this.time = ticks;
    return this;
  }

  /** Proc this thread holds, or -1. */
  get proc(): number {
    return this.state.p;
  }
  /** Goroutine running (or in a syscall) on this thread, or -1. */
  get goroutine(): number {
    return this.state.g;
  }

  /** Flushes this thread's open batch and releases its hold on the generation (thread exit). */
  release(): void {
    this.leaveGeneration(this.hGen);
  }

  // -------------------------------------------------------------------------------------------
  // Procs

  /** This thread acquires idle proc `p` (ProcStart). */
  procStart(p: number): void {
    const ev = 'procStart';
    const ts = this.pre(ev);
    const P = this.w.procs.get(p) ?? newP(checkNum(p, 'proc'), ProcStatus.Idle, -1);
    if (this.w.strict) {
      if (this.state.p >= 0) this.fail('has-proc', ev, `thread already holds proc ${this.state.p}`, undefined, p);
      if (P.status !== ProcStatus.Idle) this.fail('proc-not-idle', ev, `proc is ${procStatusName(P.status)}${P.m >= 0 ? ` on thread ${P.m}` : ''}`, undefined, p);
    }
    this.w.procs.set(p, P);
    this.ctx(ts);
    if (P.statusGen !== this.w.gen) this.procStatus(ts, P, P.status);
    this.ev(ts, EventType.ProcStart, 2, p, ++P.seq);
    P.status = ProcStatus.Running;
    P.m = this.m;
    this.state.p = p;
  }

  /** This thread's proc stops (ProcStop). */
  procStop(): void {
    const ev = 'procStop';
    const ts = this.pre(ev);
    const P = this.needP(ev);
    if (this.w.strict && P && P.status !== ProcStatus.Running && P.status !== ProcStatus.Syscall) {
      this.fail('proc-not-idle', ev, `proc is ${procStatusName(P.status)}, not running`);
    }
    this.ctx(ts);
    this.ev(ts, EventType.ProcStop, 0);
    if (P) {
      P.status = ProcStatus.Idle;
      P.m = -1;
    }
    this.state.p = -1;
  }

  /** This thread takes proc `p` from thread `victim`, whose goroutine is in a syscall (ProcSteal). */
  procSteal(p: number, victim: number): void {
    const ev = 'procSteal';
    const ts = this.pre(ev);
    const P = this.w.procs.get(checkNum(p, 'proc'));
    const vt = this.w.threads.get(checkNum(victim, 'thread'));
    if (this.w.strict) {
      if (P === undefined || (P.status !== ProcStatus.Syscall && P.status !== ProcStatus.SyscallAbandoned)) {
        this.fail('proc-not-in-syscall', ev, `proc is ${P ? procStatusName(P.status) : 'unknown'}, not in a syscall`, undefined, p);
      }
      if (P.status === ProcStatus.Syscall && (vt === undefined || vt.state.p !== p)) {
        this.fail('steal-wrong-thread', ev, `thread ${victim} does not hold proc ${p}${P.m >= 0 ? ` (thread ${P.m} does)` : ''}`, undefined, p);
      }
    }
    this.ctx(ts);
    if (P && P.statusGen !== this.w.gen) this.procStatus(ts, P, ProcStatus.SyscallAbandoned);
    const seq = P ? ++P.seq : 1;
    this.ev(ts, EventType.ProcSteal, 3, p, seq, victim);
    if (P) {
      if (P.status === ProcStatus.Syscall && vt && vt.state.p === p) vt.state.p = -1;
      P.status = ProcStatus.Idle;
      P.m = -1;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Goroutines

  /** Creates runnable goroutine `g` (GoCreate). `start` = its start location, `stack` = where it was created. */
  goCreate(g: number, start?: Stack, stack?: Stack): void {
    this.create('goCreate', EventType.GoCreate, GoStatus.Runnable, g, start, stack);
  }

  /** Creates goroutine `g` already blocked (GoCreateBlocked, version ≥ 23). */
  goCreateBlocked(g: number, start?: Stack, stack?: Stack): void {
    this.create('goCreateBlocked', EventType.GoCreateBlocked, GoStatus.Waiting, g, start, stack);
  }

  private create(ev: string, type: number, status: GoStatus, g: number, start?: Stack, stack?: Stack): void {
    this.version(type, ev);
    const ts = this.pre(ev);
    checkNum(g, 'goroutine');
    if (this.w.strict) {
      this.needP(ev);
      const cur = this.curG();
      if (cur && cur.status !== GoStatus.Running) this.fail('goroutine-not-running', ev, `the creating goroutine is ${goStatusName(cur.status)}`);
      if (this.w.goroutines.has(g)) this.fail('goroutine-exists', ev, `goroutine ${g} already exists`, g);
    }
    const h = this.handle();
    const newStack = this.stack(h, start);
    const st = this.stack(h, stack);
    this.ctx(ts);
    this.ev(ts, type, 3, g, newStack, st);
    const G = newG(g, status, -1, false);
    G.statusGen = this.w.gen;
    this.w.goroutines.set(g, G);
  }

  /** Goroutine `g` appears on this thread in a syscall — a C thread calling into Go (GoCreateSyscall). */
  goCreateSyscall(g: number): void {
    const ev = 'goCreateSyscall';
    const ts = this.pre(ev);
    checkNum(g, 'goroutine');
    if (this.w.strict) {
      if (this.state.g >= 0) this.fail('has-goroutine', ev, `thread already runs goroutine ${this.state.g}`);
      if (this.w.goroutines.has(g)) this.fail('goroutine-exists', ev, `goroutine ${g} already exists`, g);
    }
    this.ctx(ts);
    this.ev(ts, EventType.GoCreateSyscall, 1, g);
    const G = newG(g, GoStatus.Syscall, this.m, false);
    G.statusGen = this.w.gen;
    this.w.goroutines.set(g, G);
    this.state.g = g;
  }

  /** Runnable goroutine `g` starts running on this thread (GoStart). */
  goStart(g: number): void {
    const ev = 'goStart';
    const ts = this.pre(ev);
    const G = this.w.goroutines.get(checkNum(g, 'goroutine'));
    if (this.w.strict) {
      this.needP(ev);
      if (this.state.g >= 0) this.fail('has-goroutine', ev, `thread already runs goroutine ${this.state.g}`);
      this.target(ev, G, g, GoStatus.Runnable, 'goroutine-not-runnable');
    }
    this.ctx(ts);
    if (G && G.statusGen !== this.w.gen) this.goStatus(ts, G);
    this.ev(ts, EventType.GoStart, 2, g, G ? ++G.seq : 1);
    if (G) {
      G.status = GoStatus.Running;
      G.m = this.m;
    }
    this.state.g = g;
  }

  /** The running goroutine yields but stays runnable (GoStop). */
  goStop(reason = 'unspecified', stack?: Stack): void {
    this.park('goStop', EventType.GoStop, GoStatus.Runnable, reason, stack);
  }

  /** The running goroutine blocks (GoBlock); `reason` e.g. "chan receive", "sync", "sleep". */
  goBlock(reason = 'unspecified', stack?: Stack): void {
    this.park('goBlock', EventType.GoBlock, GoStatus.Waiting, reason, stack);
  }

  private park(ev: string, type: number, to: GoStatus, reason: string, stack?: Stack): void {
    const ts = this.pre(ev);
    const G = this.runningG(ev);
    const h = this.handle();
    const r = this.str(h, reason);
    const s = this.stack(h, stack);
    this.ctx(ts);
    this.ev(ts, type, 2, r, s);
    if (G) {
      G.status = to;
      G.m = -1;
      G.waitStack = to === GoStatus.Waiting && s !== NO_STACK ? stack : undefined;
    }
    this.state.g = -1;
  }

  /** The running goroutine exits (GoDestroy). */
  goDestroy(): void {
    const ev = 'goDestroy';
    const ts = this.pre(ev);
    const G = this.runningG(ev);
    this.ctx(ts);
    this.ev(ts, EventType.GoDestroy, 0);
    if (G) this.forget(G);
    this.state.g = -1;
  }

  /** The goroutine in a syscall on this thread exits — a C thread leaving Go (GoDestroySyscall). */
  goDestroySyscall(): void {
    const ev = 'goDestroySyscall';
    const ts = this.pre(ev);
    const G = this.syscallG(ev);
    const P = this.state.p >= 0 ? this.w.procs.get(this.state.p) : undefined;
    if (this.w.strict && P && P.status !== ProcStatus.Syscall) {
      this.fail('proc-not-in-syscall', ev, `the thread's proc is ${procStatusName(P.status)}, not in a syscall`);
    }
    this.ctx(ts);
    this.ev(ts, EventType.GoDestroySyscall, 0);
    if (G) this.forget(G);
    this.state.g = -1;
    if (P) {
      P.status = ProcStatus.SyscallAbandoned;
      P.m = -1;
      this.state.p = -1;
    }
  }

  /** Waiting goroutine `g` becomes runnable (GoUnblock). Allowed on any thread, with or without a proc. */
  goUnblock(g: number, stack?: Stack): void {
    const ev = 'goUnblock';
    const ts = this.pre(ev);
    const G = this.w.goroutines.get(checkNum(g, 'goroutine'));
    if (this.w.strict) this.target(ev, G, g, GoStatus.Waiting, 'goroutine-not-waiting');
    const s = this.stack(this.handle(), stack);
    this.ctx(ts);
    if (G && G.statusGen !== this.w.gen) this.goStatus(ts, G);
    this.ev(ts, EventType.GoUnblock, 3, g, G ? ++G.seq : 1, s);
    if (G) {
      G.status = GoStatus.Runnable;
      G.waitStack = undefined;
    }
  }

  /** The running goroutine enters a syscall (GoSyscallBegin); the proc goes with it. */
  goSyscallBegin(stack?: Stack): void {
    const ev = 'goSyscallBegin';
    const ts = this.pre(ev);
    const G = this.runningG(ev);
    const P = this.curP();
    const s = this.stack(this.handle(), stack);
    this.ctx(ts);
    this.ev(ts, EventType.GoSyscallBegin, 2, P ? ++P.seq : 1, s);
    if (G) G.status = GoStatus.Syscall;
    if (P) P.status = ProcStatus.Syscall;
  }

  /** The syscall returns with the proc still held (GoSyscallEnd). */
  goSyscallEnd(): void {
    const ev = 'goSyscallEnd';
    const ts = this.pre(ev);
    const G = this.syscallG(ev);
    const P = this.curP();
    if (this.w.strict) {
      if (P === undefined) this.fail('needs-proc', ev, 'the thread lost its proc during the syscall; use goSyscallEndBlocked');
      if (P.status !== ProcStatus.Syscall) this.fail('proc-not-in-syscall', ev, `the thread's proc is ${procStatusName(P.status)}, not in a syscall`);
    }
    this.ctx(ts);
    this.ev(ts, EventType.GoSyscallEnd, 0);
    if (G) G.status = GoStatus.Running;
    if (P) P.status = ProcStatus.Running;
  }

  /** The syscall returns after the proc was lost; the goroutine becomes runnable (GoSyscallEndBlocked). */
  goSyscallEndBlocked(): void {
    const ev = 'goSyscallEndBlocked';
    const ts = this.pre(ev);
    const G = this.syscallG(ev);
    const P = this.curP();
    if (this.w.strict && P && P.status === ProcStatus.Syscall) {
      this.fail('proc-still-held', ev, `the thread still holds its proc in the syscall; steal it (procSteal) or stop it (procStop) first`);
    }
    this.ctx(ts);
    this.ev(ts, EventType.GoSyscallEndBlocked, 0);
    if (G) {
      G.status = GoStatus.Runnable;
      G.m = -1;
    }
    this.state.g = -1;
  }

  /** Coroutine switch: the running goroutine blocks and waiting goroutine `g` runs here (GoSwitch, ≥ 23). */
  goSwitch(g: number): void {
    this.switchTo('goSwitch', EventType.GoSwitch, g);
  }

  /** Coroutine switch: the running goroutine exits and waiting goroutine `g` runs here (GoSwitchDestroy, ≥ 23). */
  goSwitchDestroy(g: number): void {
    this.switchTo('goSwitchDestroy', EventType.GoSwitchDestroy, g);
  }

  private switchTo(ev: string, type: number, g: number): void {
    this.version(type, ev);
    const ts = this.pre(ev);
    const cur = this.runningG(ev);
    const G = this.w.goroutines.get(checkNum(g, 'goroutine'));
    if (this.w.strict) this.target(ev, G, g, GoStatus.Waiting, 'goroutine-not-waiting');
    this.ctx(ts);
    if (G && G.statusGen !== this.w.gen) this.goStatus(ts, G);
    this.ev(ts, type, 2, g, G ? ++G.seq : 1);
    if (cur) {
      if (type === EventType.GoSwitchDestroy) this.forget(cur);
      else {
        cur.status = GoStatus.Waiting;
        cur.m = -1;
      }
    }
    if (G) {
      G.status = GoStatus.Running;
      G.m = this.m;
      G.waitStack = undefined;
    }
    this.state.g = g;
  }

  // -------------------------------------------------------------------------------------------
  // GC, STW, heap

  /** Stop-the-world begins (STWBegin); `kind` e.g. "GC mark termination". */
  stwBegin(kind: string, stack?: Stack): void {
    const ev = 'stwBegin';
    const ts = this.pre(ev);
    const G = this.userG(ev);
    if (this.w.strict && G && G.stw.includes(kind)) this.fail('range-in-flight', ev, `stop-the-world (${kind}) is already in flight`);
    const h = this.handle();
    const k = this.str(h, kind);
    const s = this.stack(h, stack);
    this.ctx(ts);
    this.ev(ts, EventType.STWBegin, 2, k, s);
    G?.stw.push(kind);
    this.w.stwInFlight++;
  }

  /** Stop-the-world ends (STWEnd). */
  stwEnd(): void {
    const ev = 'stwEnd';
    const ts = this.pre(ev);
    const G = this.userG(ev);
    if (this.w.strict && G && G.stw.length === 0) this.fail('range-not-in-flight', ev, 'no stop-the-world in flight on this goroutine');
    this.ctx(ts);
    this.ev(ts, EventType.STWEnd, 0);
    if (G && G.stw.length > 0) {
      G.stw.shift();
      this.w.stwInFlight--;
    }
  }

  /** A GC mark phase begins (GCBegin); the writer numbers GC events. */
  gcBegin(stack?: Stack): void {
    const ev = 'gcBegin';
    const ts = this.pre(ev);
    if (this.w.strict) {
      if (this.w.gcSeen) this.userG(ev);
      if (this.w.gcRunning) this.fail('gc-already-running', ev, 'a GC is already in progress');
    }
    const s = this.stack(this.handle(), stack);
    this.ctx(ts);
    this.ev(ts, EventType.GCBegin, 2, ++this.w.gcSeq, s);
    this.w.gcRunning = true;
    this.w.gcSeen = true;
  }

  /** The GC mark phase ends (GCEnd). */
  gcEnd(): void {
    const ev = 'gcEnd';
    const ts = this.pre(ev);
    if (this.w.strict) {
      if (!this.w.gcRunning) this.fail('gc-not-running', ev, 'no GC in progress');
      this.userG(ev);
    }
    this.ctx(ts);
    this.ev(ts, EventType.GCEnd, 1, ++this.w.gcSeq);
    this.w.gcRunning = false;
  }

  /** Sweeping begins on this thread's proc (GCSweepBegin). */
  gcSweepBegin(stack?: Stack): void {
    const ev = 'gcSweepBegin';
    const ts = this.pre(ev);
    const P = this.needP(ev);
    if (this.w.strict && P && P.sweep) this.fail('range-in-flight', ev, 'sweeping is already in flight on this proc');
    const s = this.stack(this.handle(), stack);
    this.ctx(ts);
    this.ev(ts, EventType.GCSweepBegin, 1, s);
    if (P) P.sweep = true;
  }

  /** Sweeping ends on this thread's proc (GCSweepEnd): bytes swept and reclaimed. */
  gcSweepEnd(swept: number, reclaimed: number): void {
    const ev = 'gcSweepEnd';
    const ts = this.pre(ev);
    const P = this.needP(ev);
    if (this.w.strict && P && !P.sweep) this.fail('range-not-in-flight', ev, 'no sweeping in flight on this proc');
    this.ctx(ts);
    this.ev(ts, EventType.GCSweepEnd, 2, checkNum(swept, 'swept'), checkNum(reclaimed, 'reclaimed'));
    if (P) P.sweep = false;
  }

  /** The running goroutine starts a mark assist (GCMarkAssistBegin). */
  gcMarkAssistBegin(stack?: Stack): void {
    const ev = 'gcMarkAssistBegin';
    const ts = this.pre(ev);
    const G = this.userG(ev);
    if (this.w.strict && G && G.assist) this.fail('range-in-flight', ev, 'a mark assist is already in flight on this goroutine');
    const s = this.stack(this.handle(), stack);
    this.ctx(ts);
    this.ev(ts, EventType.GCMarkAssistBegin, 1, s);
    if (G) G.assist = true;
  }

  /** The mark assist ends (GCMarkAssistEnd). */
  gcMarkAssistEnd(): void {
    const ev = 'gcMarkAssistEnd';
    const ts = this.pre(ev);
    const G = this.userG(ev);
    if (this.w.strict && G && !G.assist) this.fail('range-not-in-flight', ev, 'no mark assist in flight on this goroutine');
    this.ctx(ts);
    this.ev(ts, EventType.GCMarkAssistEnd, 0);
    if (G) G.assist = false;
  }

  /** Live heap bytes (HeapAlloc). */
  heapAlloc(bytes: number): void {
    this.metric('heapAlloc', EventType.HeapAlloc, bytes);
  }

  /** Heap goal bytes (HeapGoal). */
  heapGoal(bytes: number): void {
    this.metric('heapGoal', EventType.HeapGoal, bytes);
  }

  private metric(ev: string, type: number, v: number): void {
    const ts = this.pre(ev);
    this.needP(ev);
    this.ctx(ts);
    this.ev(ts, type, 1, checkNum(v, 'value'));
  }

  /** GOMAXPROCS changed (ProcsChange). */
  gomaxprocs(n: number, stack?: Stack): void {
    const ev = 'gomaxprocs';
    const ts = this.pre(ev);
    this.userG(ev);
    const s = this.stack(this.handle(), stack);
    this.ctx(ts);
    this.ev(ts, EventType.ProcsChange, 2, checkNum(n, 'procs'), s);
  }

  /** Labels the running goroutine (GoLabel), e.g. "GC (dedicated)". */
  goLabel(label: string): void {
    const ev = 'goLabel';
    const ts = this.pre(ev);
    this.userG(ev);
    const l = this.str(this.handle(), label);
    this.ctx(ts);
    this.ev(ts, EventType.GoLabel, 1, l);
  }

  // -------------------------------------------------------------------------------------------
  // runtime/trace annotations

  /** A task begins (UserTaskBegin); `parent` 0 = none. */
  taskBegin(task: number, parent: number, name: string, stack?: Stack): void {
    const ev = 'taskBegin';
    const ts = this.pre(ev);
    this.userG(ev);
    checkNum(task, 'task');
    checkNum(parent, 'parent task');
    if (this.w.strict && this.w.tasks.has(task)) this.fail('task-conflict', ev, `task ${task} is already active`);
    const h = this.handle();
    const n = this.str(h, name);
    const s = this.stack(h, stack);
    this.ctx(ts);
    this.ev(ts, EventType.UserTaskBegin, 4, task, parent, n, s);
    this.w.tasks.add(task);
  }

  /** A task ends (UserTaskEnd). Ending a task begun before the trace is fine. */
  taskEnd(task: number, stack?: Stack): void {
    const ev = 'taskEnd';
    const ts = this.pre(ev);
    this.userG(ev);
    checkNum(task, 'task');
    const s = this.stack(this.handle(), stack);
    this.ctx(ts);
    this.ev(ts, EventType.UserTaskEnd, 2, task, s);
    this.w.tasks.delete(task);
  }

  /** A region begins on the running goroutine (UserRegionBegin); task 0 = background. */
  regionBegin(task: number, name: string, stack?: Stack): void {
    const ev = 'regionBegin';
    const ts = this.pre(ev);
    const G = this.userG(ev);
    checkNum(task, 'task');
    const h = this.handle();
    const n = this.str(h, name);
    const s = this.stack(h, stack);
    this.ctx(ts);
    this.ev(ts, EventType.UserRegionBegin, 3, task, n, s);
    G?.regions.push({ task, name });
  }

  /** The innermost region of the running goroutine ends (UserRegionEnd). */
  regionEnd(task: number, name: string, stack?: Stack): void {
    const ev = 'regionEnd';
    const ts = this.pre(ev);
    const G = this.userG(ev);
    checkNum(task, 'task');
    if (this.w.strict && G) {
      const top = G.regions[G.regions.length - 1];
      if (top === undefined) {
        if (!G.declared) this.fail('region-not-begun', ev, `region "${name}" (task ${task}) was never begun on this goroutine`);
      } else if (top.task !== task || top.name !== name) {
        this.fail('region-mismatch', ev, `region end {task ${task} "${name}"} but the innermost open region is {task ${top.task} "${top.name}"}`);
      }
    }
    const h = this.handle();
    const n = this.str(h, name);
    const s = this.stack(h, stack);
    this.ctx(ts);
    this.ev(ts, EventType.UserRegionEnd, 3, task, n, s);
    G?.regions.pop();
  }

  /** A trace.Log message (UserLog): category deduplicated, message written as its own string. */
  log(task: number, category: string, message: string, stack?: Stack): void {
    const ev = 'log';
    const ts = this.pre(ev);
    this.userG(ev);
    checkNum(task, 'task');
    const h = this.handle();
    const k = this.str(h, category);
    const v = h.uniqueString(message);
    const s = this.stack(h, stack);
    this.ctx(ts);
    this.ev(ts, EventType.UserLog, 4, task, k, v, s);
  }

  /** An experimental (AllocFree) event with its arguments after `dt`, e.g. experimental('SpanAlloc', id, npages, kindclass). */
  experimental(name: ExperimentalEventName, ...args: number[]): void {
    const spec = SPEC_BY_NAME.get(name);
    if (spec === undefined || spec.experiment === 0) throw new TraceWriterError('bad-argument', `${String(name)} is not an experimental event`);
    this.version(spec.type, name);
    const n = spec.args.length - 1;
    if (args.length !== n) throw new TraceWriterError('bad-argument', `${name} takes ${n} arguments (${spec.argNames.slice(1).join(' ')}), got ${args.length}`);
    for (const a of args) checkNum(a, name);
    const ts = this.pre(name);
    this.ctx(ts);
    this.ev(ts, spec.type, n, args[0] ?? 0, args[1] ?? 0, args[2] ?? 0);
  }

  // -------------------------------------------------------------------------------------------
  // Internals

  /** @internal Flushes the open batch of `gen` and releases this thread's tables handle. */
  leaveGeneration(gen: number): void {
    if (this.b.open && this.b.gen === gen) this.w.push(this.b.seal(this.m, this.w.lengthStyle));
    if (this.h !== undefined && this.hGen === gen && !this.h.released) this.h.release();
    this.h = undefined;
    this.hGen = 0;
  }

  private pre(ev: string): number {
    this.w.checkOpen();
    let ts: number;
    if (this.w.clockFn) {
      ts = this.pending >= 0 ? this.pending : this.w.clockFn();
      this.pending = -1;
      if (ts < this.w.lastTime && !this.w.strict) ts = this.w.lastTime;
    } else ts = this.time;
    this.w.beginEvent(ts, ev, this.m);
    if (this.hGen !== this.w.gen) {
      if (this.b.open) this.w.push(this.b.seal(this.m, this.w.lengthStyle));
      this.h = this.w.tables.acquire(this.w.gen);
      this.hGen = this.w.gen;
    }
    return ts;
  }

  private handle(): GenerationWriter {
    return this.h!;
  }

  private stack(h: GenerationWriter, s: Stack | undefined): StackId {
    if (s === undefined || s.length === 0) return NO_STACK;
    const cache = this.w.stackCache;
    let id = cache.get(s);
    if (id === undefined) {
      id = h.put(s);
      cache.set(s, id);
    }
    return id;
  }

  private str(h: GenerationWriter, s: string): StringId {
    const cache = this.w.strCache;
    let id = cache.get(s);
    if (id === undefined) {
      id = h.string(s);
      cache.set(s, id);
    }
    return id;
  }

  private version(type: number, ev: string): void {
    if (!isDefinedIn(type, this.w.version)) {
      throw new TraceWriterError('unsupported-event', `${ev} is not available in trace version ${this.w.version}`);
    }
  }

  /** Statuses the runtime writes before an event of this thread, at the first mention in a generation. */
  private ctx(ts: number): void {
    const gen = this.w.gen;
    const st = this.state;
    if (st.p >= 0) {
      const P = this.w.procs.get(st.p);
      if (P && P.statusGen !== gen) this.procStatus(ts, P, P.status);
    }
    if (st.g >= 0) {
      const G = this.w.goroutines.get(st.g);
      if (G && G.statusGen !== gen) this.goStatus(ts, G);
    }
    // GCActive needs a proc and a goroutine, except in the first generation (Go's reader).
    if (this.w.gcActivePending && ((st.p >= 0 && st.g >= 0) || this.w.isFirstGeneration)) {
      this.w.gcActivePending = false;
      this.ev(ts, EventType.GCActive, 1, ++this.w.gcSeq);
    }
  }

  private procStatus(ts: number, P: PState, status: ProcStatus): void {
    P.statusGen = this.w.gen;
    P.seq = 0;
    this.ev(ts, EventType.ProcStatus, 2, P.id, status);
    if (P.sweep) this.ev(ts, EventType.GCSweepActive, 1, P.id);
  }

  private goStatus(ts: number, G: GState): void {
    G.statusGen = this.w.gen;
    G.seq = 0;
    const bound = G.m >= 0 && (G.status === GoStatus.Running || G.status === GoStatus.Syscall);
    this.ev(ts, EventType.GoStatus, 3, G.id, bound ? G.m : 0xffff_ffff_ffff_ffffn, G.status);
    if (G.assist) this.ev(ts, EventType.GCMarkAssistActive, 1, G.id);
  }

  /** Writes one event into this thread's batch (a new batch when the worst case does not fit). */
  private ev(ts: number, type: number, n: number, a0: U64 = 0, a1: U64 = 0, a2: U64 = 0, a3: U64 = 0): void {
    const b = this.b;
    const w = this.w;
    if (!b.open) b.start(w.gen, ts);
    else if (!b.fits(11 + n * 10)) {
      w.push(b.seal(this.m, w.lengthStyle));
      b.start(w.gen, ts);
    }
    if (ts < b.last) ts = b.last;
    const buf = b.buf;
    let p = b.pos;
    buf[p++] = type;
    p = putUvarint(buf, p, ts - b.last);
    b.last = ts;
    if (n > 0) p = putUvarint(buf, p, a0);
    if (n > 1) p = putUvarint(buf, p, a1);
    if (n > 2) p = putUvarint(buf, p, a2);
    if (n > 3) p = putUvarint(buf, p, a3);
    b.pos = p;
    if (ts > w.lastTime) w.lastTime = ts;
  }

  private forget(G: GState): void {
    this.w.goroutines.delete(G.id);
    this.w.stwInFlight -= G.stw.length;
  }

  private curP(): PState | undefined {
    return this.state.p >= 0 ? this.w.procs.get(this.state.p) : undefined;
  }

  private curG(): GState | undefined {
    return this.state.g >= 0 ? this.w.goroutines.get(this.state.g) : undefined;
  }

  private needP(ev: string): PState | undefined {
    const P = this.curP();
    if (P === undefined && this.w.strict) this.fail('needs-proc', ev, 'the thread holds no proc');
    return P;
  }

  /** "User context": a proc and a goroutine on this thread (any goroutine state). */
  private userG(ev: string): GState | undefined {
    this.needP(ev);
    const G = this.curG();
    if (G === undefined && this.w.strict) this.fail('needs-goroutine', ev, 'no goroutine is running on the thread');
    return G;
  }

  private runningG(ev: string): GState | undefined {
    const G = this.userG(ev);
    if (G && G.status !== GoStatus.Running && this.w.strict) this.fail('goroutine-not-running', ev, `the goroutine is ${goStatusName(G.status)}, not running`);
    return G;
  }

  private syscallG(ev: string): GState | undefined {
    const G = this.curG();
    if (this.w.strict) {
      if (G === undefined) this.fail('needs-goroutine', ev, 'no goroutine is running on the thread');
      if (G.status !== GoStatus.Syscall) this.fail('goroutine-not-in-syscall', ev, `the goroutine is ${goStatusName(G.status)}, not in a syscall`);
    }
    return G;
  }

  private target(ev: string, G: GState | undefined, g: number, want: GoStatus, rule: StrictRule): void {
    if (G === undefined) this.fail('goroutine-unknown', ev, `goroutine ${g} does not exist (create it with goCreate, or declare it in the first generation)`, g);
    if (G.status !== want) this.fail(rule, ev, `goroutine ${g} is ${goStatusName(G.status)}, not ${goStatusName(want)}`, g);
  }

  private fail(rule: StrictRule, ev: string, detail: string, g?: number, p?: number): never {
    throw new StrictModeError(
      rule,
      { event: ev, m: this.m, g: g ?? (this.state.g >= 0 ? this.state.g : undefined), p: p ?? (this.state.p >= 0 ? this.state.p : undefined) },
      detail,
    );
  }
}

function checkNum(v: number, what: string): number {
  if (!Number.isSafeInteger(v) || v < 0) throw new TraceWriterError('bad-argument', `${what} must be a non-negative safe integer, got ${String(v)}`);
  return v;
}

