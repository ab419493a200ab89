/**
 * Typed errors of the TraceWriter. A StrictModeError is thrown at the call that Go's reader would
 * reject; it names the rule, the event, the thread and the goroutine/proc involved.
 */
import { GotraceError } from '@gotrace/decoder';

/** Stable rule codes (see README "Strict mode"). */
export type StrictRule =
  | 'time-backwards'
  | 'needs-proc'
  | 'has-proc'
  | 'needs-goroutine'
  | 'has-goroutine'
  | 'goroutine-unknown'
  | 'goroutine-exists'
  | 'goroutine-not-running'
  | 'goroutine-not-runnable'
  | 'goroutine-not-waiting'
  | 'goroutine-not-in-syscall'
  | 'proc-not-idle'
  | 'proc-not-in-syscall'
  | 'proc-still-held'
  | 'steal-wrong-thread'
  | 'gc-already-running'
  | 'gc-not-running'
  | 'range-in-flight'
  | 'range-not-in-flight'
  | 'region-mismatch'
  | 'region-not-begun'
  | 'task-conflict'
  | 'status-after-first-generation'
  | 'stw-across-generations';

/** Every strict-mode rule with a one-line description (the README's table lists the same rules). */
export const STRICT_RULES: Readonly<Record<StrictRule, string>> = {
  'time-backwards': 'an event earlier than the previous event of the writer',
  'needs-proc': 'an event that needs a proc, on a thread holding none',
  'has-proc': 'procStart on a thread that already holds a proc',
  'needs-goroutine': 'an event that needs a goroutine, on a thread running none',
  'has-goroutine': 'goStart / goCreateSyscall on a thread that already runs a goroutine',
  'goroutine-unknown': 'naming a goroutine that was never created or declared',
  'goroutine-exists': 'creating a goroutine that already exists',
  'goroutine-not-running': 'an event of the running goroutine while it is not running (e.g. in a syscall)',
  'goroutine-not-runnable': 'starting a goroutine that is not runnable',
  'goroutine-not-waiting': 'unblocking or switching to a goroutine that is not waiting',
  'goroutine-not-in-syscall': 'ending a syscall (or destroying in one) outside a syscall',
  'proc-not-idle': 'starting a proc that is not idle; stopping one that is not running',
  'proc-not-in-syscall': 'stealing a proc that is not in a syscall; ending a syscall whose proc changed state',
  'proc-still-held': 'goSyscallEndBlocked while the thread still holds its proc in the syscall',
  'steal-wrong-thread': 'procSteal naming a thread that does not hold the proc',
  'gc-already-running': 'gcBegin while a GC is in progress',
  'gc-not-running': 'gcEnd with no GC in progress',
  'range-in-flight': 'beginning a sweep, mark assist or stop-the-world already in flight',
  'range-not-in-flight': 'ending a sweep, mark assist or stop-the-world never begun',
  'region-mismatch': 'regionEnd that is not the innermost open region',
  'region-not-begun': 'regionEnd with no open region, on a goroutine created in the trace',
  'task-conflict': 'taskBegin of an active task ID',
  'status-after-first-generation': 'declareGoroutine after the first generation',
  'stw-across-generations': 'advanceGeneration during a stop-the-world',
};

export interface StrictContext {
  /** Event (thread-writer method) being written. */
  readonly event: string;
  /** Thread writing it (undefined for writer-level calls). */
  readonly m?: number | undefined;
  readonly g?: number | undefined;
  readonly p?: number | undefined;
}

export class StrictModeError extends GotraceError {
  override name = 'StrictModeError';
  readonly rule: StrictRule;
  readonly event: string;
  readonly m: number | undefined;
  readonly g: number | undefined;
  readonly p: number | undefined;
  constructor(rule: StrictRule, ctx: StrictContext, detail: string) {
    const who = [
      ctx.m !== undefined ? `thread ${ctx.m}` : undefined,
      ctx.p !== undefined ? `proc ${ctx.p}` : undefined,
      ctx.g !== undefined ? `goroutine ${ctx.g}` : undefined,
    ].filter((s) => s !== undefined).join(', ');
    super('strict', `${ctx.event}${who ? ` (${who})` : ''}: ${detail} [rule ${rule}]`);
    this.rule = rule;
    this.event = ctx.event;
    this.m = ctx.m;
    this.g = ctx.g;
    this.p = ctx.p;
  }
}

/** Misuse of the writer API itself (bad option, event not in the version, finished writer...). */
export class TraceWriterError extends GotraceError {
  override name = 'TraceWriterError';
  constructor(code: string, message: string) {
    super(code, message);
  }
}
