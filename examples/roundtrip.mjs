// Read a real Go 1.26 trace, print a few raw events, convert it to Go's text form and back,
// and check that the bytes are identical. Run from the repository root: node examples/roundtrip.mjs
import { readFileSync } from 'node:fs';
import { decodeRaw, encodeText, parseText } from '@gotrace/decoder';
import { encodeRaw } from '@gotrace/encoder';

const bytes = new Uint8Array(readFileSync(new URL('../fixtures/traces/mixed-go126.trace', import.meta.url)));
const trace = decodeRaw(bytes); // { version: 26, events: RawEvent[] }
console.log(`version ${trace.version}, ${trace.events.length} raw events`);
for (const ev of trace.events.slice(0, 5)) console.log(ev.name, ev.args);

const text = encodeText(trace); // Go's raw text form, byte-identical to Go's
const again = encodeRaw(parseText(text)); // back to the runtime's exact bytes
console.log('byte-identical:', Buffer.compare(Buffer.from(again), Buffer.from(bytes)) === 0);
