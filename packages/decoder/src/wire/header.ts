/**
 * The 16-byte file header `go 1.NN trace\0\0\0` (wire-format.md §2).
 */
import { TraceFormatError, TruncatedTraceError, UnsupportedVersionError } from '../errors.js';
import { isTraceVersion, isV1Version, type TraceVersion } from '../format/versions.js';

const PREFIX = 'go 1.';
const SUFFIX = ' trace\0\0\0';
/** Longest header we look at: prefix + up to 10 digits + suffix. */
export const MAX_HEADER_SCAN = PREFIX.length + 10 + SUFFIX.length;

export const BAD_FORMAT_MESSAGE = 'bad file format: not a Go execution trace?';

/** The exact header bytes a writer emits for a version. */
export function headerBytes(version: TraceVersion): Uint8Array {
  return new TextEncoder().encode(`${PREFIX}${version}${SUFFIX}`);
}

export interface ParsedHeader {
  readonly version: TraceVersion;
  /** Header length in bytes: where the first batch starts. */
  readonly size: number;
}

export type HeaderResult =
  | { readonly kind: 'ok'; readonly header: ParsedHeader }
  /** Not enough bytes yet to decide (only possible when more input may follow). */
  | { readonly kind: 'need-more' };

/**
 * Parses a header at the start of `bytes`. `final` says no more input will follow.
 * Accepts what Go's writers produce plus leading zeros in the number (Go accepts those too);
 * rejects the other blank-spacing variants Go's scanf-based check tolerates (no writer makes them).
 */
export function parseHeader(bytes: Uint8Array, final: boolean): HeaderResult {
  let p = 0;
  const n = bytes.length;
  const fail = (): never => {
    throw new TraceFormatError('bad-header', BAD_FORMAT_MESSAGE, 0);
  };
  const needOr = (): HeaderResult => {
    if (!final) return { kind: 'need-more' };
    if (n === 0) throw new TruncatedTraceError('empty', BAD_FORMAT_MESSAGE, 0, { detail: 'the input is empty' });
    throw new TruncatedTraceError('bad-header', BAD_FORMAT_MESSAGE, n, { detail: 'the input ends inside the header' });
  };
  for (let i = 0; i < PREFIX.length; i++, p++) {
    if (p >= n) return prefixSoFar(bytes) ? needOr() : fail();
    if (bytes[p] !== PREFIX.charCodeAt(i)) fail();
  }
  let digits = 0;
  let value = 0;
  while (p < n && bytes[p]! >= 0x30 && bytes[p]! <= 0x39) {
    value = value * 10 + (bytes[p]! - 0x30);
    digits++;
    p++;
    if (digits > 10) fail();
  }
  if (p >= n) return needOr();
  if (digits === 0) fail();
  for (let i = 0; i < SUFFIX.length; i++, p++) {
    if (p >= n) return needOr();
    if (bytes[p] !== SUFFIX.charCodeAt(i)) fail();
  }
  // Go parses the number as a 32-bit int; larger numbers are "bad file format".
  if (value > 0x7fffffff) fail();
  if (isV1Version(value)) {
    throw new UnsupportedVersionError(
      value,
      `unsupported version go 1.${value} (Go 1.21 or older): v1 traces are not supported, only Go 1.22+ (v2) traces`,
    );
  }
  if (!isTraceVersion(value)) {
    throw new UnsupportedVersionError(value, `unknown or unsupported trace version go 1.${value}`);
  }
  return { kind: 'ok', header: { version: value, size: p } };
}

function prefixSoFar(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length && i < PREFIX.length; i++) if (bytes[i] !== PREFIX.charCodeAt(i)) return false;
  return true;
}
