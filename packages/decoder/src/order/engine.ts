/**
 * The ordering engine (reader-semantics.md §8): given the next event of some thread, decide
 * whether it can happen now (advance), must wait for another thread's progress (wait), or
 * proves the trace broken (throw). Advanced events go to a FIFO queue with the scheduling
 * context they are reported with (the state before the event, unless the spec says otherwise).
 */
import type { U64 } from '@gotrace/stack-table';
import { EventType as T, SPEC_BY_TYPE, versionTable, type EventSpec } from '../format/events.js';
import { GoStatus as GS, ProcStatus as PS } from '../format/enums.js';
import type { TraceVersion } from '../format/versions.js';
import { isSucc, toI64, type I64 } from '../internal/num.js';
import { GoState, ProcState, WIRE_GO_TO_STATE, WIRE_PROC_TO_STATE, wireGoStatusName, wireProcStatusName } from '../states.js';
import { TraceValidationError } from '../validation-error.js';
import type { GenTables } from '../generation.js';
import { RawEv } from './raw-ev.js';
import type { BatchCursor } from './cursor.js';
import { GoroutineTable } from './goroutines.js';
import { ID_ARGS } from './table-ids.js';
import { GcState, PState, owned, type GState, type MState, type RangeKey, type TaskState, type UserRegion } from './state.js';

/** Requirement levels for a context slot. */
const enum Req {
  Any = 0,
  Have = 1,
  NotHave = 2,
}

const NO_TASK: U64 = 0xffff_ffff_ffff_ffffn;

export class OrderingEngine {
  readonly gStates = new GoroutineTable();
  readonly pStates = new Map<I64, PState>();
  readonly mStates = new Map<I64, MState>();
  readonly activeTasks = new Map<U64, TaskState>();
  gcSeq: U64 = 0;
  gcState: GcState = GcState.Undetermined;
  initialGen: U64 = 0;

  /**
   * Output FIFO: a ring of reused records (one advance queues at most 3 events and the reader
   * takes one per call, so it never holds more than a few). A popped record stays valid until
   * the ring comes round to it again, i.e. for at least the next call.
   */
  private q: RawEv[] = newRing(16);
  private qHead = 0;
  private qLen = 0;

  // Per-call scratch: the queued context (cur*), the thread's context after the event (new*).
  private curM: I64 = -1;
  private curP: I64 = -1;
  private curG: I64 = -1;
  private newP: I64 = -1;
  private newG: I64 = -1;
  private gen: U64 = 0;
  private tables!: GenTables;
  /**
   * The ring record push() traded for the advancing cursor's own, until advance() gives it to
   * the cursor. (Not a reference to the cursor: cursors are young objects, and storing one into
   * this long-lived engine on every event costs a write-barrier slow path each time.)
   */
  private traded: RawEv | undefined = undefined;
  /**
   * Records for new cursors, returned by cursors that are done: reused across generations they
   * grow old, so that moving them between cursors and the ring costs no write-barrier slow path.
   */
  private readonly spareRecords: RawEv[] = [];
  private readonly names: readonly (EventSpec | undefined)[];

  constructor(readonly version: TraceVersion) {
    this.names = versionTable(version);
  }

  get queued(): number {
    return this.qLen;
  }

  /** A record for a new cursor (a spare one if any). */
  takeRecord(): RawEv {
    return this.spareRecords.pop() ?? new RawEv(0, 0, undefined, -1);
  }

  /** Gives back the record of a cursor that is done (it must not be used by the cursor again). */
  giveRecord(ev: RawEv): void {
    if (this.spareRecords.length >= 4096) return;
    // A spare must not keep its last generation's tables (or a task's name) alive.
    ev.tables = undefined;
    ev.taskInfo = undefined;
    this.spareRecords.push(ev);
  }

  pop(): RawEv | undefined {
    if (this.qLen === 0) return undefined;
    const q = this.q;
    const ev = q[this.qHead]!;
    this.qHead = (this.qHead + 1) & (q.length - 1);
    this.qLen--;
    return ev;
  }

  /** Go's event name for messages: the version's table, else `Invalid(<type>)`. */
  name(type: number): string {
    return this.names[type]?.name ?? `Invalid(${type})`;
  }

