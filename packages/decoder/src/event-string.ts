/**
 * `Event.toString()`: byte-for-byte Go's `Event.String()` (reader-semantics.md §11), with Go's
 * `%q` quoting (shared with the text form) and the wall clock in RFC 3339 UTC.
 */
import { concatBytes } from './wire/bytes.js';
import type { U64 } from '@gotrace/stack-table';
import { EventType as T, SPEC_BY_TYPE } from './format/events.js';
import { goQuote, goQuoteString } from './text/quote.js';
import type { Event, ResourceID, Value } from './event.js';
import { transition, normalizeWall } from './event.js';
import { goStateName, procStateName } from './states.js';
import { ticksToNs } from './internal/num.js';
import type { GenTables } from './generation.js';

const EMPTY = new Uint8Array(0);
const NO_TASK = 0xffff_ffff_ffff_ffffn;

/** An integral ns value in decimal (exact digits also above 2^53, where JS would round). */
export function nsText(ns: number | bigint): string {
  return String(ns);
}

function q(t: GenTables | undefined, id: U64): string {
  return goQuote(t ? t.stringBytes(id) : EMPTY);
}

export function resourceText(r: ResourceID): string {
  return r.kind === 'None' ? 'None' : `${r.kind}(${r.id})`;
}

export function valueText(v: Value): string {
  return v.kind === 'Uint64' ? `Value{Uint64(${v.value})}` : v.value;
}

function framesText(t: GenTables | undefined, id: U64): string {
  if (!t) return '';
  const pcs = t.stacks.get(id);
  if (!pcs) return '';
  let s = '';
  for (const pc of pcs) {
    const f = t.pcs.get(pc)!;
    s += `\t${t.string(f.funcId)} @ 0x${pc.toString(16)}\n\t\t${t.string(f.fileId)}:${f.line}\n`;
  }
  return s;
}

export function eventString(e: Event): string {
  const kind = e.kind;
  let s = `M=${e.m} P=${e.p} G=${e.g} ${kind} Time=${nsText(e.ns)}`;
  const t = e.tables;
  const a = e.args;
  switch (kind) {
    case 'Metric': {
      const m = e.metric;
      s += ` Name=${goQuoteString(m.name)} Value=${valueText(m.value)}`;
      break;
    }
    case 'Label':
      s += ` Label=${q(t, a[0]!)} Resource=Goroutine(${e.g})`;
      break;
    case 'RangeBegin':
    case 'RangeActive':
    case 'RangeEnd': {
      const r = e.range;
      if (e.type === T.STWBegin || e.type === T.STWEnd) {
        const kindBytes = t ? t.stringBytes(a[0]!) : EMPTY;
        s += ` Name=${goQuote(concatBytes(STW_OPEN, kindBytes, CLOSE_PAREN))} Scope=${resourceText(r.scope)}`;
      } else {
        s += ` Name=${goQuoteString(r.name)} Scope=${resourceText(r.scope)}`;
      }
      if (kind === 'RangeEnd') {
        s += ' Attributes=[';
        e.rangeAttributes.forEach((at, i) => {
          if (i) s += ' ';
          s += `${goQuoteString(at.name)}=${valueText(at.value)}`;
        });
        s += ']';
      }
      break;
    }
    case 'TaskBegin':
      s += ` ID=${a[0]} Parent=${a[1]} Type=${q(t, a[2]!)}`;
      break;
    case 'TaskEnd':
      s += ` ID=${a[0]} Parent=${e.taskInfo ? e.taskInfo.parent : NO_TASK} Type=${goQuote(e.taskInfo ? e.taskInfo.name : EMPTY)}`;
      break;
    case 'RegionBegin':
    case 'RegionEnd':
      s += ` Task=${a[0]} Type=${q(t, a[1]!)}`;
      break;
    case 'Log':
      s += ` Task=${a[0]} Category=${q(t, a[1]!)} Message=${q(t, a[2]!)}`;
      break;
    case 'StateTransition': {
      const tr = transition(e);
      if (tr.resource.kind === 'Goroutine') s += ` GoID=${tr.resource.id} ${goStateName(tr.from)}->${goStateName(tr.to)}`;
      else s += ` ProcID=${tr.resource.id} ${procStateName(tr.from)}->${procStateName(tr.to)}`;
      s += ` Reason=${tr.reason === undefined ? '""' : q(t, tr.reason)}`;
      if (tr.stackArg >= 0) s += `\nTransitionStack=\n${framesText(t, a[tr.stackArg]!)}`;
      break;
    }
    case 'Experimental': {
      const spec = SPEC_BY_TYPE[e.type]!;
      s += ` Name=${spec.name} Args=[`;
      for (let i = 1; i < spec.argNames.length; i++) {
        if (i > 1) s += ', ';
        const n = spec.argNames[i]!;
        s += n.endsWith('string') ? `${n}=${t ? t.string(a[i - 1]!) : ''}` : `${n}=Value{Uint64(${a[i - 1]})}`;
      }
      s += ']';
      break;
    }
    case 'Sync': {
      s += ` N=${e.syncN}`;
      // Go builds the whole Sync (and panics on unknown experiment IDs) when printing.
      if (t) void e.sync;
      const c = t?.clock;
      if (t && c) {
        s += ` Trace=${nsText(ticksToNs(t.freq, c.ticks))} Mono=${c.mono} Wall=${rfc3339Nano(c.sec, c.nsec)}`;
      }
      break;
    }
  }
  const sid = e.stackId;
  if (sid !== undefined) s += `\nStack=\n${framesText(t, sid)}`;
  return s;
}

const STW_OPEN = new TextEncoder().encode('stop-the-world (');
const CLOSE_PAREN = new Uint8Array([0x29]);

function pad(n: number | bigint, w: number): string {
  return String(n).padStart(w, '0');
}

/** Go's time.Time.Format(time.RFC3339Nano) in UTC for time.Unix(sec, nsec). */
export function rfc3339Nano(secW: U64, nsecW: U64): string {
  const { sec, nsec } = normalizeWall(secW, nsecW);
  let days = sec / 86400n;
  let rem = sec - days * 86400n;
  if (rem < 0n) {
    rem += 86400n;
    days -= 1n;
  }
  const r = Number(rem);
  // Civil date from days since 1970-01-01 (proleptic Gregorian).
  const z = days + 719468n;
  const era = (z >= 0n ? z : z - 146096n) / 146097n;
  const doe = Number(z - era * 146097n);
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = BigInt(yoe) + era * 400n + (m <= 2 ? 1n : 0n);
  const yStr = y < 0n ? '-' + pad(-y, 4) : pad(y, 4);
  let s = `${yStr}-${pad(m, 2)}-${pad(d, 2)}T${pad(Math.floor(r / 3600), 2)}:${pad(Math.floor((r % 3600) / 60), 2)}:${pad(r % 60, 2)}`;
  if (nsec !== 0) s += '.' + pad(nsec, 9).replace(/0+$/, '');
  return s + 'Z';
}
