/**
 * `gotrace stacks`: the stacks events were recorded with, most frequent first. Stacks are keyed by
 * their frames, so the same stack in different generations (different IDs) counts once.
 */
import { TraceReader, type TraceEvent } from '@gotrace/decoder';
import { checkInput, traceInput } from '../io.js';
import { Progress, withProgress } from '../progress.js';

interface Entry {
  count: number;
  kinds: Map<string, number>;
  frames: readonly { pc: number | bigint; func: string; file: string; line: number | bigint }[];
}

export async function stacksCommand(a: { input: string; top: number }): Promise<string> {
  await checkInput(a.input);
  const progress = await Progress.forFile(a.input, 'stacks');
  const reader = new TraceReader(withProgress(traceInput(a.input), progress));
  const byKey = new Map<string, Entry>();
  let withStack = 0;
  let events = 0;
  const note = (ev: TraceEvent): void => {
    events++;
    const st = ev.stack;
    if (!st || st.length === 0) return;
    withStack++;
    let key = '';
    for (const f of st) key += `${f.pc}:${f.func}:${f.file}:${f.line}\n`;
    let e = byKey.get(key);
    if (!e) {
      e = { count: 0, kinds: new Map(), frames: st };
      byKey.set(key, e);
    }
    e.count++;
    const label = ev.kind === 'StateTransition' ? `${ev.kind} ${ev.stateTransition.resource.kind}` : ev.kind;
    e.kinds.set(label, (e.kinds.get(label) ?? 0) + 1);
  };
  try {
    await reader.scan(note); // note keeps nothing of the (reused) event record
  } finally {
    progress?.done();
  }
  const top = [...byKey.values()].sort((x, y) => y.count - x.count).slice(0, a.top);
  const out: string[] = [`${events} events, ${withStack} with a stack, ${byKey.size} distinct stacks; top ${top.length}:`];
  top.forEach((e, i) => {
    const kinds = [...e.kinds].sort((x, y) => y[1] - x[1]).map(([k, n]) => `${k} ×${n}`).join(', ');
    out.push('', `#${i + 1}  ${e.count} events (${(100 * e.count / Math.max(1, withStack)).toFixed(1)}%): ${kinds}`);
    for (const f of e.frames) out.push(`    ${f.func}\n        ${f.file}:${f.line} (pc 0x${f.pc.toString(16)})`);
  });
  return out.join('\n') + '\n';
}
