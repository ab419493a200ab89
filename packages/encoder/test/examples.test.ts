/** The examples the READMEs show must run. */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO } from './paths.js';

function run(script: string): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [join(REPO, 'examples', script)], { cwd: REPO });
  return { code: r.status, out: r.stdout.toString(), err: r.stderr.toString() };
}

describe('examples', function () {
  this.timeout(60000);
  it('roundtrip.mjs: raw events and a byte-identical round trip', () => {
    const r = run('roundtrip.mjs');
    expect(r.code, r.err).to.equal(0);
    expect(r.out).to.match(/^version 26, \d+ raw events\n/).and.match(/byte-identical: true\n$/);
  });
  it('scan.mjs: reused records, clones kept past the callback', () => {
    const r = run('scan.mjs');
    expect(r.code, r.err).to.equal(0);
    const [count, first] = r.out.trim().split('\n');
    expect(count).to.match(/^\d+ events, \d+ blocks$/);
    const blocks = Number(/(\d+) blocks/.exec(count!)![1]);
    expect(blocks).to.be.greaterThan(10);
    // The clone kept the first GoBlock although hundreds of events overwrote the record since.
    expect(first).to.match(/^first: M=\d+ P=\d+ G=\d+ StateTransition Time=\d+ GoID=\d+ Running->Waiting Reason=".+"$/);
  });
  it('state-transitions.mjs: goroutine transitions with their stacks', () => {
    const r = run('state-transitions.mjs');
    expect(r.code, r.err).to.equal(0);
    const lines = r.out.trim().split('\n');
    expect(lines[0]).to.match(/^\d+ ns {2}G\d+ {2}\w+ -> \w+/);
    expect(lines.filter((l) => /^\d+ ns/.test(l))).to.have.length(8);
    expect(lines.some((l) => /^ {4}\S+ {2}\S+:\d+$/.test(l))).to.equal(true);
  });
});
