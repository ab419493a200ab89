/**
 * Typed errors. Every bad input is reported through one of these classes, never a bare Error:
 * callers (and the CLI) can tell bad input (exit 1) from a bug (anything else).
 */

/** Base class of every error this library throws for bad input. */
export class GotraceError extends Error {
  override name = 'GotraceError';
  /** Stable machine-readable code, e.g. `bad-header`, `bad-varint`, `text-syntax`. */
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** Malformed binary input. `offset` is the byte offset (from the start of the file) of the problem. */
export class TraceFormatError extends GotraceError {
  override name = 'TraceFormatError';
  readonly offset: number;
  /** The message Go's reader gives for the same problem (matched by Go's conformance tests). */
  readonly goMessage: string;
  /**
   * @param detail what we can add to Go's words (kept out of `goMessage`, which stays Go's text)
   */
  constructor(code: string, goMessage: string, offset: number, options?: { cause?: unknown; detail?: string }) {
    super(code, `${goMessage}${options?.detail ? ` (${options.detail})` : ''} (at byte ${offset})`, options);
    this.offset = offset;
    this.goMessage = goMessage;
  }
}

/** The input ends in the middle of something. */
export class TruncatedTraceError extends TraceFormatError {
  override name = 'TruncatedTraceError';
}

/** A header we recognise but do not read (v1 traces of Go ≤ 1.21, unknown numbers). */
export class UnsupportedVersionError extends TraceFormatError {
  override name = 'UnsupportedVersionError';
  readonly version: number;
  constructor(version: number, goMessage: string, offset = 0) {
    super('unsupported-version', goMessage, offset);
    this.version = version;
  }
}

/** Malformed text input (Go's raw text form). Lines and columns count from 1. */
export class TextFormatError extends GotraceError {
  override name = 'TextFormatError';
  readonly line: number;
  readonly column: number;
  /** The message Go's text reader gives for the same problem, where it has one. */
  readonly goMessage: string;
  /** @param detail what we can add to Go's words, e.g. the limit hit (kept out of `goMessage`) */
  constructor(code: string, goMessage: string, line: number, column = 1, detail?: string) {
    super(code, `line ${line}, column ${column}: ${goMessage}${detail ? ` (${detail})` : ''}`);
    this.line = line;
    this.column = column;
    this.goMessage = goMessage;
  }
}

/** A configured limit was exceeded (the error names the limit and its option). */
export class LimitExceededError extends TraceFormatError {
  override name = 'LimitExceededError';
  readonly limit: string;
  readonly value: number;
  readonly max: number;
  constructor(limit: string, value: number, max: number, offset: number, goMessage?: string) {
    super('limit-exceeded', goMessage ?? `${limit} ${value} exceeds the limit of ${max}`, offset);
    this.limit = limit;
    this.value = value;
    this.max = max;
  }
}

export function isGotraceError(e: unknown): e is GotraceError {
  return e instanceof GotraceError;
}