  private err(msg: string, ev: RawEv): TraceValidationError {
    return new TraceValidationError('ordering', msg, { generation: this.gen, thread: this.curM, offset: ev.offset });
  }

  /** Queues `ev`, the advancing cursor's event, with the current context. */
  private push(ev: RawEv): void {
    const q = this.ring();
    const at = (this.qHead + this.qLen) & (q.length - 1);
    this.qLen++;
    // Every queued wire event is the advancing cursor's own record: it goes into the ring and the
    // cursor takes the free ring record in exchange (next() refills whatever record it holds);
    // advance() hands it over.
    this.traded = q[at]!;
    q[at] = ev;
    ev.m = this.curM;
    ev.p = this.curP;
    ev.g = this.curG;
  }

  /** Queues an event synthesized from `src` (same time and offset) with the current context. */
  private pushSynth(type: number, src: RawEv, argc: number, a0: U64 = 0, a1: U64 = 0, a2: U64 = 0, carried = 0): void {
    const slot = this.slot();
    slot.type = type;
    slot.ns = src.ns;
    slot.tables = this.tables;
    slot.offset = src.offset;
    slot.m = this.curM;
    slot.p = this.curP;
    slot.g = this.curG;
    slot.carried = carried;
    slot.taskInfo = undefined;
    slot.idCheck = ID_ARGS[type] !== 0 ? 1 : 0; // checked at delivery like any event
    slot.argc = argc;
    slot.a0 = a0;
    slot.a1 = a1;
    slot.a2 = a2;
    slot.a3 = 0;
  }

  /** The next free ring record. */
  private slot(): RawEv {
    const q = this.ring();
    const slot = q[(this.qHead + this.qLen) & (q.length - 1)]!;
    this.qLen++;
    return slot;
  }

  /** The ring, doubled first if full (keeping FIFO order). */
  private ring(): RawEv[] {
    let q = this.q;
    // Keep one record spare: the last popped one may still be in the caller's hands. (One advance
    // queues at most three events and the readers pop before advancing, so this never grows in
    // practice; if it did, only the queued records move and the caller's stays out of the ring.)
    if (this.qLen + 1 >= q.length) {
      const nq = newRing(q.length * 2);
      for (let i = 0; i < this.qLen; i++) nq[i] = q[(this.qHead + i) & (q.length - 1)]!;
      this.q = q = nq;
      this.qHead = 0;
    }
    return q;
  }

  private checkCtx(ev: RawEv, m: Req, p: Req, g: Req): void {
    if (m === Req.Have && this.curM === -1) throw this.err("expected a thread but didn't have one", ev);
    if (m === Req.NotHave && this.curM !== -1) throw this.err('expected no thread but had one', ev);
    if (p === Req.Have && this.curP === -1) throw this.err("expected a proc but didn't have one", ev);
    if (p === Req.NotHave && this.curP !== -1) throw this.err('expected no proc but had one', ev);
    if (g === Req.Have && this.curG === -1) throw this.err("expected a goroutine but didn't have one", ev);
    if (g === Req.NotHave && this.curG !== -1) throw this.err('expected no goroutine but had one', ev);
  }

  private userCtx(ev: RawEv): void {
    this.checkCtx(ev, Req.Have, Req.Have, Req.Have);
  }

  private setSeq(o: GState | PState, n: U64): void {
    o.seqGen = this.gen;
    o.seqN = n;
  }

  private seqOk(stored: GState | PState, n: U64): boolean {
    return stored.seqGen === this.gen && isSucc(stored.seqN, n);
  }

  /** Starts ordering the events of generation `gen` (before any advance in it). */
  beginGeneration(gen: U64, tables: GenTables): void {
    if (this.initialGen === 0) this.initialGen = gen;
    this.gen = gen;
    this.tables = tables;
  }

  /** Tries to order the next event of cursor `c` (of the current generation). Returns false to wait. */
  advance(c: BatchCursor): boolean {
    const m = c.m;
    this.curM = m;
    let ms: MState | undefined;
    if (m === -1) {
      this.curP = -1;
      this.curG = -1;
    } else {
      // Thread states are never deleted, so a cursor may keep its thread's entry.
      ms = c.ms;
      if (ms === undefined) {
        ms = this.mStates.get(m);
        if (!ms) {
          ms = { g: -1, p: -1 };
          this.mStates.set(m, ms);
        }
        c.ms = ms;
      }
      this.curP = ms.p;
      this.curG = ms.g;
    }
    this.newP = this.curP;
    this.newG = this.curG;
    const ok = this.dispatch(c.ev);
    const t = this.traded;
    if (t !== undefined) {
      c.ev = t;
      this.traded = undefined;
    }
    if (ok && ms) {
      ms.p = this.newP;
      ms.g = this.newG;
    }
    return ok;
  }

