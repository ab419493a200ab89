/**
 * A plain-JSON view of an event with stable field names (for NDJSON output such as
 * `gotrace dump --json`). 64-bit values that may exceed 2^53 (times, IDs, PCs, task IDs, metric
 * values) are decimal strings when they do, numbers otherwise; strings are JS text.
 */
import type { U64 } from '@gotrace/stack-table';
import type { TraceEvent, Value } from './event.js';
import { goStateName, procStateName } from './states.js';

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

function num(v: number | bigint): number | string {
  return typeof v === 'bigint' ? v.toString() : v;
}

function value(v: Value): Json {
  return v.kind === 'Uint64' ? num(v.value) : v.value;
}

function frames(s: readonly { pc: U64; func: string; file: string; line: U64 }[] | undefined): Json {
  if (!s) return null;
  return s.map((f) => ({ pc: '0x' + f.pc.toString(16), func: f.func, file: f.file, line: num(f.line) }));
}

/** The event as a JSON-ready object: `kind`, `time`, `thread`, `proc`, `goroutine`, kind fields, `stack`. */
export function eventToJSON(e: TraceEvent): { [k: string]: Json } {
  const o: { [k: string]: Json } = { kind: e.kind, time: num(e.ns), thread: num(e.thread), proc: num(e.proc), goroutine: num(e.goroutine) };
  switch (e.kind) {
    case 'Sync': {
      const s = e.sync;
      o.n = s.n;
      if (s.clockSnapshot) {
        const c = s.clockSnapshot;
        o.clockSnapshot = { trace: num(c.trace), mono: num(c.mono), wallSec: num(c.wallSec), wallNsec: c.wallNsec };
      }
      break;
    }
    case 'Metric':
      o.name = e.metric.name;
      o.value = value(e.metric.value);
      break;
    case 'Label':
      o.label = e.label.label;
      o.resource = { kind: e.label.resource.kind, id: num(e.label.resource.id) };
      break;
    case 'RangeBegin':
    case 'RangeActive':
    case 'RangeEnd':
      o.name = e.range.name;
      o.scope = { kind: e.range.scope.kind, id: num(e.range.scope.id) };
      if (e.kind === 'RangeEnd') o.attributes = e.rangeAttributes.map((a) => ({ name: a.name, value: value(a.value) }));
      break;
    case 'TaskBegin':
    case 'TaskEnd':
      o.task = num(e.task.id);
      o.parent = num(e.task.parent);
      o.type = e.task.type;
      break;
    case 'RegionBegin':
    case 'RegionEnd':
      o.task = num(e.region.task);
      o.type = e.region.type;
      break;
    case 'Log':
      o.task = num(e.log.task);
      o.category = e.log.category;
      o.message = e.log.message;
      break;
    case 'StateTransition': {
      const t = e.stateTransition;
      const g = t.resource.kind === 'Goroutine';
      o.resource = { kind: t.resource.kind, id: num(t.resource.id) };
      o.from = g ? goStateName(t.from) : procStateName(t.from);
      o.to = g ? goStateName(t.to) : procStateName(t.to);
      o.reason = t.reason;
      if (t.stack) o.transitionStack = frames(t.stack);
      break;
    }
    case 'Experimental': {
      const x = e.experimental;
      o.name = x.name;
      o.experiment = x.experiment;
      o.args = Object.fromEntries(x.args.map((a, i) => [a, value(x.values[i]!)]));
      break;
    }
    case 'StackSample':
      break;
  }
  const st = e.stack;
  if (st) o.stack = frames(st);
  return o;
}
