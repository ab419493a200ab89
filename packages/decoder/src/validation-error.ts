/**
 * Errors of the ordered reader: the trace is well framed but its contents break the format's
 * rules (tables, generations, event ordering, state machines). The message is Go's message,
 * kept verbatim in `goMessage` for matching Go's reader; the rest says where it happened.
 */
import { GotraceError } from './errors.js';
import { BAD_FORMAT_MESSAGE } from './wire/header.js';

export interface TraceValidationContext {
  /** Generation number the problem was found in (undefined when not known yet). */
  readonly generation?: number | bigint | undefined;
  /** Thread (M) whose event failed, if the error is about one event (−1 = no thread). */
  readonly thread?: number | bigint | undefined;
  /** Byte offset in the input of the failing event or batch (−1 when unknown). */
  readonly offset?: number | undefined;
  /** What we can add to Go's words, e.g. the option behind a non-default limit (kept out of `goMessage`). */
  readonly detail?: string | undefined;
}

export class TraceValidationError extends GotraceError {
  override name = 'TraceValidationError';
  readonly goMessage: string;
  readonly generation: number | bigint | undefined;
  readonly thread: number | bigint | undefined;
  readonly offset: number;
  constructor(code: string, goMessage: string, ctx: TraceValidationContext = {}) {
    const where: string[] = [];
    if (ctx.generation !== undefined) where.push(`generation ${ctx.generation}`);
    if (ctx.thread !== undefined) where.push(`thread ${ctx.thread}`);
    if (ctx.offset !== undefined && ctx.offset >= 0) where.push(`byte ${ctx.offset}`);
    const text = ctx.detail ? `${goMessage} (${ctx.detail})` : goMessage;
    super(code, where.length ? `${text} (at ${where.join(', ')})` : text);
    this.goMessage = goMessage;
    this.generation = ctx.generation;
    this.thread = ctx.thread;
    this.offset = ctx.offset ?? -1;
  }
}

/** Go's text for any error this package throws for bad input (falls back to the message). */
export function goErrorMessage(e: unknown): string {
  // The header parser adds detail to Go's one header message; Go says only this.
  if (e instanceof GotraceError && (e.code === 'bad-header' || e.code === 'empty')) return BAD_FORMAT_MESSAGE;
  if (e && typeof e === 'object' && 'goMessage' in e && typeof (e as { goMessage: unknown }).goMessage === 'string') {
    return (e as { goMessage: string }).goMessage;
  }
  return e instanceof Error ? e.message : String(e);
}
