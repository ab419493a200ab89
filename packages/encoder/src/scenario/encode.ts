/** JSON scenario → trace bytes, through the TraceWriter (strict mode on). */
import { toBytes } from '@gotrace/decoder/wire';
import { EncodeScenarioOptionsSchema, checkOptions } from '../options.js';
import type { Stack } from '@gotrace/stack-table';
import { GotraceError } from '@gotrace/decoder';
import { limitOption, type TraceVersion } from '@gotrace/decoder/format';
import { TraceWriter } from '../trace-writer.js';
import type { ThreadWriter } from '../thread-writer.js';
import { ScenarioSchema, type Scenario, type ScenarioEvent, type ScenarioFrame } from './schema.js';
import { ScenarioError, zodProblems, type ScenarioProblem } from './errors.js';
import { checkJsonSize, checkJsonTextSize, MAX_JSON_BYTES } from './limits.js';

export interface EncodeScenarioOptions {
  /** Overrides the scenario's version. */
  readonly version?: TraceVersion;
  /** Batch length fields (default padded, like the runtime). */
  readonly batchLength?: 'padded' | 'minimal';
  /** encodeScenarioText: the largest JSON description read, in bytes of UTF-8. Default 256 MiB. */
  readonly maxJsonBytes?: number;
}

function checkScenarioOptions(options: EncodeScenarioOptions): void {
  checkOptions(EncodeScenarioOptionsSchema, options, (m) => new RangeError(`scenario options: ${m}`));
}

/** Validates a parsed JSON value against the scenario schema. @throws ScenarioError */
export function parseScenario(json: unknown): Scenario {
  const r = ScenarioSchema.safeParse(json);
  if (!r.success) throw new ScenarioError(zodProblems(r.error));
  return r.data;
}

/**
 * Scenario JSON (text, or its UTF-8 bytes) → trace bytes. The size limit is checked first: the
 * parsed document takes several times the memory of its text.
 * @throws LimitExceededError (limit `JSON description size`), ScenarioError
 */
export function encodeScenarioText(text: string | Uint8Array, options: EncodeScenarioOptions = {}): Uint8Array {
  checkScenarioOptions(options);
  if (typeof text !== 'string') text = toBytes(text, 'encodeScenarioText', 'JSON text: a string, or its UTF-8 bytes (Uint8Array, ArrayBuffer, ArrayBufferView)');
  const max = limitOption('maxJsonBytes', options.maxJsonBytes, MAX_JSON_BYTES);
  if (typeof text === 'string') checkJsonTextSize(text, max);
  else checkJsonSize(text.length, max);
  let json: unknown;
  try {
    json = JSON.parse(typeof text === 'string' ? text : new TextDecoder().decode(text));
  } catch (e) {
    throw new ScenarioError([{ path: '', message: `not valid JSON: ${(e as Error).message}` }]);
  }
  return encodeScenario(json, options);
}

type Item =
  | { kind: 0; time: number; order: number } // generation advance
  | { kind: 1; time: number; order: number; thread: number; ev: ScenarioEvent; path: string }
  | { kind: 2; time: number; order: number; sample: NonNullable<Scenario['cpuSamples']>[number]; path: string };

/**
 * Scenario (a parsed JSON value) → trace bytes. Events of all threads are merged by time (ties:
 * generation starts first, then the flat `events` list, then threads in order); each event
 * becomes one ThreadWriter call in strict mode, so a call Go would reject is reported with the
 * path of the event.
 * @throws ScenarioError
 */
export function encodeScenario(json: unknown, options: EncodeScenarioOptions = {}): Uint8Array {
  checkScenarioOptions(options);
  const sc = parseScenario(json);
  const problems: ScenarioProblem[] = [];
  const items: Item[] = [];
  let order = 0;
  for (const t of sc.generations ?? []) items.push({ kind: 0, time: t, order: order++ });
  (sc.events ?? []).forEach((e, i) => {
    const { thread, ...ev } = e as ScenarioEvent & { thread: number };
    items.push({ kind: 1, time: e.time, order: order++, thread, ev: ev as ScenarioEvent, path: `events[${i}]` });
  });
  (sc.threads ?? []).forEach((t, ti) => {
    let last = -1;
    t.events.forEach((e, i) => {
      const path = `threads[${ti}].events[${i}]`;
      if (e.time < last) problems.push({ path: `${path}.time`, message: `time ${e.time} is earlier than the thread's previous event (${last})` });
      last = e.time;
      items.push({ kind: 1, time: e.time, order: order++, thread: t.id, ev: e, path });
    });
  });
  (sc.cpuSamples ?? []).forEach((s, i) => items.push({ kind: 2, time: s.time, order: order++, sample: s, path: `cpuSamples[${i}]` }));
  if (problems.length > 0) throw new ScenarioError(problems);
  items.sort((a, b) => a.time - b.time || a.kind - b.kind || a.order - b.order);

  const w = new TraceWriter({
    version: options.version ?? sc.version ?? 26,
    frequency: sc.frequency ?? 1_000_000_000,
    firstGeneration: sc.firstGeneration ?? 1,
    generationPeriod: sc.generationPeriod ?? false,
    batchLength: options.batchLength ?? 'padded',
    strict: true,
  });
  const stacks = new StackBuilder();
  let path = '';
  try {
    path = 'procs';
    (sc.procs ?? []).forEach((p, i) => {
      path = `procs[${i}]`;
      w.declareProc(p.id, p.status, p.thread);
    });
    if (sc.gc === 'running') {
      path = 'gc';
      w.declareGCRunning();
    }
    (sc.goroutines ?? []).forEach((g, i) => {
      path = `goroutines[${i}]`;
      w.declareGoroutine(g.id, g.status, g.thread);
    });
    for (const it of items) {
      if (it.kind === 0) {
        path = 'generations';
        w.advanceGeneration(it.time);
        continue;
      }
      path = it.path;
      if (it.kind === 2) {
        const s = it.sample;
        w.cpuSample(s.time, s.thread, stacks.stack(s.stack) ?? [], s.p, s.g);
        continue;
      }
      apply(w.thread(it.thread).at(it.time), it.ev, stacks);
    }
    path = '';
    return w.finish();
  } catch (e) {
    if (e instanceof ScenarioError) throw e;
    if (e instanceof GotraceError || (e instanceof Error && 'code' in e)) {
      throw new ScenarioError([{ path, message: e.message }], { cause: e });
    }
    throw e;
  }
}

