/**
 * Raw events: the flat view of a trace (wire-format.md §1), in which batch headers and table
 * sections are events too. This is what Go's raw codec and text form work with.
 */
import type { U64 } from '@gotrace/stack-table';
import type { EventSpec, EventTypeName } from '../format/events.js';

export interface RawEvent {
  /** Event type number. */
  readonly type: number;
  readonly name: EventTypeName;
  /** Arguments in wire order (for timed events the first is `dt`). */
  readonly args: readonly U64[];
  /** `Stack` only: 4 words per frame — pc, func, file, line — leaf frame first. */
  readonly frames?: readonly U64[];
  /** `String` and `ExperimentalBatch` only: the trailer bytes (possibly empty). */
  readonly data?: Uint8Array;
  /** Byte offset of the event's type byte in the input, when read from binary. */
  readonly offset?: number;
  /**
   * `EventBatch` (its `size` argument) and `ExperimentalBatch` (its data length): the encoded width
   * of that length in bytes, when read from binary. The Go runtime pads it to 10; Go's raw writer
   * writes it minimally. Writers reproduce it so that re-encoding is byte-identical.
   */
  readonly lengthWidth?: number;
}

/** A trace in the flat view: its version and its events in file order. */
export interface RawTrace {
  readonly version: import('../format/versions.js').TraceVersion;
  readonly events: readonly RawEvent[];
}

/** Looks up an argument by its table name (e.g. `argValue(ev, spec, 'g')`). */
export function argValue(ev: RawEvent, spec: EventSpec, name: string): U64 | undefined {
  const i = spec.argNames.indexOf(name);
  return i < 0 ? undefined : ev.args[i];
}
