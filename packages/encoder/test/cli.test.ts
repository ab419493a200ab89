/** The `gotrace` command line, run as a user runs it (a child process). */
import { expect } from 'chai';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GOTRACE_BIN, TRACES } from './paths.js';
import { runGotrace } from './support/cli.js';

const gotrace = runGotrace;

const FIXTURE = join(TRACES, 'mixed-go126.trace');
const FIXTURE_TEXT = join(TRACES, 'mixed-go126.raw.txt');

describe('gotrace CLI', function () {
  this.timeout(60000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gotrace-cli-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('encode: Go\'s text form → the runtime\'s exact bytes', () => {
    const out = join(dir, 'x.trace');
    const r = gotrace(['encode', FIXTURE_TEXT, '-o', out]);
    expect(r.code, r.stderr).to.equal(0);
    expect(Buffer.compare(readFileSync(out), readFileSync(FIXTURE))).to.equal(0);
  });

  it('decode: prints Go\'s text form, to stdout or a file', () => {
    const r = gotrace(['decode', FIXTURE]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout.toString()).to.equal(readFileSync(FIXTURE_TEXT, 'utf8'));
    const out = join(dir, 'x.txt');
    expect(gotrace(['decode', FIXTURE, '-o', out]).code).to.equal(0);
    expect(readFileSync(out, 'utf8')).to.equal(readFileSync(FIXTURE_TEXT, 'utf8'));
  });

  it('pipes: decode | encode through stdin and stdout', () => {
    const text = gotrace(['decode', '-'], readFileSync(FIXTURE));
    expect(text.code).to.equal(0);
    const bin = gotrace(['encode', '-', '-o', '-'], text.stdout);
    expect(bin.code, bin.stderr).to.equal(0);
    expect(Buffer.compare(bin.stdout, readFileSync(FIXTURE))).to.equal(0);
  });

  it('--batch-length minimal writes lengths like Go\'s raw writer', () => {
    const out = join(dir, 'min.trace');
    expect(gotrace(['encode', FIXTURE_TEXT, '-o', out, '--batch-length', 'minimal']).code).to.equal(0);
    expect(readFileSync(out).length).to.be.lessThan(readFileSync(FIXTURE).length);
    const text = gotrace(['decode', out]);
    expect(text.stdout.toString()).to.equal(readFileSync(FIXTURE_TEXT, 'utf8'));
  });

  it('encode --from binary re-encodes a trace, e.g. to Go raw writer lengths and back', () => {
    const min = join(dir, 'min.trace');
    const back = join(dir, 'back.trace');
    expect(gotrace(['encode', FIXTURE, '--from', 'binary', '--batch-length', 'minimal', '-o', min]).code).to.equal(0);
    expect(gotrace(['encode', min, '--batch-length', 'padded', '-o', back]).code).to.equal(0);
    expect(Buffer.compare(readFileSync(back), readFileSync(FIXTURE))).to.equal(0);
  });

  it('never overwrites an existing output without --force', () => {
    const out = join(dir, 'keep.trace');
    writeFileSync(out, 'precious');
    const r = gotrace(['encode', FIXTURE_TEXT, '-o', out]);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.match(/already exists \(use --force to overwrite\)/);
    expect(readFileSync(out, 'utf8')).to.equal('precious');
    expect(gotrace(['encode', FIXTURE_TEXT, '-o', out, '--force']).code).to.equal(0);
    expect(Buffer.compare(readFileSync(out), readFileSync(FIXTURE))).to.equal(0);
  });

  it('truncated binary: exit 1, one line naming the offset, no output file, no temp file', () => {
    const cut = join(dir, 'cut.trace');
    writeFileSync(cut, readFileSync(FIXTURE).subarray(0, 300));
    const out = join(dir, 'cut.txt');
    const r = gotrace(['decode', cut, '-o', out]);
    expect(r.code).to.equal(1);
    expect(r.stderr.trim().split('\n')).to.have.length(1);
    expect(r.stderr).to.match(/^gotrace: .*\(at byte \d+\)\n$/);
    expect(existsSync(out)).to.equal(false);
    expect(readdirSync(dir)).to.deep.equal(['cut.trace']);
  });

  it('bad text: exit 1 with line and column, and no output file', () => {
    const bad = join(dir, 'bad.txt');
    writeFileSync(bad, 'Trace Go1.26\nProcStop dt=x\n');
    const out = join(dir, 'bad.trace');
    const r = gotrace(['encode', bad, '-o', out]);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.equal('gotrace: line 2, column 13: reading args for ProcStop: failed to parse argument value "x" for arg "dt"\n');
    expect(existsSync(out)).to.equal(false);
  });

  it('not a trace, empty input, v1 trace: exit 1 with a clear message', () => {
    const cases: [string | Uint8Array, RegExp][] = [
      ['hello', /not a Go execution trace\? \(at byte 0\)/],
      [new Uint8Array(0), /empty/],
      ['go 1.21 trace\0\0\0\x01', /unsupported version go 1\.21 \(Go 1\.21 or older\)/],
      [new Uint8Array(4096).fill(0xff), /not a Go execution trace/],
    ];
    for (const [input, msg] of cases) {
      const r = gotrace(['decode', '-'], input);
      expect(r.code, String(input)).to.equal(1);
      expect(r.stderr).to.match(msg);
    }
  });

  it('a reader closing the pipe early (| head) ends the command quietly', async () => {
    const { spawn } = await import('node:child_process');
    const big = join(dir, 'big.txt');
    // Several MB of text so that output continues after the reader has gone.
    const text = readFileSync(FIXTURE_TEXT, 'utf8');
    const [head, ...rest] = text.split('\n');
    writeFileSync(big, [head, ...Array.from({ length: 60 }, () => rest.filter(Boolean).join('\n'))].join('\n') + '\n');
    const trace = join(dir, 'big.trace');
    expect(gotrace(['encode', big, '-o', trace]).code).to.equal(0);
    const child = spawn(process.execPath, [GOTRACE_BIN, 'decode', trace]);
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((res) => child.on('close', res));
    expect(stderr).to.equal('');
    expect(code).to.equal(0);
  });

  it('usage errors: exit 2', () => {
    expect(gotrace([]).code).to.equal(2);
    expect(gotrace(['frobnicate']).code).to.equal(2);
    expect(gotrace(['decode']).code).to.equal(2);
    const missing = gotrace(['decode', join(dir, 'nope.trace')]);
    expect(missing.code).to.equal(2);
    expect(missing.stderr).to.match(/no such file/);
  });

  it('a rejected command line runs nothing: one message, no output, exit 2', () => {
    // yargs used to go on to run the handler after reporting the usage error: `stats` with no
    // input also said "undefined: cannot read input", and `dump x --bogus` printed every event.
    for (const args of [['stats'], ['dump', FIXTURE, '--bogus'], ['stacks', FIXTURE, '--top', '3', '--nope'], ['validate', FIXTURE, 'extra']]) {
      const r = gotrace(args);
      expect(r.code, args.join(' ')).to.equal(2);
      expect(r.stdout.length, args.join(' ')).to.equal(0);
      expect(r.stderr.trimEnd().split('\n'), args.join(' ')).to.have.length(2); // the message, then the --help hint
      expect(r.stderr).to.match(/^gotrace: .*\nRun 'gotrace --help' for usage\.\n$/);
    }
  });

  it('events: lists the event table, per version', () => {
    const one = gotrace(['events', 'GoCreate']);
    expect(one.code).to.equal(0);
    expect(one.stdout.toString()).to.match(/^ 14 {2}GoCreate +dt new_g new_stack stack +since 22\n/);
    const v22 = gotrace(['events', '--trace-version', '22']).stdout.toString();
    expect(v22).to.contain('UserLog').and.not.contain('GoSwitch');
    expect(gotrace(['events', 'EndOfGeneration', '--trace-version', '25']).code).to.equal(2);
  });

  it('--help lists the commands with examples', () => {
    const r = gotrace(['--help']);
    expect(r.code).to.equal(0);
    expect(r.stdout.toString()).to.match(/gotrace encode <input>/).and.match(/gotrace decode <input>/);
    expect(gotrace(['encode', '--help']).stdout.toString()).to.match(/Examples:/);
  });
});
