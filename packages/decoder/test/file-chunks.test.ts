/** fileChunks: a file read through two reused buffers, closed however reading ends. */
import { expect } from 'chai';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileChunks } from '../src/node.js';
import { concat } from './helpers.js';
import { rejection } from './support/thrown.js';

const openFds = (): number => readdirSync('/proc/self/fd').length;
const haveProc = existsSync('/proc/self/fd');

describe('fileChunks (Node)', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'gotrace-chunks-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('yields the file exactly, for any chunk size; an empty file yields nothing', async () => {
    const bytes = new Uint8Array(10_000).map((_, i) => (i * 31) % 251);
    const f = join(dir, 'data');
    writeFileSync(f, bytes);
    for (const size of [1, 7, 4096, 1 << 20]) {
      const got: Uint8Array[] = [];
      for await (const c of fileChunks(f, size)) got.push(c.slice());
      expect(concat(...got), `chunk size ${size}`).to.deep.equal(bytes);
      expect(got.every((c) => c.length <= size)).to.equal(true);
    }
    writeFileSync(join(dir, 'empty'), new Uint8Array(0));
    const none: Uint8Array[] = [];
    for await (const c of fileChunks(join(dir, 'empty'))) none.push(c);
    expect(none).to.deep.equal([]);
  });

  it('reuses two buffers in turn (nothing allocated per chunk)', async () => {
    const f = join(dir, 'data');
    const buffers: ArrayBufferLike[] = [];
    for await (const c of fileChunks(f, 1000)) buffers.push(c.buffer);
    expect(buffers.length).to.equal(10);
    expect(new Set(buffers).size).to.equal(2);
    expect(buffers[0]).to.equal(buffers[2]);
    expect(buffers[1]).to.equal(buffers[3]);
  });

  (haveProc ? it : it.skip)('closes the file at the end, on return() and on break', async () => {
    const f = join(dir, 'data');
    const before = openFds();
    for await (const _ of fileChunks(f, 100)) void _;
    expect(openFds()).to.equal(before);
    for await (const _ of fileChunks(f, 100)) break;
    expect(openFds()).to.equal(before);
    const it = fileChunks(f, 100);
    await it.next();
    expect(openFds()).to.equal(before + 1);
    await it.return();
    expect(openFds()).to.equal(before);
  });

  it('a missing file rejects at the first read; a wrong argument throws at once', async () => {
    const it = fileChunks(join(dir, 'nope'));
    const e = (await rejection(() => it.next())) as NodeJS.ErrnoException;
    expect(e.code).to.equal('ENOENT');
    expect(() => fileChunks(42 as never)).to.throw(TypeError, 'file path: expected a string or file: URL, got a number (42)');
    expect(() => fileChunks(join(dir, 'data'), 0)).to.throw(RangeError, 'chunkSize');
    expect(readFileSync(join(dir, 'data')).length).to.equal(10_000);
  });
});