  private dispatch(ev: RawEv): boolean {
    switch (ev.type) {
      case T.ProcsChange:
      case T.GoLabel:
      case T.UserLog:
        this.userCtx(ev);
        this.push(ev);
        return true;
      case T.ProcStart:
        return this.procStart(ev);
      case T.ProcStop:
        return this.procStop(ev);
      case T.ProcSteal:
        return this.procSteal(ev);
      case T.ProcStatus:
        return this.procStatus(ev);
      case T.GoCreate:
      case T.GoCreateBlocked:
        return this.goCreate(ev);
      case T.GoCreateSyscall:
        return this.goCreateSyscall(ev);
      case T.GoStart:
        return this.goStart(ev);
      case T.GoDestroy:
      case T.GoStop:
      case T.GoBlock:
        return this.goStopExec(ev);
      case T.GoDestroySyscall:
        return this.goDestroySyscall(ev);
      case T.GoUnblock:
        return this.goUnblock(ev);
      case T.GoSyscallBegin:
        return this.goSyscallBegin(ev);
      case T.GoSyscallEnd:
        return this.goSyscallEnd(ev);
      case T.GoSyscallEndBlocked:
        return this.goSyscallEndBlocked(ev);
      case T.GoStatus:
      case T.GoStatusStack:
        return this.goStatus(ev);
      case T.GoSwitch:
      case T.GoSwitchDestroy:
        return this.goSwitch(ev);
      case T.STWBegin:
      case T.GCMarkAssistBegin:
        return this.goRangeBegin(ev);
      case T.STWEnd:
      case T.GCMarkAssistEnd:
        return this.goRangeEnd(ev);
      case T.GCMarkAssistActive:
        return this.goRangeActive(ev);
      case T.GCActive:
        return this.gcActive(ev);
      case T.GCBegin:
        return this.gcBegin(ev);
      case T.GCEnd:
        return this.gcEnd(ev);
      case T.GCSweepBegin:
        this.checkCtx(ev, Req.Have, Req.Have, Req.Any);
        {
          const ps = this.pStates.get(this.curP)!;
          this.beginRange((ps.ranges = owned(ps.ranges)), rangeKey(ev.type, 0), ev);
        }
        this.push(ev);
        return true;
      case T.GCSweepActive: {
        const pid = i64(ev.a0);
        const ps = this.pStates.get(pid);
        if (!ps) throw this.err(`encountered GCSweepActive for unknown proc ${pid}`, ev);
        this.activeRange((ps.ranges = owned(ps.ranges)), rangeKey(ev.type, 0), ev);
        this.push(ev);
        return true;
      }
      case T.GCSweepEnd:
        this.checkCtx(ev, Req.Have, Req.Have, Req.Any);
        this.endRange(this.pStates.get(this.curP)!.ranges, ev); // ending never adds
        this.push(ev);
        return true;
      case T.HeapAlloc:
      case T.HeapGoal:
        this.checkCtx(ev, Req.Have, Req.Have, Req.Any);
        this.push(ev);
        return true;
      case T.UserTaskBegin:
        return this.taskBegin(ev);
      case T.UserTaskEnd:
        return this.taskEnd(ev);
      case T.UserRegionBegin:
      case T.UserRegionEnd:
        return this.region(ev);
      case T.Span:
      case T.SpanAlloc:
      case T.SpanFree:
      case T.HeapObject:
      case T.HeapObjectAlloc:
      case T.HeapObjectFree:
      case T.GoroutineStack:
      case T.GoroutineStackAlloc:
      case T.GoroutineStackFree:
        this.checkCtx(ev, Req.Have, Req.Any, Req.Any);
        this.push(ev);
        return true;
      default:
        throw this.err(`bad event type found while ordering: ${ev.type}`, ev);
    }
  }

  // ---- procs ----

