/**
 * Go's own conformance files (trace/testdata/tests/*.test of the pinned golang.org/x/exp, copied
 * into fixtures/go-conformance by scripts/sync-conformance.sh): their text → binary → text must be
 * identical, and our binary must equal Go's raw writer's (its text round trip is stored beside them).
 */
import { expect } from 'chai';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseText, decodeRaw, encodeText, parseConformanceTest } from '@gotrace/decoder';
import { encodeRaw } from '../src/wire-writer.js';
import { CONFORMANCE } from './paths.js';

const dir = join(CONFORMANCE, 'tests');
const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.test')).sort() : [];

describe('Go conformance files: text → binary → text', () => {
  it('the pinned module\'s test files are present', () => {
    expect(files.length).to.be.at.least(22);
  });
  for (const f of files) {
    it(f, () => {
      const t = parseConformanceTest(readFileSync(join(dir, f), 'utf8'));
      const bin = encodeRaw(parseText(t.trace), { batchLength: 'minimal' });
      const back = encodeText(decodeRaw(bin));
      expect(back).to.equal(t.trace);
      const goText = join(CONFORMANCE, 'expected', f.replace(/\.test$/, '.raw.txt'));
      if (existsSync(goText)) expect(back).to.equal(readFileSync(goText, 'utf8'));
    });
  }
});
