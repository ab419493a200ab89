/** The README's TraceWriter example runs as written and produces a trace our reader accepts. */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkerOutput } from './support/read.js';

const HERE = dirname(fileURLToPath(import.meta.url));

describe('README example', () => {
  it('runs and writes a valid trace', () => {
    const readme = readFileSync(join(HERE, '..', 'README.md'), 'utf8');
    const m = /<!-- example:start -->\s*```js\n([\s\S]*?)```\s*<!-- example:end -->/.exec(readme);
    expect(m, 'example block').to.not.equal(null);
    const dir = mkdtempSync(join(tmpdir(), 'gotrace-readme-'));
    const out = join(dir, 'example.trace');
    // Run next to the package so that '@gotrace/encoder' resolves (to src, through tsx).
    const file = join(HERE, `.readme-example-${process.pid}.mts`);
    writeFileSync(file, m![1]!.replace("'example.trace'", JSON.stringify(out)));
    try {
      const r = spawnSync(process.execPath, ['--import', 'tsx', file], { encoding: 'utf8' });
      expect(r.status, r.stderr).to.equal(0);
      const text = checkerOutput(readFileSync(out));
      expect(text).to.match(/OK \d+\n$/);
      expect(text).to.contain('RegionEnd');
    } finally {
      rmSync(file, { force: true });
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
