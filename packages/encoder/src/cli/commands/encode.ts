/** `gotrace encode`: text (Go's raw text form) or a JSON scenario → binary trace. */
import { openText } from '@gotrace/decoder/text';
import { openRaw } from '@gotrace/decoder/wire';
import type { TraceVersion } from '@gotrace/decoder/format';
import { RawEncoder, type BatchLengthStyle } from '../../wire-writer.js';
import { WriteBehind, checkInput, inputChunks, openOutput, UsageError, type Output } from '../io.js';
import { detectFormat, peek, type InputFormat } from '../detect.js';
import { encodeScenarioFile } from '../scenario-bridge.js';

export interface EncodeArgs {
  input: string;
  output: string | undefined;
  from: 'auto' | InputFormat;
  batchLength: BatchLengthStyle;
  force: boolean;
  /** JSON scenarios: the trace version to write (overrides the scenario's own). */
  version?: TraceVersion;
  /** JSON scenarios: the largest input read (default MAX_JSON_BYTES). */
  maxJsonBytes?: number;
}

const FLUSH_AT = 1 << 20;

export async function encodeCommand(a: EncodeArgs): Promise<void> {
  await checkInput(a.input);
  if ((a.output === undefined || a.output === '-') && process.stdout.isTTY) {
    throw new UsageError('refusing to write a binary trace to a terminal; use -o FILE (or -o - with a pipe)');
  }
  const { head, replay } = await peek(inputChunks(a.input));
  const format = a.from === 'auto' ? detectFormat(head) : a.from;
  const out = await openOutput(a.output, a.force);
  try {
    if (format === 'json') {
      const batchLength = a.batchLength === 'minimal' ? 'minimal' : 'padded';
      await out.write(await encodeScenarioFile(replay, { version: a.version, batchLength, maxJsonBytes: a.maxJsonBytes }));
    }
    else if (a.version !== undefined) throw new UsageError('--trace-version applies to JSON scenarios only');
    else await streamEvents(format, replay, out, a.batchLength);
    await out.commit();
  } finally {
    await out.abort();
  }
}

async function streamEvents(format: 'text' | 'binary', src: AsyncIterable<Uint8Array>, out: Output, style: BatchLengthStyle): Promise<void> {
  if (format === 'text') {
    // Each event is written as its line is read (none are held per chunk: far less GC).
    const text = await openText(src);
    const enc = new RawEncoder(text.version, { batchLength: style });
    const writes = new WriteBehind(out);
    try {
      await text.scan(
        (ev) => enc.write(ev),
        async () => {
          if (enc.buffered >= FLUSH_AT) await writes.write(enc.take());
        },
      );
      await writes.write(enc.take());
    } catch (e) {
      // The reading (or writing) error, not a failure of a write still running behind it.
      await writes.drain().catch(() => {});
      throw e;
    }
    await writes.drain();
    return;
  }
  const stream = await openRaw(src);
  const enc = new RawEncoder(stream.version, { batchLength: style });
  for await (const evs of stream.eventArrays()) {
    for (const ev of evs) enc.write(ev);
    if (enc.buffered >= FLUSH_AT) await out.write(enc.take());
  }
  await out.write(enc.take());
}
