/**
 * The structured view (wire-format.md §1, §5): top-level records are batches delimited by their
 * length, plus (version 26) the one-byte end-of-generation marker. This is how Go's main reader
 * frames a trace; error messages are Go's (its conformance tests match them), with our offset.
 */
import type { U64 } from '@gotrace/stack-table';
import { LimitExceededError, TraceFormatError, TruncatedTraceError } from '../errors.js';
import { EventType } from '../format/events.js';
import { MAX_BATCH_SIZE, checkOptionKeys, limitOption } from '../format/limits.js';
import type { TraceVersion } from '../format/versions.js';
import { ByteReader, VarintStatus, varintStatusText } from './varint.js';
import { ChunkBuffer } from './chunk-buffer.js';
import { readStreamHeader, readHeader } from './raw-reader.js';
import { toBytes, toChunkSource, type TraceSource } from './source.js';

export interface Batch {
  readonly kind: 'batch';
  /** Experiment ID for experimental batches (type 0x31), 0 for ordinary event batches. */
  readonly exp: number;
  /** True for an ExperimentalBatch record (even with exp 0). */
  readonly experimental: boolean;
  readonly gen: U64;
  /** Thread ID, or 2^64−1 ("no thread"). */
  readonly m: U64;
  /** Absolute timestamp in ticks. */
  readonly time: U64;
  /** The payload (size bytes). */
  readonly data: Uint8Array;
  /** Offset of the batch's first byte in the input. */
  readonly offset: number;
  /** Offset of the payload's first byte. */
  readonly dataOffset: number;
  /** Encoded width of the length field (10 for runtime output). */
  readonly lengthWidth: number;
}

export interface EndOfGenerationRecord {
  readonly kind: 'end-of-generation';
  readonly offset: number;
}

export type TopLevelRecord = Batch | EndOfGenerationRecord;

const FIELD_WORDS = ['gen', 'M ID', 'timestamp', 'size'] as const;

export interface BatchReadOptions {
  /**
   * Largest batch payload accepted, checked before anything is buffered. Default 65,536, as Go's
   * reader (`invalid batch size N, maximum is 65536`); a larger claim is a LimitExceededError
   * (limit `batch size`).
   */
  readonly maxBatchSize?: number;
}

/**
 * Reads one top-level record from r. Returns undefined at a clean end of input. When `final` is
 * false and the record is cut by the window's end, returns 'need-more' without consuming.
 */
export function readRecord(
  r: ByteReader,
  base: number,
  final: boolean,
  copy: boolean,
  maxBatchSize: number = MAX_BATCH_SIZE,
): TopLevelRecord | 'need-more' | undefined {
  const start = r.pos;
  if (start >= r.end) return final ? undefined : 'need-more';
  const offset = base + start;
  const b = r.buf[start]!;
  if (b === EventType.EndOfGeneration) {
    r.pos = start + 1;
    return { kind: 'end-of-generation', offset };
  }
  if (b !== EventType.EventBatch && b !== EventType.ExperimentalBatch) {
    throw new TraceFormatError('bad-batch', `expected batch event, got event ${b}`, offset);
  }
  let p = start + 1;
  let exp = 0;
  const experimental = b === EventType.ExperimentalBatch;
  if (experimental) {
    if (p >= r.end) {
      // Go's quirk: a lone 0x31 at the very end reads as a clean end of input.
      if (!final) return 'need-more';
      r.pos = p;
      return undefined;
    }
    exp = r.buf[p++]!;
  }
  r.pos = p;
  const fields: U64[] = [0, 0, 0, 0];
  for (let i = 0; i < 4; i++) {
    const v = r.uvarint();
    if (r.status !== VarintStatus.Ok) {
      if (!final && r.status !== VarintStatus.Overflow) {
        r.pos = start;
        return 'need-more';
      }
      const msg = `error reading batch ${FIELD_WORDS[i]}: ${varintStatusText(r.status)}`;
      const at = base + r.pos;
      r.pos = start;
      throw r.status === VarintStatus.Overflow ? new TraceFormatError('bad-varint', msg, at) : new TruncatedTraceError('truncated', msg, at);
    }
    fields[i] = v;
  }
  const lengthWidth = r.width;
  const size = fields[3]!;
  if (typeof size !== 'number' || size > maxBatchSize) {
    r.pos = start;
    throw new LimitExceededError('batch size', Number(size), maxBatchSize, offset, `invalid batch size ${size}, maximum is ${maxBatchSize}`);
  }
  const dataOffset = r.pos;
  if (dataOffset + size > r.end) {
    if (!final) {
      r.pos = start;
      return 'need-more';
    }
    const got = r.end - dataOffset;
    r.pos = start;
    throw new TruncatedTraceError('truncated', `failed to read full batch: read ${got} but wanted ${size}`, base + dataOffset);
  }
  r.pos = dataOffset + size;
  const view = r.buf.subarray(dataOffset, dataOffset + size);
  return {
    kind: 'batch',
    exp,
    experimental,
    gen: fields[0]!,
    m: fields[1]!,
    time: fields[2]!,
    data: copy ? view.slice() : view,
    offset,
    dataOffset: base + dataOffset,
    lengthWidth,
  };
}

/** Iterates the top-level records of an in-memory trace (payloads are views into `bytes`). */
export function* iterateBatches(bytes: Uint8Array, options: BatchReadOptions = {}): Generator<TopLevelRecord, void, undefined> {
  bytes = toBytes(bytes);
  options = checkOptionKeys('batch reader options', options, ['maxBatchSize']);
  const h = readHeader(bytes);
  const r = new ByteReader(bytes, h.size, bytes.length);
  const max = limitOption('maxBatchSize', options.maxBatchSize, MAX_BATCH_SIZE);
  for (;;) {
    const rec = readRecord(r, 0, true, false, max);
    if (rec === undefined || rec === 'need-more') return;
    yield rec;
  }
}

export interface BatchStream extends AsyncIterable<TopLevelRecord> {
  readonly version: TraceVersion;
  readonly headerSize: number;
}

/** Opens a chunked source for batch-level reading; memory is bounded by one batch. */
export async function openBatches(source: TraceSource, options: BatchReadOptions = {}): Promise<BatchStream> {
  options = checkOptionKeys('batch reader options', options, ['maxBatchSize']);
  const max = limitOption('maxBatchSize', options.maxBatchSize, MAX_BATCH_SIZE);
  const cb = new ChunkBuffer(toChunkSource(source));
  const header = await readStreamHeader(cb);
  cb.pos = header.size;
  return {
    version: header.version,
    headerSize: header.size,
    [Symbol.asyncIterator]: async function* () {
      const r = new ByteReader(cb.buf, cb.pos, cb.end);
      for (;;) {
        r.reset(cb.buf, cb.pos, cb.end);
        // Memory: readRecord checks the claimed size against the limit before asking for more
        // input, so the buffer never holds more than one batch (plus one source chunk).
        const rec = readRecord(r, cb.base, cb.done, true, max);
        if (rec === undefined) return;
        if (rec === 'need-more') {
          await cb.fill();
          continue;
        }
        cb.pos = r.pos;
        yield rec;
      }
    },
  };
}
