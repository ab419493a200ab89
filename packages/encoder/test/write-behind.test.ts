/** WriteBehind: the CLI's one-write-in-flight output, in order, with errors never lost or unhandled. */
import { expect } from 'chai';
import { WriteBehind, type Output } from '../src/cli/io.js';

function slowOutput(log: string[], failAt = -1): Output {
  let n = 0;
  let inFlight = 0;
  return {
    async write(chunk) {
      const i = n++;
      inFlight++;
      expect(inFlight, 'one write at a time').to.equal(1);
      log.push(`start ${String(chunk instanceof Uint8Array ? chunk[0] : chunk)}`);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      if (i === failAt) throw new Error(`disk full at write ${i}`);
      log.push(`end ${String(chunk instanceof Uint8Array ? chunk[0] : chunk)}`);
    },
    async commit() {},
    async abort() {},
  };
}

describe('CLI output: WriteBehind', () => {
  it('returns before the write is done, keeps the order, drain() waits for the last', async () => {
    const log: string[] = [];
    const w = new WriteBehind(slowOutput(log));
    await w.write(Uint8Array.of(1));
    expect(log).to.deep.equal(['start 1']); // still running: the caller goes on meanwhile
    await w.write(Uint8Array.of(2)); // waits for 1 first
    await w.write(Uint8Array.of(3));
    await w.drain();
    expect(log).to.deep.equal(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
  });

  it("a failed write's error comes out of the next write() or drain(), and is not unhandled", async () => {
    let unhandled = 0;
    const onUnhandled = (): void => void unhandled++;
    process.on('unhandledRejection', onUnhandled);
    try {
      const w = new WriteBehind(slowOutput([], 0));
      await w.write(Uint8Array.of(1));
      let err: unknown;
      try {
        await w.write(Uint8Array.of(2));
      } catch (e) {
        err = e;
      }
      expect(String(err)).to.contain('disk full at write 0');
      const w2 = new WriteBehind(slowOutput([], 0));
      await w2.write(Uint8Array.of(1));
      let err2: unknown;
      await w2.drain().catch((e: unknown) => (err2 = e));
      expect(String(err2)).to.contain('disk full at write 0');
      await new Promise((r) => setTimeout(r, 20));
      expect(unhandled).to.equal(0);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
