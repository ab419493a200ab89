/**
 * Golden tests of the ordered reader: every fixture trace and Go conformance test must produce
 * exactly Go's checker output (each event's String(), then `OK n` or `ERROR: msg`).
 */
import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseText } from '../src/text/index.js';
import { encodeRaw } from '../../encoder/src/wire-writer.js';
import { checkerOutput, checkerOutputAsync, checkerOutputIterated } from './support/checker.js';
import { FIXTURES, listFiles, readBytes, xexpTestdata } from './support/corpus.js';
import { parseConformanceTest } from '../src/text/txtar.js';
import { validateEvents } from './support/validator.js';
import { TraceReaderSync } from '../src/reader.js';
import { goErrorMessage } from '../src/validation-error.js';
import type { TraceEvent } from '../src/event.js';

function firstDiff(got: string, want: string): string {
  const g = got.split('\n');
  const w = want.split('\n');
  let i = 0;
  while (i < g.length && g[i] === w[i]) i++;
  return `line ${i + 1}:\n  want ${JSON.stringify(w[i])}\n  got  ${JSON.stringify(g[i])}`;
}

function expectSameOutput(got: string, want: string): void {
  if (got !== want) expect.fail(firstDiff(got, want));
}

describe('reader: fixture traces (byte-identical dumps)', () => {
  const traces = listFiles(join(FIXTURES, 'traces'), '.trace').filter((f) => existsSync(f.replace(/\.trace$/, '.parsed.txt')));
  if (traces.length === 0) it.skip('no fixtures/traces yet');
  for (const f of traces) {
    it(basename(f), async () => {
      const bytes = readBytes(f);
      const want = readFileSync(f.replace(/\.trace$/, '.parsed.txt'), 'utf8');
      expectSameOutput(checkerOutput(bytes), want);
      // The same through both iterators (each has its own fast path).
      expectSameOutput(checkerOutputIterated(bytes), want);
      expectSameOutput(await checkerOutputAsync(bytes), want);
      // And the checks Go's test harness runs on every event it reads (reader-semantics §13).
      const { events, error } = readAll(bytes);
      if (!error) expect(validateEvents(events, new TraceReaderSync(bytes).version)).to.deep.equal([]);
    });
  }
});

/** Reads all events, returning them and the error (if any). */
function readAll(bytes: Uint8Array): { events: TraceEvent[]; error: unknown } {
  const events: TraceEvent[] = [];
  try {
    const r = new TraceReaderSync(bytes);
    for (let ev = r.readEvent(); ev !== null; ev = r.readEvent()) events.push(ev);
    return { events, error: undefined };
  } catch (error) {
    return { events, error };
  }
}

describe("reader: Go's conformance tests (x/exp trace/testdata/tests)", () => {
  const dir = xexpTestdata();
  const files = dir ? listFiles(join(dir, 'tests'), '.test') : [];
  if (files.length === 0) it.skip('no conformance tests found (fixtures/go-conformance or the Go module cache)');
  for (const f of files) {
    const name = basename(f, '.test');
    it(name, () => {
      const t = parseConformanceTest(readFileSync(f, 'utf8'));
      const trace = parseText(t.trace);
      const bytes = encodeRaw(trace, { batchLength: 'minimal' });
      const { events, error } = readAll(bytes);
      if (t.expect.success) {
        if (error) expect.fail(`unexpected error: ${goErrorMessage(error)}`);
        const problems = validateEvents(events, trace.version);
        expect(problems).to.deep.equal([]);
      } else {
        expect(error, 'expected an error').to.not.equal(undefined);
        expect(goErrorMessage(error)).to.match(t.expect.pattern);
      }
      const golden = join(dir!, 'expected', `${name}.parsed.txt`);
      if (existsSync(golden)) expectSameOutput(checkerOutput(bytes), readFileSync(golden, 'utf8'));
    });
  }
});

describe("reader: Go's fuzz corpus (same verdict and output as Go)", () => {
  const files = listFiles(join(FIXTURES, 'go-conformance', 'fuzz-bin'), '.trace').filter((f) => existsSync(f.replace(/\.trace$/, '.parsed.txt')));
  if (files.length === 0) it.skip('no fixtures/go-conformance/fuzz-bin yet');
  for (const f of files) {
    it(basename(f), () => {
      const bytes = readBytes(f);
      if (/^go 1\.(11|19|21) /.test(new TextDecoder().decode(bytes.subarray(0, 8)))) {
        // Accepted divergence: Go hands v1 headers to its legacy parser; we refuse them clearly.
        expect(checkerOutput(bytes)).to.match(/^ERROR: unsupported version go 1\.\d+ \(Go 1\.21 or older\)/);
        return;
      }
      expectSameOutput(checkerOutput(bytes), readFileSync(f.replace(/\.trace$/, '.parsed.txt'), 'utf8'));
    });
  }
});
