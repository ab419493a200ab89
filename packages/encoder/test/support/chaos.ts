/**
 * Arbitrary call sequences — valid or not — against a strict TraceWriter. Calls that strict mode
 * rejects are skipped; the property is that whatever got through forms a trace Go's reader accepts.
 */
import type { TraceVersion } from '@gotrace/decoder';
import { StrictModeError, TraceWriter, TraceWriterError, type ThreadWriter } from '../../src/index.js';

export interface ChaosResult {
  bytes: Uint8Array;
  accepted: number;
  rejected: number;
}

const REASONS = ['chan receive', 'sync', 'preempted'];

export function chaos(version: TraceVersion, ops: readonly [number, number, number][], strict = true): ChaosResult {
  const w = new TraceWriter({ version, frequency: 1e9, generationPeriod: false, strict });
  w.declareProc(0, 'running', 1);
  w.declareGoroutine(1, 'running', 1);
  w.declareGoroutine(2, 'waiting');
  w.declareGoroutine(3, 'runnable');
  let time = 100;
  let accepted = 0;
  let rejected = 0;
  const stk = (n: number) => [{ pc: 0x500000 + n * 8, func: `f${n}`, file: 'x.go', line: n }];
  const calls: ((t: ThreadWriter, a: number) => void)[] = [
    (t, a) => t.procStart(a % 3),
    (t) => t.procStop(),
    (t, a) => t.procSteal(a % 3, 1 + (a % 3)),
    (t, a) => t.goCreate(1 + (a % 8), stk(a % 5)),
    (t, a) => t.goStart(1 + (a % 8)),
    (t, a) => t.goBlock(REASONS[a % 3], stk(a % 5)),
    (t) => t.goStop('preempted'),
    (t, a) => t.goUnblock(1 + (a % 8)),
    (t) => t.goDestroy(),
    (t) => t.goSyscallBegin(),
    (t) => t.goSyscallEnd(),
    (t) => t.goSyscallEndBlocked(),
    (t, a) => t.goCreateSyscall(1 + (a % 8)),
    (t) => t.goDestroySyscall(),
    (t, a) => (version >= 23 ? t.goSwitch(1 + (a % 8)) : t.goStop()),
    (t, a) => (version >= 23 ? t.goSwitchDestroy(1 + (a % 8)) : t.goStop()),
    (t, a) => (version >= 23 ? t.goCreateBlocked(1 + (a % 8)) : t.goStop()),
    (t, a) => t.stwBegin(a % 2 ? 'GC mark termination' : 'GC sweep termination'),
    (t) => t.stwEnd(),
    (t) => t.gcBegin(),
    (t) => t.gcEnd(),
    (t) => t.gcSweepBegin(),
    (t) => t.gcSweepEnd(1, 1),
    (t) => t.gcMarkAssistBegin(),
    (t) => t.gcMarkAssistEnd(),
    (t, a) => t.heapAlloc(a),
    (t, a) => t.taskBegin(1 + (a % 3), 0, 'task'),
    (t, a) => t.taskEnd(1 + (a % 3)),
    (t, a) => t.regionBegin(0, `r${a % 2}`),
    (t, a) => t.regionEnd(0, `r${a % 2}`),
    (t, a) => t.log(0, 'c', `m${a}`),
    (t) => t.goLabel('GC (idle)'),
    (_t) => {
      w.advanceGeneration((time += 1));
    },
  ];
  for (const [op, thread, arg] of ops) {
    const t = w.thread(1 + (thread % 3));
    t.at((time += 1 + (arg % 3)));
    try {
      calls[op % calls.length]!(t, arg);
      accepted++;
    } catch (e) {
      if (!(e instanceof StrictModeError) && !(e instanceof TraceWriterError)) throw e;
      rejected++;
    }
  }
  return { bytes: w.finish(), accepted, rejected };
}
