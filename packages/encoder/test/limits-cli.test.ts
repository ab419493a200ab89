/**
 * Hostile input through the command line (issue 6): `gotrace decode -` fed a 1 GB stream on
 * standard input (generated lazily, never on disk) stops with exit 1 and one line on stderr after
 * reading a few megabytes at most — random bytes, and a trace claiming one huge batch.
 */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { headerBytes } from '@gotrace/decoder';
import { GOTRACE_BIN } from './paths.js';

const GB = 1 << 30;

function feed(head: Uint8Array, fill: (b: Uint8Array, k: number) => void): Promise<{ code: number | null; stderr: string; written: number; ms: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const p = spawn(process.execPath, [GOTRACE_BIN, 'decode', '-'], { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    let written = 0;
    let closed = false;
    p.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    p.stdin.on('error', () => {}); // EPIPE once the CLI has given up: expected
    p.on('error', reject);
    p.on('close', (code) => {
      closed = true;
      resolve({ code, stderr, written, ms: performance.now() - t0 });
    });
    let k = 0;
    const pump = (): void => {
      while (!closed && written < GB) {
        const chunk = k === 0 ? head : new Uint8Array(1 << 20);
        if (k > 0) fill(chunk, k);
        k++;
        written += chunk.length;
        if (!p.stdin.write(chunk)) {
          p.stdin.once('drain', pump);
          return;
        }
      }
      if (!closed) p.stdin.end();
    };
    pump();
  });
}

describe('CLI: 1 GB on standard input is rejected early', function () {
  this.timeout(30_000);

  it('random bytes after a valid header: exit 1, one line, a few MB read', async () => {
    let x = 12345;
    const r = await feed(headerBytes(26), (b) => {
      for (let i = 0; i < b.length; i++) {
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        b[i] = x & 0xff;
      }
    });
    expect(r.code).to.equal(1);
    expect(r.stderr.trimEnd().split('\n')).to.have.length(1);
    expect(r.written).to.be.below(64 << 20);
    expect(r.ms).to.be.below(10_000); // includes starting node
  });

  it('one batch claiming a gigabyte: exit 1, one line, a few MB read', async () => {
    const claim = [0x01, 0x01, 0x00, 0x00, ...[0x80 | ((GB - 40) & 0x7f), 0x80 | (((GB - 40) >> 7) & 0x7f), 0x80 | (((GB - 40) >> 14) & 0x7f), 0x80 | (((GB - 40) >> 21) & 0x7f), ((GB - 40) >> 28) & 0x7f]];
    const head = new Uint8Array([...headerBytes(26), ...claim]);
    const r = await feed(head, () => {});
    expect(r.code).to.equal(1);
    expect(r.stderr.trimEnd().split('\n')).to.have.length(1);
    expect(r.written).to.be.below(64 << 20);
    expect(r.ms).to.be.below(10_000);
  });
});
