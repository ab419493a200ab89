/**
 * Go-present cross-check of the wire level (foundation): on traces recorded right now by the Go
 * workloads in scripts/ with every toolchain (trace versions 22, 23, 25, 26), our text equals Go's
 * raw text, our binary equals Go's raw writer's, and every round trip gives back the runtime's bytes.
 * Also: the conformance files in fixtures/ are exactly those of the pinned golang.org/x/exp module.
 * Skips cleanly when `go` is not on PATH.
 */
import { expect } from 'chai';
import { spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeRaw, encodeText, parseText } from '@gotrace/decoder';
import { encodeRaw } from '../src/wire-writer.js';
import { REPO, CONFORMANCE, TRACES } from '../test/paths.js';

const haveGo = spawnSync('go', ['version']).status === 0;
const BIN = join(REPO, 'scripts', 'out', 'bin');

function rawtext(mode: 'bytes2text' | 'text2bytes', input: Uint8Array | string): { out: Buffer; err: string; code: number | null } {
  const r = spawnSync(join(BIN, 'rawtext'), [mode], { input, maxBuffer: 1 << 30 });
  return { out: r.stdout, err: r.stderr.toString(), code: r.status };
}

/** Toolchains and the trace version each writes (Go 1.24 writes 23). */
const TOOLCHAINS: [string, number][] = [
  ['go1.22.12', 22],
  ['go1.23.12', 23],
  ['go1.24.13', 23],
  ['go1.25.14', 25],
  ['local', 26],
];

(haveGo ? describe : describe.skip)('cross-check with Go: wire level', function () {
  this.timeout(900000);
  let dir: string;
  before(() => {
    execFileSync('bash', [join(REPO, 'scripts', 'build-oracle.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
    dir = mkdtempSync(join(tmpdir(), 'gotrace-cross-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('fixtures/go-conformance holds exactly the pinned module\'s test files', () => {
    const xdir = execFileSync('go', ['list', '-m', '-f', '{{.Dir}}', 'golang.org/x/exp'], { cwd: join(REPO, 'scripts') }).toString().trim();
    const src = join(xdir, 'trace', 'testdata', 'tests');
    const ours = join(CONFORMANCE, 'tests');
    const names = readdirSync(src).filter((f) => f.endsWith('.test')).sort();
    expect(readdirSync(ours).filter((f) => f.endsWith('.test')).sort()).to.deep.equal(names);
    for (const f of names) expect(readFileSync(join(ours, f), 'utf8'), f).to.equal(readFileSync(join(src, f), 'utf8'));
  });

  it('committed fixtures still match what Go prints for them', () => {
    for (const f of readdirSync(TRACES).filter((x) => x.endsWith('.trace'))) {
      const base = join(TRACES, f.replace(/\.trace$/, ''));
      const go = rawtext('bytes2text', readFileSync(join(TRACES, f)));
      expect(go.out.toString(), f).to.equal(readFileSync(`${base}.raw.txt`, 'utf8'));
    }
  });

  for (const [toolchain, version] of TOOLCHAINS) {
    it(`a fresh ${toolchain} trace (version ${version}): text = Go's, binary = Go's, round trips exact`, () => {
      const out = join(dir, `fresh-${toolchain}.trace`);
      const r = spawnSync('go', ['run', '.', '-scenario', 'mixed', '-out', out], {
        cwd: join(REPO, 'scripts', 'workload'),
        env: { ...process.env, GOTOOLCHAIN: toolchain, GOFLAGS: '-buildvcs=false', GODEBUG: 'traceadvanceperiod=30000000' },
        encoding: 'utf8',
      });
      expect(r.status, r.stderr).to.equal(0);
      const bytes = new Uint8Array(readFileSync(out));
      const raw = decodeRaw(bytes);
      expect(raw.version).to.equal(version);
      const ours = encodeText(raw);

      // Go's text of the same bytes (x/exp's raw reader stops at AllocFree events in 23/25; none here).
      const go = rawtext('bytes2text', bytes);
      expect(go.code, go.err).to.equal(0);
      expect(ours).to.equal(go.out.toString());

      // Runtime bytes back from our events and from our text.
      expect(Buffer.compare(Buffer.from(encodeRaw(raw)), Buffer.from(bytes))).to.equal(0);
      expect(Buffer.compare(Buffer.from(encodeRaw(parseText(ours), { batchLength: 'padded' })), Buffer.from(bytes))).to.equal(0);

      // Go's raw writer and ours agree on the minimal-length form. Go's text reader cannot read
      // Go's own text when a string is empty (no data line): give it `data=""` there.
      const forGo = encodeText(raw, { emptyDataLine: true });
      const goBin = rawtext('text2bytes', forGo);
      expect(goBin.code, goBin.err).to.equal(0);
      expect(Buffer.compare(goBin.out, Buffer.from(encodeRaw(parseText(ours), { batchLength: 'minimal' })))).to.equal(0);
      if (forGo !== ours) expect(rawtext('text2bytes', ours).err).to.match(/malformed data: "String id=\d+"/);
    });
  }

  it('every conformance file: our binary equals Go\'s raw writer\'s', function () {
    const tests = join(CONFORMANCE, 'tests');
    if (!existsSync(tests)) this.skip();
    for (const f of readdirSync(tests).filter((x) => x.endsWith('.test'))) {
      const s = readFileSync(join(tests, f), 'utf8');
      const trace = s.slice(s.indexOf('-- trace --\n') + 12);
      const go = rawtext('text2bytes', trace);
      expect(go.code, go.err).to.equal(0);
      expect(Buffer.compare(go.out, Buffer.from(encodeRaw(parseText(trace), { batchLength: 'minimal' }))), f).to.equal(0);
    }
  });
});
