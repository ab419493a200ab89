/**
 * Typed errors of @gotrace/stack-table. Every error carries a stable `code` so callers
 * (decoder, encoder, tests) can branch without matching messages.
 */

/** Base class of every non-range error thrown by this package. */
export class StackTableError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A value is not a valid unsigned 64-bit integer (negative, fractional, too big, wrong type). */
export class U64RangeError extends RangeError {
  readonly code = 'ERR_U64_RANGE';
  readonly value: unknown;
  constructor(value: unknown, what = 'value') {
    super(`${what} is not an unsigned 64-bit integer: ${describe(value)}`);
    this.name = 'U64RangeError';
    this.value = value;
  }
}

/** An ID is not a non-negative safe integer. */
export class IdRangeError extends RangeError {
  readonly code = 'ERR_ID_RANGE';
  readonly value: unknown;
  constructor(value: unknown, kind: string) {
    super(`${kind} ID must be a non-negative safe integer: ${describe(value)}`);
    this.name = 'IdRangeError';
    this.value = value;
  }
}

/** A frame is malformed (bad pc/line, non-string func/file) — nothing was inserted. */
export class InvalidFrameError extends StackTableError {
  constructor(message: string) {
    super('ERR_INVALID_FRAME', message);
  }
}

/**
 * The same PC was given two different frames in one generation. Go's reader keys frames by PC
 * per generation, so allowing this would silently show the first frame for both.
 */
export class FrameConflictError extends StackTableError {
  readonly pc: number | bigint;
  constructor(pc: number | bigint, message: string) {
    super('ERR_FRAME_CONFLICT', message);
    this.pc = pc;
  }
}

/** A dump was requested while a writer of that generation was still active. */
export class QuiescenceError extends StackTableError {
  readonly gen: number;
  readonly activeWriters: number;
  constructor(gen: number, activeWriters: number) {
    super('ERR_NOT_QUIESCENT', `generation ${gen} still has ${activeWriters} active writer(s); release them before dump`);
    this.gen = gen;
    this.activeWriters = activeWriters;
  }
}

/** Which generation rule was broken. */
export type GenerationRule =
  | 'invalid' // not a safe integer ≥ 1 (or ≥ 2^31 for the shared table)
  | 'dumped' // already dumped
  | 'ahead' // more than one ahead of a live generation (retry after that one is dumped)
  | 'behind' // would start before a live later generation
  | 'sealed' // dump requested, no new writers
  | 'not-live' // dump/seal of a generation that was never started
  | 'order'; // dumped before an older live generation

/** A generation rule was broken: already dumped, too far ahead, sealed, dumped out of order. */
export class GenerationError extends StackTableError {
  readonly gen: number;
  readonly rule: GenerationRule;
  constructor(gen: number, rule: GenerationRule, message: string) {
    super('ERR_GENERATION', message);
    this.gen = gen;
    this.rule = rule;
  }
}

/** A writer handle was used after release() (or released twice). */
export class WriterReleasedError extends StackTableError {
  constructor(gen: number) {
    super('ERR_WRITER_RELEASED', `writer of generation ${gen} was already released`);
  }
}

/** The fixed-size shared table has no room left for this generation. */
export class TableFullError extends StackTableError {
  constructor(message: string) {
    super('ERR_TABLE_FULL', message);
  }
}

/** Read side: the same string or stack ID was defined twice in a generation (ID 0 counts as defined). */
export class DuplicateIdError extends StackTableError {
  readonly kind: 'string' | 'stack';
  readonly id: number;
  constructor(kind: 'string' | 'stack', id: number) {
    super('ERR_DUPLICATE_ID', `multiple ${kind}s with the same ID: id=${id}`);
    this.kind = kind;
    this.id = id;
  }
}

/** Read side: a frame refers to a string ID the generation never defined. */
export class UnknownIdError extends StackTableError {
  readonly kind: 'string' | 'stack';
  readonly id: number;
  constructor(kind: 'string' | 'stack', id: number, context: string) {
    super('ERR_UNKNOWN_ID', `unknown ${kind} ID ${id} (${context})`);
    this.kind = kind;
    this.id = id;
  }
}

function describe(v: unknown): string {
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'string') return JSON.stringify(v);
  return String(v);
}
