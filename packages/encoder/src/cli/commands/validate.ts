/** `gotrace validate`: reads the whole trace as Go's reader would; exit 0 when Go would accept it. */
import { TraceReader } from '@gotrace/decoder';
import { checkInput, traceInput } from '../io.js';
import { Progress, withProgress } from '../progress.js';

export async function validateCommand(a: { input: string; quiet: boolean }): Promise<void> {
  await checkInput(a.input);
  const progress = await Progress.forFile(a.input, 'validate');
  const reader = new TraceReader(withProgress(traceInput(a.input), progress));
  let n = 0;
  try {
    n = await reader.scan(() => {});
  } finally {
    progress?.done();
  }
  if (!a.quiet) process.stdout.write(`OK ${n} events (trace version ${reader.version})\n`);
}
