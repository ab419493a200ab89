/** Test helpers: read what the writer produced with our own decoder. */
import { readTraceSync, goErrorMessage, type TraceEvent } from '@gotrace/decoder';
import type { Stack } from '@gotrace/stack-table';

/** Like Go's checker: every event's String(), then `OK n` or `ERROR: msg`. */
export function checkerOutput(bytes: Uint8Array): string {
  let out = '';
  let n = 0;
  try {
    const r = readTraceSync(bytes);
    for (let ev = r.readEvent(); ev !== null; ev = r.readEvent()) {
      out += ev.toString() + '\n';
      n++;
    }
    return out + `OK ${n}\n`;
  } catch (e) {
    return out + `ERROR: ${goErrorMessage(e)}\n`;
  }
}

/** All events; throws the reader's error. */
export function readAll(bytes: Uint8Array): TraceEvent[] {
  const r = readTraceSync(bytes);
  const out: TraceEvent[] = [];
  for (let ev = r.readEvent(); ev !== null; ev = r.readEvent()) out.push(ev);
  return out;
}

export const st = (func: string, line: number, file = 'main.go'): Stack => [{ pc: 0x401000 + line * 4, func, file, line }];