  private procStatus(ev: RawEv): boolean {
    const pid = i64(ev.a0);
    const status = statusNum(ev.a1);
    if (status >= 5) throw this.err(`invalid status for proc ${pid}: ${status}`, ev);
    let old: number = WIRE_PROC_TO_STATE[status]!;
    const ps = this.pStates.get(pid);
    if (ps) {
      if (status === PS.SyscallAbandoned && ps.status === PS.Syscall) {
        // The P's syscalling owner was seen: a "promotion", reported as Running → Running.
        old = ProcState.Running;
        ev.a1 = PS.Syscall;
      } else if (status === PS.SyscallAbandoned && ps.status === PS.SyscallAbandoned) {
        old = ProcState.Idle;
      } else if (ps.status !== status) {
        throw this.err(`inconsistent status for proc ${pid}: old ${wireProcStatusName(ps.status)} vs. new ${wireProcStatusName(status)}`, ev);
      }
      this.setSeq(ps, 0);
    } else {
      this.pStates.set(pid, new PState(pid, status, this.gen));
      old = this.gen === this.initialGen ? ProcState.Undetermined : ProcState.NotExist;
    }
    ev.carried = old;
    if (status === PS.Running || status === PS.Syscall) this.newP = pid;
    if (status === PS.SyscallAbandoned && old === ProcState.Running) {
      // Attribute the event to the thread that holds the P (last match wins, like Go's map scan).
      let found = false;
      for (const [mid, ms] of this.mStates) {
        if (ms.p === pid) {
          this.curM = mid;
          this.curP = pid;
          this.curG = ms.g;
          found = true;
        }
      }
      if (!found) throw this.err(`failed to find sched context for proc ${pid} that's about to be stolen`, ev);
    }
    this.push(ev);
    return true;
  }

  private procStart(ev: RawEv): boolean {
    const pid = i64(ev.a0);
    const ps = this.pStates.get(pid);
    if (!ps || ps.status !== PS.Idle || !this.seqOk(ps, ev.a1) || this.curP !== -1) return false;
    this.checkCtx(ev, Req.Have, Req.NotHave, Req.Any);
    ps.status = PS.Running;
    this.setSeq(ps, ev.a1);
    this.newP = pid;
    this.push(ev);
    return true;
  }

  private procStop(ev: RawEv): boolean {
    const ps = this.pStates.get(this.curP);
    if (!ps) throw this.err(`event ${this.name(ev.type)} for proc (${this.curP}) that doesn't exist`, ev);
    if (ps.status !== PS.Running && ps.status !== PS.Syscall) throw this.err(`${this.name(ev.type)} event for proc that's not Running or Syscall`, ev);
    this.checkCtx(ev, Req.Have, Req.Have, Req.Any);
    ps.status = PS.Idle;
    this.newP = -1;
    this.push(ev);
    return true;
  }

  private procSteal(ev: RawEv): boolean {
    const pid = i64(ev.a0);
    const ps = this.pStates.get(pid);
    if (!ps || (ps.status !== PS.Syscall && ps.status !== PS.SyscallAbandoned) || !this.seqOk(ps, ev.a1)) return false;
    this.checkCtx(ev, Req.Have, Req.Any, Req.Any);
    const oldStatus = ps.status;
    ev.carried = oldStatus;
    ps.status = PS.Idle;
    this.setSeq(ps, ev.a1);
    if (oldStatus === PS.SyscallAbandoned) {
      this.push(ev);
      return true;
    }
    const victim = i64(ev.a2);
    if (victim === this.curM) {
      if (this.curP !== pid) throw this.err(`tried to self-steal proc ${pid} (thread ${victim}), but got proc ${this.curP} instead`, ev);
      this.newP = -1;
      this.push(ev);
      return true;
    }
    const vs = this.mStates.get(victim);
    if (!vs) throw this.err(`stole proc from non-existent thread ${victim}`, ev);
    if (vs.p !== pid) throw this.err(`tried to steal proc ${pid} from thread ${victim}, but got proc ${vs.p} instead`, ev);
    vs.p = -1;
    this.push(ev);
    return true;
  }

  // ---- goroutines ----

