// The allocation-free way to read: scan() hands every event to a callback as a reused record.
// Keep an event past the callback with ev.clone(). Run from the repository root: node examples/scan.mjs
import { readFileSync } from 'node:fs';
import { readTraceSync } from '@gotrace/decoder';

const blocked = [];
const n = readTraceSync(new Uint8Array(readFileSync('fixtures/traces/mixed-go126.trace'))).scan((ev) => {
  if (ev.kind === 'StateTransition' && ev.eventName === 'GoBlock') blocked.push(ev.clone()); // keep: clone
});
console.log(`${n} events, ${blocked.length} blocks`);
console.log(`first: ${blocked[0].toString().split('\n')[0]}`);
