/**
 * The core entry points (`@gotrace/decoder`, `/format`, `/wire`, `/text`) must run in browsers:
 * nothing from Node. Checked two ways on the built package (dist/, which `npm test` builds first): its module graph imports no Node
 * built-in, and it decodes a fixture — in memory and from a web ReadableStream — in a process
 * whose Node globals (Buffer, process, require, global, setImmediate) were removed first.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TraceReaderSync } from '../src/reader.js';
import { FIXTURES, readBytes } from './support/corpus.js';

const PACKAGES = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DIST = join(PACKAGES, 'decoder', 'dist');
const ENTRIES = ['index.js', 'format/index.js', 'wire/index.js', 'text/index.js'];
const BUILTINS = new Set(builtinModules);

/** Every module reachable from `entry` by static or dynamic import, with its import specifiers. */
function moduleGraph(entry: string): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    const src = readFileSync(file, 'utf8');
    const specs = [...src.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"]([^'"]+)['"]/g)].map((m) => m[1]!);
    seen.set(file, specs);
    for (const s of specs) {
      if (s.startsWith('.')) visit(resolve(dirname(file), s));
      const ws = /^@gotrace\/([^/]+)(?:\/(.+))?$/.exec(s); // our own packages: their built entry points too
      if (ws) visit(join(PACKAGES, ws[1]!, 'dist', ws[2] ? `${ws[2]}/index.js` : 'index.js'));
    }
  };
  visit(join(DIST, entry));
  return seen;
}

describe('browser safety of the core entry points', () => {
  for (const entry of ENTRIES) {
    it(`${entry} imports nothing from Node`, () => {
      const graph = moduleGraph(entry);
      expect(graph.size).to.be.greaterThan(0);
      if (entry === 'index.js') expect([...graph.keys()].some((f) => f.includes('/stack-table/dist/'))).to.equal(true);
      for (const [file, specs] of graph) {
        for (const s of specs) {
          const bad = s.startsWith('node:') || BUILTINS.has(s) || BUILTINS.has(s.split('/')[0]!);
          expect(bad, `${file} imports ${s}`).to.equal(false);
        }
        expect(file.endsWith('/node.js'), `${file} is the Node-only entry`).to.equal(false);
      }
    });
  }

  it('decodes a fixture without Node globals, in memory and from a web ReadableStream', () => {
    const trace = join(FIXTURES, 'traces', 'mixed-go126.trace');
    const want = new TraceReaderSync(readBytes(trace)).scan(() => {});
    // The child reads the file, removes Node's globals, then loads the core for the first time.
    const script = `
      import { readFileSync } from 'node:fs';
      const bytes = new Uint8Array(readFileSync(${JSON.stringify(trace)}));
      const removed = ['Buffer', 'process', 'require', 'global', 'setImmediate', 'clearImmediate'];
      const keep = { process: globalThis.process };
      for (const k of removed) { try { delete globalThis[k]; } catch {} globalThis[k] = undefined; }
      const still = removed.filter((k) => globalThis[k] !== undefined);
      const core = await import(${JSON.stringify(join(DIST, 'index.js'))});
      const n = new core.TraceReaderSync(bytes).scan(() => {});
      const stream = new ReadableStream({ start(c) { for (let i = 0; i < bytes.length; i += 4096) c.enqueue(bytes.subarray(i, i + 4096)); c.close(); } });
      const r = await core.openTrace(stream);
      let s = 0, text = 0;
      const m = await r.scan((ev) => { s++; text += ev.toString().length; });
      keep.process.stdout.write(JSON.stringify({ still, n, m, s, text }));
    `;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(r.stderr).to.equal('');
    const got = JSON.parse(r.stdout) as { still: string[]; n: number; m: number; s: number; text: number };
    expect(got.still).to.deep.equal([]);
    expect(got.n).to.equal(want);
    expect(got.m).to.equal(want);
    expect(got.s).to.equal(want);
    expect(got.text).to.be.greaterThan(want * 20); // toString() ran on every event
  });
});
