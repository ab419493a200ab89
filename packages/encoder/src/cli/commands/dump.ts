/**
 * `gotrace dump`: every event of the ordered, validated reader, one per line — exactly what Go's
 * checker (x/exp/trace `Event.String()`) prints before its verdict — or NDJSON with `--json`.
 * A broken trace: the events Go delivers are printed, then the error (exit 1); `--salvage` keeps
 * every complete generation before the damage and reports what was lost.
 */
import { TraceReader, eventToJSON, type TraceEvent } from '@gotrace/decoder';
import { checkInput, openOutput, traceInput } from '../io.js';
import { Progress, withProgress } from '../progress.js';

export interface DumpArgs {
  input: string;
  output: string | undefined;
  json: boolean;
  salvage: boolean;
  force: boolean;
}

const FLUSH_AT = 1 << 20;

export async function dumpCommand(a: DumpArgs): Promise<void> {
  await checkInput(a.input);
  const progress = await Progress.forFile(a.input, 'dump');
  const reader = new TraceReader(withProgress(traceInput(a.input), progress), { salvage: a.salvage });
  await reader.ready();
  const out = await openOutput(a.output, a.force);
  const line = a.json ? (ev: TraceEvent) => JSON.stringify(eventToJSON(ev)) + '\n' : (ev: TraceEvent) => ev.toString() + '\n';
  let buf = '';
  try {
    try {
      for await (const evs of reader.batches()) {
        for (const ev of evs) buf += line(ev);
        if (buf.length >= FLUSH_AT) {
          await out.write(buf);
          buf = '';
        }
      }
    } finally {
      progress?.done();
      // What was read before an error is still shown, as Go's checker does.
      if (buf.length > 0) await out.write(buf);
    }
    await out.commit();
  } finally {
    await out.abort();
  }
  const report = reader.salvageReport;
  if (report) {
    process.stderr.write(
      `gotrace: salvaged ${report.generationsKept} complete generation(s); lost ${report.lostEvents} event(s) and ` +
        `${report.lostBytes} byte(s) after: ${report.goMessage}\n`,
    );
  }
}
