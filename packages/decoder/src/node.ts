/**
 * Node-only conveniences: reading a trace from a file path. Kept out of the core (index.ts) so the
 * core stays browser-safe; import it as `@gotrace/decoder/node` (or from `dist/node.js`).
 */
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { TraceReader, validateTrace, type ReadOptions, type ValidationResult } from './reader.js';
import { describeValue, type TraceSource } from './wire/source.js';
import type { TraceEvent } from './event.js';

/** Streams a file as Uint8Array chunks (1 MiB reads: fewer event-loop round trips; memory stays bounded by one generation plus a chunk). */
export function fileSource(path: string | URL, highWaterMark = 1 << 20): Readable {
  if (typeof path !== 'string' && !(path instanceof URL)) throw new TypeError(`file path: expected a string or file: URL, got ${describeValue(path)}`);
  return createReadStream(path, { highWaterMark });
}

/** Opens a trace file for ordered async reading. The header is checked before this resolves. */
export async function openTraceFile(path: string | URL, options: ReadOptions = {}): Promise<TraceReader> {
  const r = new TraceReader(fileSource(path), options);
  await r.ready();
  return r;
}

/** `openTrace` that also takes a file path (a string). */
export async function openTrace(source: string | TraceSource, options: ReadOptions = {}): Promise<TraceReader> {
  const r = new TraceReader(typeof source === 'string' ? fileSource(source) : source, options);
  await r.ready();
  return r;
}

/** Reads a whole trace file, counting events; the trace's error is returned, not thrown. */
export async function validateTraceFile(path: string | URL, onEvent?: (ev: TraceEvent) => void): Promise<ValidationResult> {
  return validateTrace(fileSource(path), onEvent);
}
