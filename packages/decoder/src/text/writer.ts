/**
 * Go's raw text form, output side (wire-format.md §15.2): byte-identical to what Go's text writer
 * (`gotraceraw bytes2text`) prints for the same events.
 */
import { SPEC_BY_TYPE } from '../format/events.js';
import type { TraceVersion } from '../format/versions.js';
import type { RawEvent } from '../wire/raw-event.js';
import { goQuote } from './quote.js';

export function textHeaderLine(version: TraceVersion): string {
  return `Trace Go1.${version}\n`;
}

/**
 * One event as text, including its frame or data lines and the final newline.
 * Like Go, an empty data trailer gets no `data=` line (our reader reads that back as empty data).
 */
export function formatRawEvent(ev: RawEvent): string {
  const spec = SPEC_BY_TYPE[ev.type];
  if (spec === undefined) throw new RangeError(`event type ${ev.type} is not in the event table`);
  let s = spec.name;
  const names = spec.argNames;
  for (let i = 0; i < names.length; i++) s += ' ' + names[i] + '=' + String(ev.args[i]);
  if (spec.trailer === 'frames') {
    const f = ev.frames ?? [];
    for (let i = 0; i + 3 < f.length; i += 4) {
      s += `\n\tpc=${f[i]} func=${f[i + 1]} file=${f[i + 2]} line=${f[i + 3]}`;
    }
  } else if (spec.trailer === 'data' && ev.data !== undefined && ev.data.length > 0) {
    s += '\n\tdata=' + goQuote(ev.data);
  }
  return s + '\n';
}

/** A whole trace as text. */
export function encodeText(trace: { version: TraceVersion; events: Iterable<RawEvent> }): string {
  const parts: string[] = [textHeaderLine(trace.version)];
  for (const ev of trace.events) parts.push(formatRawEvent(ev));
  return parts.join('');
}
