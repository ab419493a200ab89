/**
 * `gotrace stats`: what a trace holds. A wire-level pass counts raw events and bytes per event type
 * (like `go tool trace -d=footprint`); an ordered pass counts events per kind, generations,
 * goroutines, procs and threads, and the time span.
 */
import { TraceReader, openRaw, eventSpec, type TraceEvent } from '@gotrace/decoder';
import { UsageError, checkInput, inputChunks, traceInput } from '../io.js';

export interface TraceStats {
  version: number;
  bytes: number;
  rawEvents: number;
  /** By event type name: raw events and their encoded bytes (batch headers without payload). */
  byType: Record<string, { count: number; bytes: number }>;
  events: number;
  byKind: Record<string, number>;
  generations: number;
  goroutines: number;
  procs: number;
  threads: number;
  /** First and last event times (ns) and the span between them. */
  firstNs: string;
  lastNs: string;
  durationNs: string;
  /** The reader's error, if the trace is broken (stats then cover what was read before it). */
  error?: string;
}

export async function collectStats(input: string): Promise<TraceStats> {
  if (input === '-') throw new UsageError('stats reads the trace twice: give a file, not standard input');
  await checkInput(input);
  const counts = new Float64Array(256);
  const sizes = new Float64Array(256);
  let bytes = 0;
  const raw = await openRaw(inputChunks(input));
  bytes = raw.headerSize;
  await raw.scan((c) => {
    const size = c.base + c.r.pos - c.offset;
    counts[c.type]! += 1;
    sizes[c.type]! += size;
    bytes += size;
  }, async () => {});
  const byType: TraceStats['byType'] = {};
  let rawEvents = 0;
  for (let t = 0; t < 256; t++) {
    if (counts[t]! === 0) continue;
    byType[eventSpec(t)!.name] = { count: counts[t]!, bytes: sizes[t]! };
    rawEvents += counts[t]!;
  }

  const reader = new TraceReader(traceInput(input));
  await reader.ready();
  const byKind: Record<string, number> = {};
  const gs = new Set<bigint | number>();
  const ps = new Set<bigint | number>();
  const ms = new Set<bigint | number>();
  let events = 0;
  let syncs = 0;
  let first: bigint | undefined;
  let last = 0n;
  let error: string | undefined;
  const note = (ev: TraceEvent): void => {
    events++;
    byKind[ev.kind] = (byKind[ev.kind] ?? 0) + 1;
    if (ev.kind === 'Sync') syncs++;
    if (first === undefined) first = ev.time;
    last = ev.time;
    if (ev.goroutine !== -1) gs.add(ev.goroutine);
    if (ev.proc !== -1) ps.add(ev.proc);
    if (ev.thread !== -1) ms.add(ev.thread);
    if (ev.kind === 'StateTransition') {
      const r = ev.stateTransition.resource;
      if (r.kind === 'Goroutine') gs.add(r.id);
      else if (r.kind === 'Proc') ps.add(r.id);
      else if (r.kind === 'Thread') ms.add(r.id);
    }
  };
  try {
    await reader.scan(note); // note keeps nothing of the (reused) event record
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  const f = first ?? 0n;
  return {
    version: raw.version,
    bytes,
    rawEvents,
    byType,
    events,
    byKind,
    // Go's reader emits one Sync per generation plus a final one.
    generations: Math.max(0, syncs - 1),
    goroutines: gs.size,
    procs: ps.size,
    threads: ms.size,
    firstNs: f.toString(),
    lastNs: last.toString(),
    durationNs: (last - f).toString(),
    ...(error === undefined ? {} : { error }),
  };
}

export function formatStats(s: TraceStats): string {
  const lines: string[] = [];
  const pct = (n: number, d: number) => (d === 0 ? '0.0' : ((100 * n) / d).toFixed(1));
  lines.push(`trace version   ${s.version}`);
  lines.push(`size            ${s.bytes} bytes`);
  lines.push(`duration        ${(Number(s.durationNs) / 1e6).toFixed(3)} ms (${s.firstNs} .. ${s.lastNs} ns)`);
  lines.push(`generations     ${s.generations}`);
  lines.push(`goroutines      ${s.goroutines}`);
  lines.push(`procs           ${s.procs}`);
  lines.push(`threads         ${s.threads}`);
  lines.push(`events          ${s.events} ordered, ${s.rawEvents} on the wire`);
  if (s.error) lines.push(`error           ${s.error}`);
  lines.push('', 'events by kind');
  for (const [k, n] of Object.entries(s.byKind).sort((a, b) => b[1] - a[1])) {
    lines.push(`  ${k.padEnd(22)} ${String(n).padStart(10)}  ${pct(n, s.events).padStart(5)}%`);
  }
  lines.push('', 'wire footprint by event type');
  lines.push(`  ${'type'.padEnd(22)} ${'count'.padStart(10)} ${'bytes'.padStart(12)} ${'% bytes'.padStart(8)} ${'avg'.padStart(7)}`);
  for (const [t, v] of Object.entries(s.byType).sort((a, b) => b[1].bytes - a[1].bytes)) {
    lines.push(
      `  ${t.padEnd(22)} ${String(v.count).padStart(10)} ${String(v.bytes).padStart(12)} ${pct(v.bytes, s.bytes).padStart(7)}% ${(v.bytes / v.count).toFixed(1).padStart(7)}`,
    );
  }
  return lines.join('\n') + '\n';
}