  private goStatus(ev: RawEv): boolean {
    const gid = i64(ev.a0);
    const mid = i64(ev.a1);
    const status = statusNum(ev.a2);
    if (status >= 5) throw this.err(`invalid status for goroutine ${gid}: ${status}`, ev);
    let old: number = WIRE_GO_TO_STATE[status]!;
    const gs = this.gStates.get(gid);
    if (gs) {
      if (gs.status !== status) throw this.err(`inconsistent status for goroutine ${gid}: old ${wireGoStatusName(gs.status)} vs. new ${wireGoStatusName(status)}`, ev);
      this.setSeq(gs, 0);
    } else if (this.gen === this.initialGen) {
      this.gStates.add(gid, status, this.gen);
      old = GoState.Undetermined;
    } else {
      throw this.err(`found goroutine status for new goroutine after the first generation: id=${gid} status=${wireGoStatusName(status)}`, ev);
    }
    ev.carried = old;
    if (status === GS.Running) {
      this.newG = gid;
    } else if (status === GS.Syscall) {
      if (mid === -1) throw this.err(`found goroutine ${gid} in syscall without a thread`, ev);
      if (mid === this.curM) {
        if (this.gen !== this.initialGen && this.curG !== gid) throw this.err(`inconsistent thread for syscalling goroutine ${gid}: thread has goroutine ${this.curG}`, ev);
        this.newG = gid;
      } else {
        const ms = this.mStates.get(mid);
        if (ms) {
          if (ms.g !== gid) throw this.err(`inconsistent thread for syscalling goroutine ${gid}: thread has goroutine ${ms.g}`, ev);
          this.curG = ms.g;
        } else {
          this.mStates.set(mid, { g: gid, p: -1 });
        }
        this.curM = mid;
      }
    }
    this.push(ev);
    return true;
  }

  private goCreate(ev: RawEv): boolean {
    this.checkCtx(ev, Req.Have, Req.Have, Req.Any);
    const cur = this.gStates.get(this.curG);
    if (cur && cur.status !== GS.Running) throw this.err(`${this.name(ev.type)} event for goroutine that's not Running`, ev);
    const gid = i64(ev.a0);
    if (this.gStates.has(gid)) throw this.err(`tried to create goroutine (${gid}) that already exists`, ev);
    this.gStates.add(gid, ev.type === T.GoCreateBlocked ? GS.Waiting : GS.Runnable, this.gen);
    this.push(ev);
    return true;
  }

  /** The running goroutine of the current context, checked like Go does for stop-like events. */
  private runningG(ev: RawEv, want: number = GS.Running, wantName = 'Running'): GState {
    const gs = this.gStates.get(this.curG);
    if (!gs) throw this.err(`event ${this.name(ev.type)} for goroutine (${this.curG}) that doesn't exist`, ev);
    if (gs.status !== want) throw this.err(`${this.name(ev.type)} event for goroutine that's not ${wantName}`, ev);
    return gs;
  }

  private goStopExec(ev: RawEv): boolean {
    this.userCtx(ev);
    const gs = this.runningG(ev);
    if (ev.type === T.GoDestroy) this.gStates.delete(this.curG);
    else gs.status = ev.type === T.GoStop ? GS.Runnable : GS.Waiting;
    this.newG = -1;
    this.push(ev);
    return true;
  }

  private goStart(ev: RawEv): boolean {
    const gid = i64(ev.a0);
    const gs = this.gStates.get(gid);
    if (!gs || gs.status !== GS.Runnable || !this.seqOk(gs, ev.a1)) return false;
    this.checkCtx(ev, Req.Have, Req.Have, Req.NotHave);
    gs.status = GS.Running;
    this.setSeq(gs, ev.a1);
    this.newG = gid;
    this.push(ev);
    return true;
  }

  private goUnblock(ev: RawEv): boolean {
    const gid = i64(ev.a0);
    const gs = this.gStates.get(gid);
    if (!gs || gs.status !== GS.Waiting || !this.seqOk(gs, ev.a1)) return false;
    gs.status = GS.Runnable;
    this.setSeq(gs, ev.a1);
    this.push(ev);
    return true;
  }

