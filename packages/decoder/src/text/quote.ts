/**
 * Go's string quoting (`strconv.Quote` applied to a byte string; wire-format.md §15.4), needed for
 * byte-identical text: the raw text form's `data=` lines and `Event.String()` both use it.
 *
 * Bytes are decoded as strict UTF-8 one sequence at a time; an invalid byte becomes `\xHH` on its
 * own. "Printable" is Go's: Unicode categories L, M, N, P, S, plus U+0020. Our categories come from
 * the JavaScript engine's Unicode tables, which may be newer than Go's (Go 1.24: Unicode 15.0), so
 * characters assigned only in a newer Unicode version print raw here and escaped in Go.
 */

const PRINTABLE = /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u;
const HEX = '0123456789abcdef';

/** Escapes for ASCII (null = print as is). Built once. */
const ASCII_ESCAPE: (string | null)[] = (() => {
  const t: (string | null)[] = new Array(128).fill(null);
  for (let c = 0; c < 128; c++) {
    if (c < 0x20 || c === 0x7f) t[c] = '\\x' + HEX[c >> 4] + HEX[c & 15];
  }
  t[0x07] = '\\a';
  t[0x08] = '\\b';
  t[0x0c] = '\\f';
  t[0x0a] = '\\n';
  t[0x0d] = '\\r';
  t[0x09] = '\\t';
  t[0x0b] = '\\v';
  t[0x22] = '\\"';
  t[0x5c] = '\\\\';
  return t;
})();

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

/** Length of the strict UTF-8 sequence at b[i], or 0 if the bytes there are not a valid one. */
function utf8SeqLen(b: Uint8Array, i: number): number {
  const c = b[i]!;
  const n = b.length;
  const cont = (k: number, lo = 0x80, hi = 0xbf): boolean => i + k < n && b[i + k]! >= lo && b[i + k]! <= hi;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if ((c >= 0xe1 && c <= 0xec) || c === 0xee || c === 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (c === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0; // no surrogates
  if (c === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (c >= 0xf1 && c <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (c === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0; // ≤ U+10FFFF
  return 0;
}

function decodeSeq(b: Uint8Array, i: number, len: number): number {
  const c = b[i]!;
  if (len === 2) return ((c & 0x1f) << 6) | (b[i + 1]! & 0x3f);
  if (len === 3) return ((c & 0x0f) << 12) | ((b[i + 1]! & 0x3f) << 6) | (b[i + 2]! & 0x3f);
  return ((c & 0x07) << 18) | ((b[i + 1]! & 0x3f) << 12) | ((b[i + 2]! & 0x3f) << 6) | (b[i + 3]! & 0x3f);
}

/** Quotes bytes exactly as Go's `strconv.Quote(string(b))`. */
export function goQuote(b: Uint8Array): string {
  let out = '"';
  let runStart = 0;
  const n = b.length;
  let i = 0;
  // ASCII-printable runs are copied in one piece; everything else goes through the rules.
  const flush = (to: number): void => {
    if (to > runStart) out += latin1(b, runStart, to);
  };
  while (i < n) {
    const c = b[i]!;
    if (c < 0x80) {
      const esc = ASCII_ESCAPE[c]!;
      if (esc === null) {
        i++;
        continue;
      }
      flush(i);
      out += esc;
      i++;
      runStart = i;
      continue;
    }
    flush(i);
    const len = utf8SeqLen(b, i);
    if (len === 0) {
      out += '\\x' + HEX[c >> 4] + HEX[c & 15];
      i++;
      runStart = i;
      continue;
    }
    const r = decodeSeq(b, i, len);
    const ch = String.fromCodePoint(r);
    if (PRINTABLE.test(ch)) out += ch;
    else if (r < 0x10000) out += '\\u' + hex(r, 4);
    else out += '\\U' + hex(r, 8);
    i += len;
    runStart = i;
  }
  flush(n);
  return out + '"';
}

/** Quotes a JavaScript string (as its UTF-8 bytes) the way Go quotes it. */
export function goQuoteString(s: string): string {
  return goQuote(UTF8.encode(s));
}

const UTF8 = new TextEncoder();

/** ASCII bytes b[from..to) as a string. */
function latin1(b: Uint8Array, from: number, to: number): string {
  if (to - from < 64) {
    let s = '';
    for (let k = from; k < to; k++) s += String.fromCharCode(b[k]!);
    return s;
  }
  let s = '';
  // Chunked: apply() with a huge argument list can overflow the stack.
  for (let k = from; k < to; k += 8192) {
    s += String.fromCharCode.apply(null, b.subarray(k, Math.min(to, k + 8192)) as unknown as number[]);
  }
  return s;
}
