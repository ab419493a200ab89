/**
 * Which arguments of each event type are stack or string IDs, and the fast test of an event's IDs
 * against its generation's presence bitmaps. Every delivered event's IDs are checked (Go's
 * reader validates each event it returns); the batch cursor runs the fast test as it decodes,
 * while the values are at hand, and only events it flags (or the engine synthesizes) get the
 * full check at delivery.
 */
import type { U64 } from '@gotrace/stack-table';
import { SPEC_BY_TYPE } from '../format/events.js';

/** Per type: bit i set = argument i (after dt) is a stack ID, bit 4+i = a string ID (from the event table). */
export const ID_ARGS: Uint8Array = (() => {
  const f = new Uint8Array(256);
  for (let t = 0; t < 256; t++) {
    const spec = SPEC_BY_TYPE[t];
    if (!spec) continue;
    for (const p of spec.stackArgs) f[t]! |= 1 << (p - 1);
    for (const p of spec.stringArgs) f[t]! |= 16 << (p - 1);
    if ([...spec.stackArgs, ...spec.stringArgs].some((p) => p > 4)) throw new Error(`internal: event ${t} has an ID past argument 4`);
  }
  return f;
})();

/**
 * Whether an event with ID flags `f` (from ID_ARGS) and arguments a0..a3 has an ID the presence
 * bitmaps do not vouch for (a miss, a big or a bigint ID): then the precise check must decide.
 */
export function idsUnsure(f: number, stackBits: Uint8Array, stringBits: Uint8Array, a0: U64, a1: U64, a2: U64, a3: U64): boolean {
  return (
    ((f & 0x11) !== 0 && missing((f & 1) !== 0 ? stackBits : stringBits, a0)) ||
    ((f & 0x22) !== 0 && missing((f & 2) !== 0 ? stackBits : stringBits, a1)) ||
    ((f & 0x44) !== 0 && missing((f & 4) !== 0 ? stackBits : stringBits, a2)) ||
    ((f & 0x88) !== 0 && missing((f & 8) !== 0 ? stackBits : stringBits, a3))
  );
}

function missing(bits: Uint8Array, id: U64): boolean {
  return typeof id !== 'number' || id >= bits.length || bits[id] !== 1;
}
