/** Our equivalent of scripts/cmd/checker: every event's toString() + "\n", then the verdict line. */
import { TraceReaderSync, openTrace } from '../../src/reader.js';
import { goErrorMessage } from '../../src/validation-error.js';

export function checkerOutput(bytes: Uint8Array): string {
  let out = '';
  let n = 0;
  try {
    const r = new TraceReaderSync(bytes);
    for (let ev = r.readEvent(); ev !== null; ev = r.readEvent()) {
      out += ev.toString() + '\n';
      n++;
    }
    return out + `OK ${n}\n`;
  } catch (e) {
    return out + `ERROR: ${goErrorMessage(e)}\n`;
  }
}

/** checkerOutput, reading through the sync iterator (`for…of`) instead of readEvent(). */
export function checkerOutputIterated(bytes: Uint8Array): string {
  let out = '';
  let n = 0;
  try {
    for (const ev of new TraceReaderSync(bytes)) {
      out += ev.toString() + '\n';
      n++;
    }
    return out + `OK ${n}\n`;
  } catch (e) {
    return out + `ERROR: ${goErrorMessage(e)}\n`;
  }
}

/** checkerOutput, reading through the async iterator (`for await…of`) of openTrace. */
export async function checkerOutputAsync(bytes: Uint8Array): Promise<string> {
  let out = '';
  let n = 0;
  try {
    for await (const ev of await openTrace(bytes)) {
      out += ev.toString() + '\n';
      n++;
    }
    return out + `OK ${n}\n`;
  } catch (e) {
    return out + `ERROR: ${goErrorMessage(e)}\n`;
  }
}
