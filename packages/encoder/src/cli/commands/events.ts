/** `gotrace events`: the event table, straight from @gotrace/decoder's single definition. */
import { EVENT_TABLE, EXPERIMENT_NAMES, isDefinedIn, type TraceVersion } from '@gotrace/decoder/format';
import { UsageError } from '../io.js';

export function eventsCommand(a: { name: string | undefined; version: TraceVersion | undefined }): string {
  const rows = EVENT_TABLE.filter((s) => a.version === undefined || isDefinedIn(s.type, a.version));
  const chosen = a.name === undefined ? rows : rows.filter((s) => s.name.toLowerCase() === a.name!.toLowerCase());
  if (chosen.length === 0) throw new UsageError(`no event named ${a.name}${a.version ? ` in version ${a.version}` : ''}`);
  const lines = chosen.map((s) => {
    const args = s.argNames.join(' ');
    const extra = [
      s.trailer !== 'none' ? `+${s.trailer}` : '',
      s.startEvent ? `(ends/continues ${s.startEvent})` : '',
      s.experiment ? `[${EXPERIMENT_NAMES[s.experiment]}]` : '',
      `since ${s.since}`,
    ].filter(Boolean).join(' ');
    return `${String(s.type).padStart(3)}  ${s.name.padEnd(20)} ${args.padEnd(38)} ${extra}\n       ${s.doc}`;
  });
  return lines.join('\n') + '\n';
}
