/**
 * The seed corpus of the fuzzer: real runtime traces (fixtures/traces), Go's FuzzReader corpus
 * (fixtures/go-conformance/fuzz-bin), the text forms of the small traces and of Go's conformance
 * tests, and the JSON scenarios (fixtures/scenarios). Sorted, so a seed means the same inputs.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const REGRESSIONS = join(ROOT, 'fixtures', 'fuzz-regressions');

const list = (dir, suffix) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(suffix)).sort() : []);

/** Text section of a txtar `.test` file (Go's conformance tests). */
function txtarTrace(text) {
  const m = /^-- trace --\n([\s\S]*?)(?=^-- |(?![\s\S]))/m.exec(text);
  return m ? m[1] : undefined;
}

export function loadCorpus(root = ROOT, { maxTextBytes = 64 * 1024 } = {}) {
  const binaries = [];
  const texts = [];
  const jsons = [];
  const traces = join(root, 'fixtures', 'traces');
  for (const f of list(traces, '.trace')) binaries.push({ name: f, bytes: new Uint8Array(readFileSync(join(traces, f))) });
  const fuzzBin = join(root, 'fixtures', 'go-conformance', 'fuzz-bin');
  for (const f of list(fuzzBin, '.trace')) binaries.push({ name: `fuzz-bin/${f}`, bytes: new Uint8Array(readFileSync(join(fuzzBin, f))) });
  for (const f of list(traces, '.raw.txt')) {
    const text = readFileSync(join(traces, f), 'utf8');
    if (text.length <= maxTextBytes) texts.push({ name: f, text });
  }
  const tests = join(root, 'fixtures', 'go-conformance', 'tests');
  for (const f of list(tests, '.test')) {
    const t = txtarTrace(readFileSync(join(tests, f), 'utf8'));
    if (t !== undefined && t.length <= maxTextBytes) texts.push({ name: `tests/${f}`, text: t });
  }
  const scen = join(root, 'fixtures', 'scenarios');
  for (const f of list(scen, '.json')) jsons.push({ name: f, text: readFileSync(join(scen, f), 'utf8') });
  return { binaries, texts, jsons };
}
