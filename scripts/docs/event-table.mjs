// Generates docs/event-table.md from the event table (packages/decoder/src/format/events.ts),
// so the docs cannot drift from the code. `node scripts/docs/event-table.mjs` rewrites the file;
// a unit test fails when the committed file is stale.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EVENT_TABLE, EXPERIMENT_NAMES } from '../../packages/decoder/dist/format/index.js';

export function renderEventTable() {
  const lines = [
    '# The event table',
    '',
    'Generated from `packages/decoder/src/format/events.ts` by `scripts/docs/event-table.mjs`; do not edit.',
    '',
    '**T**: timed (first argument `dt` is a timestamp delta). **Str** / **Stk**: positions (counting `dt` as 0)',
    'of string-ID / stack-ID arguments. **Trailer**: `frames` = 4 words per frame (pc func file line), `data` =',
    'length-prefixed bytes. **Start**: the event opening the range this one continues or closes.',
    '**Since**: first trace version whose table has the type.',
    '',
    '| # | Name | Args | Str | Stk | T | Trailer | Start | Since | Experiment | Meaning |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const s of EVENT_TABLE) {
    lines.push(
      `| ${s.type} | ${s.name} | ${s.argNames.join(' ') || '—'} | ${s.stringArgs.join(', ')} | ${s.stackArgs.join(', ')} | ` +
        `${s.timed ? 'T' : ''} | ${s.trailer === 'none' ? '' : s.trailer} | ${s.startEvent ?? ''} | ${s.since} | ` +
        `${s.experiment ? EXPERIMENT_NAMES[s.experiment] : ''} | ${s.doc} |`,
    );
  }
  return lines.join('\n') + '\n';
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(new URL('../../docs/event-table.md', import.meta.url), renderEventTable());
}
