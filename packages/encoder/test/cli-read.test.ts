/** The reading commands of the CLI (dump, validate, stats, stacks), run as a user runs them. */
import { expect } from 'chai';
import { readFileSync, readdirSync, writeFileSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeRaw } from '@gotrace/decoder';
import { TRACES, CONFORMANCE } from './paths.js';
import { runGotrace } from './support/cli.js';

function gotrace(args: string[], input?: Uint8Array) {
  const r = runGotrace(args, input);
  return { ...r, stdout: r.stdout.toString() };
}

/** Go's checker output without its final OK/ERROR line, and that line. */
function goExpect(parsedPath: string): { events: string; verdict: string } {
  const text = readFileSync(parsedPath, 'utf8');
  const cut = text.search(/^(OK \d+|ERROR: )/m);
  return { events: text.slice(0, cut), verdict: text.slice(cut) };
}

describe('gotrace CLI: reading commands', function () {
  this.timeout(120000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'gotrace-read-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const name of ['mixed-go122', 'mixed-go123', 'mixed-go125', 'mixed-go126', 'allocfree-go124']) {
    it(`dump ${name}: byte-identical to Go's Event.String() lines; validate agrees`, () => {
      const trace = join(TRACES, `${name}.trace`);
      const go = goExpect(join(TRACES, `${name}.parsed.txt`));
      const r = gotrace(['dump', trace]);
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stdout).to.equal(go.events);
      const v = gotrace(['validate', trace]);
      expect(v.code).to.equal(0);
      expect(v.stdout).to.equal(`${go.verdict.trim().replace(/^OK (\d+)$/, 'OK $1 events')} (trace version ${decodeRaw(readFileSync(trace)).version})\n`);
    });
  }

  it('dump of a broken trace: Go\'s events, then Go\'s error, exit 1; validate says the same', () => {
    const dirBin = join(CONFORMANCE, 'fuzz-bin');
    const broken = readdirSync(dirBin).filter((f) => f.endsWith('.parsed.txt') && readFileSync(join(dirBin, f), 'utf8').includes('\nERROR: ') && !readFileSync(join(dirBin, f.replace('.parsed.txt', '.trace'))).subarray(0, 8).toString().startsWith('go 1.11'));
    expect(broken.length).to.be.greaterThan(0);
    for (const f of broken) {
      const go = goExpect(join(dirBin, f));
      const trace = join(dirBin, f.replace('.parsed.txt', '.trace'));
      const r = gotrace(['dump', trace]);
      expect(r.code, f).to.equal(1);
      expect(r.stdout, f).to.equal(go.events);
      const firstLine = go.verdict.slice('ERROR: '.length).split('\n')[0]!;
      expect(r.stderr, f).to.contain(firstLine);
      expect(r.stderr.split('\n').filter(Boolean), 'one line').to.have.length(1);
      const v = gotrace(['validate', trace]);
      expect(v.code).to.equal(1);
      expect(v.stderr).to.contain(firstLine);
    }
  });

  it('dump --salvage keeps the complete generations of a cut trace and reports the loss', () => {
    const bytes = readFileSync(join(TRACES, 'mixed-go126.trace'));
    const cut = join(dir, 'cut.trace');
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const plain = gotrace(['dump', cut]);
    expect(plain.code).to.equal(1);
    const r = gotrace(['dump', '--salvage', cut]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.match(/salvaged \d+ complete generation\(s\); lost \d+ event\(s\) and \d+ byte\(s\) after: /);
    const full = goExpect(join(TRACES, 'mixed-go126.parsed.txt')).events;
    expect(r.stdout.length).to.be.greaterThan(1000);
    // What is salvaged is exactly what the intact trace says for those generations.
    expect(full.startsWith(r.stdout)).to.equal(true);
    const next = full.slice(r.stdout.length);
    expect(next.startsWith('M=-1 P=-1 G=-1 Sync '), 'cut at a generation boundary').to.equal(true);
  });

  it('dump --json prints one JSON object per event with stable fields', () => {
    const r = gotrace(['dump', '--json', join(TRACES, 'annotations-go126.trace')]);
    expect(r.code, r.stderr).to.equal(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    const goCount = Number(/^OK (\d+)$/m.exec(readFileSync(join(TRACES, 'annotations-go126.parsed.txt'), 'utf8'))![1]);
    expect(lines.length).to.equal(goCount);
    expect(lines[0]).to.include.keys('kind', 'time');
    expect(lines.some((e) => e.kind === 'Log')).to.equal(true);
  });

  it('stats: counts agree with the wire and with Go', () => {
    const trace = join(TRACES, 'mixed-go126.trace');
    const r = gotrace(['stats', '--json', trace]);
    expect(r.code, r.stderr).to.equal(0);
    const s = JSON.parse(r.stdout);
    const bytes = readFileSync(trace);
    expect(s.bytes).to.equal(bytes.length);
    expect(s.rawEvents).to.equal(decodeRaw(bytes).events.length);
    const goCount = Number(/^OK (\d+)$/m.exec(readFileSync(join(TRACES, 'mixed-go126.parsed.txt'), 'utf8'))![1]);
    expect(s.events).to.equal(goCount);
    expect(Object.values(s.byKind as Record<string, number>).reduce((a, b) => a + b, 0)).to.equal(goCount);
    expect(s.generations).to.be.greaterThan(1);
    expect(s.goroutines).to.be.greaterThan(1);
    expect(Number(s.durationNs)).to.be.greaterThan(0);
    const text = gotrace(['stats', trace]).stdout;
    expect(text).to.match(/wire footprint by event type/).and.match(/^generations +\d+$/m);
  });

  it('stacks: the most frequent stacks with frames', () => {
    const r = gotrace(['stacks', '--top', '3', join(TRACES, 'mixed-go126.trace')]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.match(/^\d+ events, \d+ with a stack, \d+ distinct stacks; top 3:/);
    expect((r.stdout.match(/^#\d+ +\d+ events/gm) ?? []).length).to.equal(3);
    expect(r.stdout).to.match(/\n {4}\S+\n {8}\S+:\d+ \(pc 0x[0-9a-f]+\)/);
    expect(gotrace(['stacks', '--top', '0', join(TRACES, 'mixed-go126.trace')]).code).to.equal(2);
  });

  it('dump refuses to overwrite an existing output file', () => {
    const out = join(dir, 'exists.txt');
    writeFileSync(out, 'keep');
    expect(gotrace(['dump', join(TRACES, 'idle-go126.trace'), '-o', out]).code).to.equal(2);
    expect(readFileSync(out, 'utf8')).to.equal('keep');
    expect(existsSync(out)).to.equal(true);
  });
});