  private goSwitch(ev: RawEv): boolean {
    this.userCtx(ev);
    const cur = this.runningG(ev);
    const next = i64(ev.a0);
    const ns = this.gStates.get(next);
    if (!ns || ns.status !== GS.Waiting || !this.seqOk(ns, ev.a1)) return false;
    this.push(ev);
    if (ev.type === T.GoSwitch) {
      cur.status = GS.Waiting;
      this.pushSynth(T.GoBlock, ev, 2, 0, 0);
    } else {
      this.gStates.delete(this.curG);
      this.pushSynth(T.GoDestroy, ev, 0);
    }
    ns.status = GS.Running;
    this.setSeq(ns, ev.a1);
    this.newG = next;
    const g = this.curG;
    this.curG = -1;
    this.pushSynth(T.GoStart, ev, 2, ev.a0, ev.a1);
    this.curG = g;
    return true;
  }

  private goSyscallBegin(ev: RawEv): boolean {
    this.userCtx(ev);
    const gs = this.runningG(ev);
    gs.status = GS.Syscall;
    const ps = this.pStates.get(this.curP);
    if (!ps) throw this.err(`uninitialized proc ${this.curP} found during ${this.name(ev.type)}`, ev);
    ps.status = PS.Syscall;
    const n = ev.a0;
    if (!this.seqOk(ps, n)) {
      throw this.err(`failed to advance ${this.name(ev.type)}: can't make sequence: ${ps.seqN} (gen=${ps.seqGen}) -> ${n} (gen=${this.gen})`, ev);
    }
    this.setSeq(ps, n);
    this.push(ev);
    return true;
  }

  private goSyscallEnd(ev: RawEv): boolean {
    this.userCtx(ev);
    const gs = this.runningG(ev, GS.Syscall, 'Running');
    gs.status = GS.Running;
    const ps = this.pStates.get(this.curP);
    if (!ps) throw this.err(`uninitialized proc ${this.curP} found during ${this.name(ev.type)}`, ev);
    if (ps.status !== PS.Syscall) throw this.err(`expected proc ${this.curP} in state Syscall, but got ${wireProcStatusName(ps.status)} instead`, ev);
    ps.status = PS.Running;
    this.push(ev);
    return true;
  }

  private goSyscallEndBlocked(ev: RawEv): boolean {
    if (this.curP !== -1) {
      const ps = this.pStates.get(this.curP);
      if (!ps) throw this.err(`uninitialized proc ${this.curP} found during ${this.name(ev.type)}`, ev);
      if (ps.status === PS.Syscall) return false; // the P must be stopped or stolen first
    }
    this.checkCtx(ev, Req.Have, Req.Any, Req.Have);
    const gs = this.runningG(ev, GS.Syscall, 'Running');
    this.newG = -1;
    gs.status = GS.Runnable;
    this.push(ev);
    return true;
  }

  private goCreateSyscall(ev: RawEv): boolean {
    this.checkCtx(ev, Req.Have, Req.Any, Req.NotHave);
    const gid = i64(ev.a0);
    if (this.gStates.has(gid)) throw this.err(`tried to create goroutine (${gid}) in syscall that already exists`, ev);
    this.gStates.add(gid, GS.Syscall, this.gen);
    this.newG = gid;
    this.push(ev);
    return true;
  }

  private goDestroySyscall(ev: RawEv): boolean {
    this.checkCtx(ev, Req.Have, Req.Any, Req.Have);
    this.runningG(ev, GS.Syscall, 'Syscall');
    this.gStates.delete(this.curG);
    this.newG = -1;
    if (this.curP !== -1) {
      const ps = this.pStates.get(this.curP);
      if (!ps) throw this.err(`found invalid proc ${this.curP} during ${this.name(ev.type)}`, ev);
      if (ps.status !== PS.Syscall) throw this.err(`proc ${this.curP} in unexpected state ${wireProcStatusName(ps.status)} during ${this.name(ev.type)}`, ev);
      ps.status = PS.SyscallAbandoned;
      this.newP = -1;
      // Report the P as stolen first, so a later thread reusing this ID can't steal from itself.
      this.pushSynth(T.ProcSteal, ev, 3, this.curP as U64, 0, 0, PS.Syscall);
    }
    this.push(ev);
    return true;
  }

  // ---- GC and ranges ----

