/**
 * An output that cannot be written in full (here: a file-size limit, as a full disk would do)
 * is an error with one clear line and exit 1 — never a silently truncated file with exit 0.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GOTRACE_BIN, TRACES } from './paths.js';

const haveBash = spawnSync('bash', ['-c', 'ulimit -f 10']).status === 0;

(haveBash ? describe : describe.skip)('gotrace CLI: an output that does not fit', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'gotrace-full-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const [cmd, input] of [
    ['decode', join(TRACES, 'mixed-go126.trace')],
    ['dump', join(TRACES, 'mixed-go126.trace')],
  ] as const) {
    it(`${cmd}: exit 1, one line naming the file, no file left behind`, () => {
      const out = join(dir, `${cmd}.out`);
      // ulimit -f 10: at most 10 KiB per file; SIGXFSZ ignored so the write fails instead.
      const script = `trap '' XFSZ; ulimit -f 10; exec "$0" "$@"`;
      const r = spawnSync('bash', ['-c', script, process.execPath, GOTRACE_BIN, cmd, input, '-o', out], { encoding: 'utf8' });
      expect(r.status, r.stderr).to.equal(1);
      expect(r.stderr.trim().split('\n')).to.have.length(1);
      expect(r.stderr).to.match(new RegExp(`^gotrace: .*${cmd}\\.out: cannot write output \\(EFBIG\\)`));
      expect(existsSync(out)).to.equal(false);
      expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).to.deep.equal([]);
    });
  }
});

(existsSync('/dev/full') ? describe : describe.skip)('gotrace CLI: standard output on a full device', () => {
  const run = (args: string[]): { status: number | null; stderr: string } => {
    const r = spawnSync('bash', ['-c', 'exec "$0" "$@" > /dev/full', process.execPath, GOTRACE_BIN, ...args], { encoding: 'utf8' });
    return { status: r.status, stderr: r.stderr };
  };

  it('one line, exit 1 (not an uncaught exception)', () => {
    const r = run(['decode', join(TRACES, 'mixed-go126.trace')]);
    expect(r.status, r.stderr).to.equal(1);
    expect(r.stderr).to.equal('gotrace: standard output: cannot write output (ENOSPC)\n');
  });

  it('a reading error is reported rather than the failing output', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gotrace-full-'));
    try {
      const cut = join(dir, 'cut.trace');
      const bytes = spawnSync('head', ['-c', '40000', join(TRACES, 'mixed-go126.trace')]).stdout;
      writeFileSync(cut, bytes);
      const r = run(['decode', cut]);
      expect(r.status, r.stderr).to.equal(1);
      expect(r.stderr).to.match(/^gotrace: unexpected EOF/);
      expect(r.stderr.trim().split('\n')).to.have.length(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
