// Iterate a real trace in order, as Go's reader delivers it, and print goroutine state
// transitions with the stacks they happened at. Run from the repository root:
//   node examples/state-transitions.mjs [trace]
import { openTrace } from '@gotrace/decoder/node';
import { goStateName } from '@gotrace/decoder';

const path = process.argv[2] ?? new URL('../fixtures/traces/mixed-go126.trace', import.meta.url).pathname;
const reader = await openTrace(path); // also: Uint8Array, Node Readable, web ReadableStream, AsyncIterable
let shown = 0;
for await (const ev of reader) {
  if (ev.kind !== 'StateTransition') continue;
  const st = ev.stateTransition;
  if (st.resource.kind !== 'Goroutine') continue;
  // States are numbers; goStateName gives Go's names (Runnable, Running, Waiting, ...).
  console.log(`${ev.time} ns  G${st.resource.id}  ${goStateName(st.from)} -> ${goStateName(st.to)}${st.reason ? `  (${st.reason})` : ''}`);
  for (const f of ev.stack ?? []) console.log(`    ${f.func}  ${f.file}:${f.line}`);
  if (++shown === 8) break;
}