  private gcActive(ev: RawEv): boolean {
    const seq = ev.a0;
    if (this.gen === this.initialGen) {
      if (this.gcState !== GcState.Undetermined) throw this.err("GCActive in the first generation isn't first GC event", ev);
      this.gcSeq = seq;
      this.gcState = GcState.Running;
      this.push(ev);
      return true;
    }
    if (!isSucc(this.gcSeq, seq)) return false;
    if (this.gcState !== GcState.Running) throw this.err('encountered GCActive while GC was not in progress', ev);
    this.gcSeq = seq;
    this.userCtx(ev);
    this.push(ev);
    return true;
  }

  private gcBegin(ev: RawEv): boolean {
    const seq = ev.a0;
    if (this.gcState === GcState.Undetermined) {
      this.gcSeq = seq;
      this.gcState = GcState.Running;
      this.push(ev);
      return true;
    }
    if (!isSucc(this.gcSeq, seq)) return false;
    if (this.gcState === GcState.Running) throw this.err('encountered GCBegin while GC was already in progress', ev);
    this.gcSeq = seq;
    this.gcState = GcState.Running;
    this.userCtx(ev);
    this.push(ev);
    return true;
  }

  private gcEnd(ev: RawEv): boolean {
    const seq = ev.a0;
    if (!isSucc(this.gcSeq, seq)) return false;
    if (this.gcState === GcState.NotRunning) throw this.err('encountered GCEnd when GC was not in progress', ev);
    if (this.gcState === GcState.Undetermined) throw this.err('encountered GCEnd when GC was in an undetermined state', ev);
    this.gcSeq = seq;
    this.gcState = GcState.NotRunning;
    this.userCtx(ev);
    this.push(ev);
    return true;
  }

  private goRangeBegin(ev: RawEv): boolean {
    this.userCtx(ev);
    const desc: U64 = ev.type === T.STWBegin ? ev.a0 : 0;
    const gs = this.gStates.get(this.curG);
    if (!gs) throw this.err(`encountered event of type ${ev.type} without known state for current goroutine ${this.curG}`, ev);
    this.beginRange((gs.ranges = owned(gs.ranges)), rangeKey(ev.type, desc), ev);
    this.push(ev);
    return true;
  }

  private goRangeActive(ev: RawEv): boolean {
    const gid = i64(ev.a0);
    const gs = this.gStates.get(gid);
    if (!gs) throw this.err(`uninitialized goroutine ${gid} found during ${this.name(ev.type)}`, ev);
    this.activeRange((gs.ranges = owned(gs.ranges)), rangeKey(ev.type, 0), ev);
    this.push(ev);
    return true;
  }

  private goRangeEnd(ev: RawEv): boolean {
    this.userCtx(ev);
    const gs = this.gStates.get(this.curG);
    if (!gs) throw this.err(`encountered event of type ${ev.type} without known state for current goroutine ${this.curG}`, ev);
    const desc = this.endRange(gs.ranges, ev);
    // The STW kind travels to the End so the API can name the range (resolved in this gen: Q7).
    if (ev.type === T.STWEnd) {
      ev.a0 = desc;
      ev.argc = 1;
    }
    this.push(ev);
    return true;
  }

  private beginRange(list: RangeKey[], k: RangeKey, ev: RawEv): void {
    if (hasRange(list, k)) throw this.err(`discovered event already in-flight for when starting event ${SPEC_BY_TYPE[k.type]!.name}`, ev);
    list.push(k);
  }

  private activeRange(list: RangeKey[], k: RangeKey, ev: RawEv): void {
    if (this.gen === this.initialGen) {
      if (hasRange(list, k)) throw this.err(`found named active range already in first gen: {${k.type} ${k.desc}}`, ev);
      list.push(k);
    } else if (!hasRange(list, k)) {
      throw this.err(`resource is missing active range: ${SPEC_BY_TYPE[k.type]!.name} [${list.map((r) => `{${r.type} ${r.desc}}`).join(' ')}]`, ev);
    }
  }

  private endRange(list: RangeKey[], ev: RawEv): U64 {
    const start = startType(ev.type);
    const i = list.findIndex((r) => r.type === start);
    if (i < 0) throw this.err(`tried to end event ${SPEC_BY_TYPE[start]!.name}, but not in-flight`, ev);
    const desc = list[i]!.desc;
    list[i] = list[list.length - 1]!;
    list.pop();
    return desc;
  }

  // ---- annotations ----