function apply(t: ThreadWriter, e: ScenarioEvent, s: StackBuilder): void {
  switch (e.event) {
    case 'procStart': return t.procStart(e.p);
    case 'procStop': return t.procStop();
    case 'procSteal': return t.procSteal(e.p, e.from);
    case 'goCreate': return t.goCreate(e.g, s.stack(e.start), s.stack(e.stack));
    case 'goCreateBlocked': return t.goCreateBlocked(e.g, s.stack(e.start), s.stack(e.stack));
    case 'goCreateSyscall': return t.goCreateSyscall(e.g);
    case 'goStart': return t.goStart(e.g);
    case 'goStop': return t.goStop(e.reason ?? 'unspecified', s.stack(e.stack));
    case 'goBlock': return t.goBlock(e.reason ?? 'unspecified', s.stack(e.stack));
    case 'goUnblock': return t.goUnblock(e.g, s.stack(e.stack));
    case 'goDestroy': return t.goDestroy();
    case 'goDestroySyscall': return t.goDestroySyscall();
    case 'goSyscallBegin': return t.goSyscallBegin(s.stack(e.stack));
    case 'goSyscallEnd': return t.goSyscallEnd();
    case 'goSyscallEndBlocked': return t.goSyscallEndBlocked();
    case 'goSwitch': return t.goSwitch(e.g);
    case 'goSwitchDestroy': return t.goSwitchDestroy(e.g);
    case 'stwBegin': return t.stwBegin(e.kind, s.stack(e.stack));
    case 'stwEnd': return t.stwEnd();
    case 'gcBegin': return t.gcBegin(s.stack(e.stack));
    case 'gcEnd': return t.gcEnd();
    case 'gcSweepBegin': return t.gcSweepBegin(s.stack(e.stack));
    case 'gcSweepEnd': return t.gcSweepEnd(e.swept ?? 0, e.reclaimed ?? 0);
    case 'gcMarkAssistBegin': return t.gcMarkAssistBegin(s.stack(e.stack));
    case 'gcMarkAssistEnd': return t.gcMarkAssistEnd();
    case 'heapAlloc': return t.heapAlloc(e.bytes);
    case 'heapGoal': return t.heapGoal(e.bytes);
    case 'gomaxprocs': return t.gomaxprocs(e.procs, s.stack(e.stack));
    case 'goLabel': return t.goLabel(e.label);
    case 'taskBegin': return t.taskBegin(e.task, e.parent ?? 0, e.name, s.stack(e.stack));
    case 'taskEnd': return t.taskEnd(e.task, s.stack(e.stack));
    case 'regionBegin': return t.regionBegin(e.task ?? 0, e.name, s.stack(e.stack));
    case 'regionEnd': return t.regionEnd(e.task ?? 0, e.name, s.stack(e.stack));
    case 'log': return t.log(e.task ?? 0, e.category ?? '', e.message, s.stack(e.stack));
    case 'experimental': return t.experimental(e.name, ...e.args);
  }
}

/** Frames without a pc get one per distinct (func, file, line), so "same PC ⇒ same frame" holds. */
export class StackBuilder {
  private readonly pcs = new Map<string, number>();
  private next = 0x401000;

  stack(frames: readonly ScenarioFrame[] | undefined): Stack | undefined {
    if (frames === undefined || frames.length === 0) return undefined;
    return frames.map((f) => ({ pc: f.pc ?? this.pc(f), func: f.func, file: f.file, line: f.line }));
  }

  private pc(f: ScenarioFrame): number {
    const key = `${f.func}\u0000${f.file}\u0000${f.line}`;
    let pc = this.pcs.get(key);
    if (pc === undefined) {
      pc = this.next;
      this.next += 0x10;
      this.pcs.set(key, pc);
    }
    return pc;
  }
}
