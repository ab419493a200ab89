/**
 * Feeds a text trace's byte chunks to a TextParser line by line (TextParser.bytesLine), without
 * decoding the input to strings: a line is handed over as a range of the chunk it lies in, and
 * only a line cut by a chunk boundary is copied (with its head from the chunk before).
 */
import type { ChunkSource } from '../wire/source.js';
import { lineTooLong, type TextParser } from './reader.js';

const EMPTY = new Uint8Array(0);

export class ByteLines {
  private buf: Uint8Array = EMPTY;
  private pos = 0;
  /** The start of a line cut by the end of the previous chunk(s), in pieces (joined once). */
  private carry: Uint8Array[] = [];
  private carried = 0;
  private lineNo = 0;

  constructor(
    private readonly source: ChunkSource,
    private readonly parser: TextParser,
    private readonly maxLineBytes: number,
  ) {}

  /**
   * Feeds the lines of one chunk (reading the next chunk when the current one is used up), or
   * until `stop()` says so after a line. Resolves to false once the input has ended (its last,
   * unterminated line fed), true otherwise.
   */
  async pump(stop?: () => boolean): Promise<boolean> {
    if (this.pos >= this.buf.length) {
      const r = await this.source.next();
      if (r.done) {
        if (this.carried > 0) {
          const c = this.takeCarry(EMPTY);
          this.parser.bytesLine(c, 0, c.length, ++this.lineNo);
        }
        return false;
      }
      this.buf = r.value;
      this.pos = 0;
    }
    const buf = this.buf;
    const parser = this.parser;
    let p = this.pos;
    while (p < buf.length) {
      const nl = buf.indexOf(0x0a, p);
      if (nl < 0) {
        // No line ends in the rest of this chunk: keep it for the next, within the line limit.
        this.carried += buf.length - p;
        if (this.carried > this.maxLineBytes) throw lineTooLong(this.lineNo + 1, this.maxLineBytes);
        // A copy: the source may reuse its chunk.
        this.carry.push(buf.slice(p));
        p = buf.length;
        break;
      }
      if (this.carried > 0) {
        const line = this.takeCarry(buf.subarray(p, nl));
        parser.bytesLine(line, 0, line.length, ++this.lineNo);
      } else {
        parser.bytesLine(buf, p, nl, ++this.lineNo);
      }
      p = nl + 1;
      if (stop !== undefined && stop()) break;
    }
    this.pos = p;
    return true;
  }

  /** The carried pieces and `tail` as one line; the carry is emptied. */
  private takeCarry(tail: Uint8Array): Uint8Array {
    // Joined in a loop: a long line in tiny chunks has too many pieces to spread into a call.
    const line = new Uint8Array(this.carried + tail.length);
    let o = 0;
    for (const piece of this.carry) {
      line.set(piece, o);
      o += piece.length;
    }
    line.set(tail, o);
    this.carry = [];
    this.carried = 0;
    return line;
  }
}
