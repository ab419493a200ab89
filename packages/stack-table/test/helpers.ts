import type { Frame, Stack } from '../src/frame.js';
import { CollectingSink } from '../src/sink.js';
import { GenerationStacks } from '../src/reader.js';

/** Decodes everything a sink collected back into stacks by ID. */
export function readBack(sink: CollectingSink): GenerationStacks {
  const g = new GenerationStacks();
  for (const s of sink.strings) g.addString(s.id, s.bytes);
  for (const s of sink.stacks) g.addStack(s.id, s.frames);
  g.validate();
  return g;
}

/** A deterministic frame for a pc (so "same pc ⇒ same frame" holds in generated data). */
export function frameFor(pc: number | bigint): Frame {
  const p = typeof pc === 'bigint' ? pc : pc;
  return { pc: p, func: `pkg.f${pc}`, file: `/src/pkg/file${Number(BigInt(pc) % 7n)}.go`, line: Number(BigInt(pc) % 1000n) + 1 };
}

export function stackOf(pcs: readonly (number | bigint)[]): Stack {
  return pcs.map(frameFor);
}