  private taskBegin(ev: RawEv): boolean {
    const id = ev.a0;
    if (this.activeTasks.has(id)) throw this.err(`task ID conflict: ${id}`, ev);
    let parent = ev.a1;
    if (parent === 0) {
      parent = NO_TASK;
      ev.a1 = NO_TASK;
    }
    const nameId = ev.a2;
    if (!this.tables.hasString(nameId)) throw this.err(`invalid string ID ${nameId} for ${ev.type} event`, ev);
    // Recorded before the context check, as Go does (Q13).
    this.activeTasks.set(id, { name: this.tables.stringBytes(nameId), parent });
    this.userCtx(ev);
    this.push(ev);
    return true;
  }

  private taskEnd(ev: RawEv): boolean {
    const id = ev.a0;
    const ts = this.activeTasks.get(id);
    if (ts) {
      ev.taskInfo = { parent: ts.parent, name: ts.name };
      this.activeTasks.delete(id);
    } else {
      ev.taskInfo = undefined;
    }
    this.userCtx(ev);
    this.push(ev);
    return true;
  }

  private region(ev: RawEv): boolean {
    this.userCtx(ev);
    const task = ev.a0;
    const nameId = ev.a1;
    if (!this.tables.hasString(nameId)) throw this.err(`invalid string ID ${nameId} for ${ev.type} event`, ev);
    const name = this.tables.stringBytes(nameId);
    const gs = this.gStates.get(this.curG);
    const which = ev.type === T.UserRegionBegin ? 'EvUserRegionBegin' : 'EvUserRegionEnd';
    if (!gs) throw this.err(`encountered ${which} without known state for current goroutine ${this.curG}`, ev);
    if (ev.type === T.UserRegionBegin) {
      (gs.regions = owned(gs.regions)).push({ task, name });
    } else if (gs.regions.length > 0) {
      const top = gs.regions[gs.regions.length - 1]!;
      if (top.task !== task || !bytesEqual(top.name, name)) {
        throw this.err(
          `misuse of region in goroutine ${this.curG}: region end ${regionText({ task, name })} when the inner-most active region start event is ${regionText(top)}`,
          ev,
        );
      }
      gs.regions.pop();
    }
    this.push(ev);
    return true;
  }

  /** The state part of Go's "failed to advance" dump. */
  dump(): string {
    let s = '';
    // By goroutine ID (Go prints its map in random order).
    for (const g of this.gStates.sorted()) s += `G ${g.id} [status=${wireGoStatusName(g.status)} seq=${g.seqN} (gen=${g.seqGen})]\n`;
    s += '\n';
    for (const [id, p] of this.pStates) s += `P ${id} [status=${wireProcStatusName(p.status)} seq=${p.seqN} (gen=${p.seqGen})]\n`;
    s += '\n';
    for (const [id, m] of this.mStates) s += `M ${id} [g=${m.g} p=${m.p}]\n`;
    s += '\n';
    s += `GC ${this.gcSeq} ${['Undetermined', 'NotRunning', 'Running'][this.gcState]}\n`;
    return s;
  }
}

/** Go keeps statuses in a uint8: larger wire values are truncated before any check. */
export function statusNum(v: U64): number {
  return typeof v === 'number' ? v % 256 : Number(v & 0xffn);
}

/** toI64 with its common case (a safe number: itself) inline. */
function i64(v: U64): I64 {
  return typeof v === 'number' ? v : toI64(v);
}

function newRing(n: number): RawEv[] {
  const q: RawEv[] = new Array(n);
  for (let i = 0; i < n; i++) q[i] = new RawEv(0, 0, undefined, -1);
  return q;
}

function startType(type: number): number {
  const s = SPEC_BY_TYPE[type]!.startEvent;
  return s ? T[s] : type;
}

function rangeKey(type: number, desc: U64): RangeKey {
  return { type: startType(type), desc };
}

function hasRange(list: readonly RangeKey[], k: RangeKey): boolean {
  for (const r of list) if (r.type === k.type && r.desc === k.desc) return true;
  return false;
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const textDecoder = new TextDecoder('utf-8', { ignoreBOM: true }); // keeps a leading U+FEFF, as Go does
function regionText(r: UserRegion): string {
  return `{${r.task} ${textDecoder.decode(r.name)}}`;
}
