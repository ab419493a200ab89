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

export interface TextWriteOptions {
  /**
   * Print `data=""` for an empty String/ExperimentalBatch trailer. Go prints no data line there
   * (the default here too, for byte-identical text), and Go's own text reader then rejects its
   * output; with this option the text is also readable by Go's tools. Our reader takes both.
   */
  readonly emptyDataLine?: boolean;
}

/**
 * One event as text, including its frame or data lines and the final newline.
 * Like Go, an empty data trailer gets no `data=` line unless `emptyDataLine` is set.
 */
export function formatRawEvent(ev: RawEvent, options?: TextWriteOptions): string {
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
  } else if (spec.trailer === 'data') {
    if (ev.data !== undefined && ev.data.length > 0) s += '\n\tdata=' + goQuote(ev.data);
    else if (options?.emptyDataLine) s += '\n\tdata=""';
  }
  return s + '\n';
}

/** A whole trace as text. */
export function encodeText(trace: { version: TraceVersion; events: Iterable<RawEvent> }, options?: TextWriteOptions): string {
  const parts: string[] = [textHeaderLine(trace.version)];
  for (const ev of trace.events) parts.push(formatRawEvent(ev, options));
  return parts.join('');
}
