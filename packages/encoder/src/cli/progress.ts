/**
 * A progress bar on stderr for big inputs, only when stderr is a terminal (never in pipes, logs
 * or tests). Counts the bytes flowing through a source.
 */
import { stat } from 'node:fs/promises';

const MIN_SIZE = 16 << 20;

export class Progress {
  private seen = 0;
  private last = 0;
  private shown = false;
  private constructor(private readonly total: number, private readonly label: string) {}

  /** A progress bar for reading `path`, or undefined when none should be shown. */
  static async forFile(path: string, label: string): Promise<Progress | undefined> {
    if (path === '-' || !process.stderr.isTTY) return undefined;
    const size = (await stat(path)).size;
    return size >= MIN_SIZE ? new Progress(size, label) : undefined;
  }

  /** Passes chunks through, counting them. */
  async *count(src: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    for await (const c of src) {
      this.seen += c.length;
      const now = Date.now();
      if (now - this.last > 150) {
        this.last = now;
        this.draw();
      }
      yield c;
    }
  }

  private draw(): void {
    const f = Math.min(1, this.seen / this.total);
    const width = 30;
    const bar = '#'.repeat(Math.round(f * width)).padEnd(width, '.');
    process.stderr.write(`\r${this.label} [${bar}] ${(f * 100).toFixed(0).padStart(3)}% ${(this.seen / 1e6).toFixed(0)}/${(this.total / 1e6).toFixed(0)} MB`);
    this.shown = true;
  }

  /** Clears the bar. */
  done(): void {
    if (this.shown) process.stderr.write('\r\x1b[K');
  }
}

/** Wraps a source with an optional progress bar. */
export function withProgress(src: AsyncIterable<Uint8Array>, p: Progress | undefined): AsyncIterable<Uint8Array> {
  return p ? p.count(src) : src;
}
