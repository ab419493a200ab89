/**
 * The checks Go's test harness applies to every event it reads (reader-semantics.md §13): time
 * order, stack frames, sync numbering and clocks, metric/label sanity, state-machine consistency
 * of goroutines and procs (including thread bindings), ranges and tasks. Returns the problems.
 */
import type { Stack } from '@gotrace/stack-table';
import type { TraceEvent, SyncInfo } from '../../src/event.js';
import { GoState, ProcState, goStateName, procStateName } from '../../src/states.js';
import type { I64 } from '../../src/internal/num.js';

interface Binding {
  m: I64;
  p: I64;
  g: I64;
}

function stackProblems(out: string[], s: Stack | undefined): void {
  if (!s) return;
  s.forEach((f, i) => {
    if (i === 0) return;
    if (f.func === '' || f.file === '' || f.pc === 0 || f.line === 0) out.push(`invalid stack frame ${JSON.stringify(f, (_, v) => (typeof v === 'bigint' ? String(v) : v))}: missing information`);
  });
}

export function validateEvents(events: readonly TraceEvent[], version: number): string[] {
  const out: string[] = [];
  let lastTs = 0n;
  let lastSync: SyncInfo | undefined;
  const gs = new Map<I64, { state: number; binding: Binding | undefined }>();
  const ps = new Map<I64, { state: number; binding: Binding | undefined }>();
  const ms = new Map<I64, Binding>();
  const ranges = new Map<string, string[]>();
  const tasks = new Map<string, string>();
  const rkey = (kind: string, id: I64): string => `${kind}(${id})`;
  const thread = (m: I64): Binding | undefined => {
    if (m === -1) {
      out.push('must have thread, but thread ID is none');
      return undefined;
    }
    let b = ms.get(m);
    if (!b) ms.set(m, (b = { m, p: -1, g: -1 }));
    return b;
  };

  for (const ev of events) {
    const t = ev.time;
    if (lastTs !== 0n && t <= lastTs) out.push(`timestamp out-of-order (want > ${lastTs}) for ${ev}`);
    else lastTs = t;
    stackProblems(out, ev.stack);
    switch (ev.kind) {
      case 'Sync': {
        const s = ev.sync;
        const prevN = lastSync?.n ?? 0;
        if (s.n !== prevN + 1) out.push(`sync count is not sequential: expected ${prevN + 1}, got ${s.n}`);
        if (version >= 25 && !(s.n > 1 && !s.clockSnapshot)) {
          const c = s.clockSnapshot;
          if (!c) out.push(`sync ${s.n} has no clock snapshot`);
          else {
            if (c.wallSec === 0n && c.wallNsec === 0) out.push(`sync ${s.n} has zero wall time`);
            if (c.mono === 0) out.push(`sync ${s.n} has zero mono time`);
            if (c.trace === 0n) out.push(`sync ${s.n} has zero trace time`);
            const p = lastSync?.clockSnapshot;
            if (s.n >= 2 && p) {
              if (!(c.wallSec > p.wallSec || (c.wallSec === p.wallSec && c.wallNsec > p.wallNsec))) out.push(`sync ${s.n} has non-increasing wall time`);
              if (!(c.mono > p.mono)) out.push(`sync ${s.n} has non-increasing mono time`);
              if (!(c.trace > p.trace)) out.push(`sync ${s.n} has non-increasing trace time`);
            }
          }
        }
        lastSync = s;
        break;
      }
      case 'Metric':
        if (!ev.metric.name.includes(':')) out.push(`invalid metric name ${ev.metric.name}`);
        break;
      case 'Label': {
        const l = ev.label;
        if (l.label === '') out.push('invalid label ""');
        if (!gs.has(l.resource.id)) out.push(`label for invalid goroutine ${l.resource.id}`);
        break;
      }
      case 'StateTransition': {
        const tr = ev.stateTransition;
        stackProblems(out, tr.stack);
        const isG = tr.resource.kind === 'Goroutine';
        const id = tr.resource.id;
        const what = isG ? 'goroutine' : 'proc';
        const name = isG ? goStateName : procStateName;
        const undetermined = 0;
        const notExist = 1;
        const executing = (s: number): boolean => (isG ? s === GoState.Running || s === GoState.Syscall : s === ProcState.Running);
        if (tr.to === undetermined) out.push(`transition to undetermined state for ${what} ${id}`);
        if ((lastSync?.n ?? 0) > 1 && tr.from === undetermined) out.push(`undetermined ${what} ${id} after first global sync`);
        if (tr.to === notExist && (ranges.get(rkey(tr.resource.kind, id))?.length ?? 0) > 0) out.push(`${what} ${id} died with active ranges`);
        const table = isG ? gs : ps;
        let st = table.get(id);
        if (st) {
          if (tr.from !== st.state) out.push(`bad old state for ${what} ${id}: got ${name(tr.from)}, want ${name(st.state)}`);
          st.state = tr.to;
        } else {
          if (tr.from !== undetermined && tr.from !== notExist) out.push(`bad old state for unregistered ${what} ${id}: ${name(tr.from)}`);
          table.set(id, (st = { state: tr.to, binding: undefined }));
        }
        if (executing(tr.to)) {
          const b = thread(ev.thread);
          if (b) {
            const cur = isG ? b.g : b.p;
            if (cur !== -1 && cur !== id) out.push(`tried to run ${what} ${id} when one was already executing (${cur}) on thread ${ev.thread}`);
            if (isG) b.g = id;
            else b.p = id;
            st.binding = b;
          }
        } else if (executing(tr.from)) {
          if (isG && ev.stackId !== (tr.stack && tr.stack.length >= 0 ? ev.stackId : undefined)) out.push("StateTransition.Stack doesn't match Event.Stack");
          const b = st.binding;
          if (b) {
            const cur = isG ? b.g : b.p;
            if (cur !== id) out.push(`tried to stop ${what} ${id} when it wasn't currently executing (currently executing ${cur})`);
            if (isG) b.g = -1;
            else b.p = -1;
            st.binding = undefined;
          } else out.push(`stopping ${what} ${id} not bound to any active context`);
        }
        break;
      }
      case 'RangeBegin':
      case 'RangeActive':
      case 'RangeEnd': {
        const r = ev.range;
        const k = r.scope.kind === 'None' ? 'None' : rkey(r.scope.kind, r.scope.id);
        const list = ranges.get(k) ?? [];
        ranges.set(k, list);
        const has = list.includes(r.name);
        if (ev.kind === 'RangeBegin') {
          if (has) out.push(`already active range ${r.name} on ${k} begun again`);
          list.push(r.name);
        } else if (ev.kind === 'RangeActive') {
          if (!has) list.push(r.name);
        } else {
          if (!has) out.push(`inactive range ${r.name} on ${k} ended`);
          else list.splice(list.indexOf(r.name), 1);
        }
        break;
      }
      case 'TaskBegin': {
        const tk = ev.task;
        if (tk.id === 0 || tk.id === 0xffff_ffff_ffff_ffffn) out.push(`found invalid task ID for task of type ${tk.type}`);
        if (tk.parent === 0) out.push(`found background task as the parent for task of type ${tk.type}`);
        tasks.set(String(tk.id), tk.type);
        break;
      }
      case 'TaskEnd': {
        const tk = ev.task;
        const typ = tasks.get(String(tk.id));
        if (typ !== undefined) {
          if (typ !== tk.type) out.push(`task end type ${tk.type} doesn't match task start type ${typ} for task ${tk.id}`);
          tasks.delete(String(tk.id));
        }
        break;
      }
      case 'Log':
        void ev.log;
        break;
      default:
        break;
    }
  }
  return out;
}
