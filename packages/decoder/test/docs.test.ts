import { expect } from 'chai';
import { readFileSync } from 'node:fs';
// @ts-expect-error plain ESM script without types
import { renderEventTable } from '../../../scripts/docs/event-table.mjs';

describe('docs', () => {
  it('docs/event-table.md is generated from the current event table', () => {
    const committed = readFileSync(new URL('../../../docs/event-table.md', import.meta.url), 'utf8');
    expect(committed, 'run: node scripts/docs/event-table.mjs').to.equal(renderEventTable());
  });
});
