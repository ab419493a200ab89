/** `gotrace decode`: binary trace → Go's raw text form (what `gotraceraw bytes2text` prints). */
import { openRaw } from '@gotrace/decoder/wire';
import { TextByteWriter } from '@gotrace/decoder/text';
import { WriteBehind, checkInput, inputChunks, openOutput } from '../io.js';

export interface DecodeArgs {
  input: string;
  output: string | undefined;
  force: boolean;
  /** Print `data=""` for empty strings so Go's own text reader accepts the output. */
  emptyData: boolean;
}

export async function decodeCommand(a: DecodeArgs): Promise<void> {
  await checkInput(a.input);
  const stream = await openRaw(inputChunks(a.input));
  const out = await openOutput(a.output, a.force);
  const w = new TextByteWriter(stream.version, { emptyDataLine: a.emptyData });
  const writes = new WriteBehind(out);
  const flush = async (): Promise<void> => {
    if (w.out.pos > 0) await writes.write(w.take());
  };
  try {
    let failure: { error: unknown } | undefined;
    try {
      await stream.scan((c) => w.cursorEvent(c), async () => {
        if (w.out.pos >= FLUSH_AT) await flush();
      });
    } catch (e) {
      failure = { error: e };
    }
    // On stdout, what was decoded before an error is still shown (as Go's tool does). A write
    // error then does not hide the decoding error.
    try {
      await flush();
      await writes.drain();
    } catch (e) {
      failure ??= { error: e };
    }
    if (failure) throw failure.error;
    await out.commit();
  } finally {
    await out.abort();
  }
}

const FLUSH_AT = 1 << 20;
