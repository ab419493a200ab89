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
