/**
 * Parsing a Go string literal into bytes (what Go's text reader accepts on a `data=` line,
 * wire-format.md §15.3): "double-quoted" with Go escapes, `raw` (CRs removed), or a one-character
 * 'single-quoted' literal. Returns the bytes, or an error string (caller adds the location).
 */

const UTF8 = new TextEncoder();

export type UnquoteResult = { ok: true; bytes: Uint8Array } | { ok: false; reason: string };

const SIMPLE: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92 };

export function goUnquote(lit: string): UnquoteResult {
  const bad: UnquoteResult = { ok: false, reason: 'invalid syntax' };
  if (lit.length < 2) return bad;
  const q = lit[0];
  if (lit[lit.length - 1] !== q) return bad;
  const body = lit.slice(1, -1);
  if (q === '`') {
    if (body.includes('`')) return bad;
    return { ok: true, bytes: UTF8.encode(body.replace(/\r/g, '')) };
  }
  if (q === "'") {
    // A rune literal: exactly one character, or exactly one escape.
    if (body[0] !== '\\') return [...body].length === 1 ? { ok: true, bytes: UTF8.encode(body) } : bad;
    if (!/^\\([abfnrtv\\']|x[0-9a-fA-F]{2}|[0-7]{3}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8})$/.test(body)) return bad;
    return unescapeBody(body, "'");
  }
  if (q !== '"') return bad;
  return unescapeBody(body, '"');
}

function unescapeBody(body: string, quote: string): UnquoteResult {
  const bad: UnquoteResult = { ok: false, reason: 'invalid syntax' };
  const out: number[] = [];
  let i = 0;
  const n = body.length;
  while (i < n) {
    const ch = body[i]!;
    if (ch === quote || ch === '\n') return bad;
    if (ch !== '\\') {
      // Copy a run of ordinary characters as UTF-8.
      let j = i + 1;
      while (j < n && body[j] !== '\\' && body[j] !== quote && body[j] !== '\n') j++;
      for (const b of UTF8.encode(body.slice(i, j))) out.push(b);
      i = j;
      continue;
    }
    if (i + 1 >= n) return bad;
    const e = body[i + 1]!;
    i += 2;
    if (e in SIMPLE) {
      out.push(SIMPLE[e]!);
    } else if (e === quote) {
      out.push(quote.charCodeAt(0));
    } else if (e === 'x') {
      const h = body.slice(i, i + 2);
      if (!/^[0-9a-fA-F]{2}$/.test(h)) return bad;
      out.push(parseInt(h, 16));
      i += 2;
    } else if (e >= '0' && e <= '7') {
      const o = body.slice(i - 1, i + 2);
      if (!/^[0-7]{3}$/.test(o)) return bad;
      const v = parseInt(o, 8);
      if (v > 255) return bad;
      out.push(v);
      i += 2;
    } else if (e === 'u' || e === 'U') {
      const w = e === 'u' ? 4 : 8;
      const h = body.slice(i, i + w);
      if (h.length !== w || !/^[0-9a-fA-F]+$/.test(h)) return bad;
      const cp = parseInt(h, 16);
      if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return bad;
      for (const b of UTF8.encode(String.fromCodePoint(cp))) out.push(b);
      i += w;
    } else {
      return bad;
    }
  }
  return { ok: true, bytes: Uint8Array.from(out) };
}
