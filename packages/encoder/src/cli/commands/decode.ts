/** `gotrace decode`: binary trace → Go's raw text form (what `gotraceraw bytes2text` prints). */
import { openRaw } from '@gotrace/decoder/wire';
import { formatRawEvent, textHeaderLine } from '@gotrace/decoder/text';
import { ChunkedWriter, checkInput, inputChunks, openOutput } from '../io.js';

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
  const w = new ChunkedWriter(out);
  try {
    await w.text(textHeaderLine(stream.version));
    try {
      for await (const ev of stream) await w.text(formatRawEvent(ev, { emptyDataLine: a.emptyData }));
    } finally {
      // On stdout, what was decoded before an error is still shown (as Go's tool does).
      await w.flush();
    }
    await out.commit();
  } finally {
    await out.abort();
  }
}
