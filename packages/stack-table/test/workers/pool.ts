/** Deterministic stack pool shared by the shared-table tests and their workers. */

/** Stack k: a unique leaf PC (so any torn entry is recognisable) over heavily shared outer PCs. */
export function poolStack(k: number): (number | bigint)[] {
  const len = 1 + ((k * 7919) % 48);
  const pcs: (number | bigint)[] = [0x100000 + k];
  for (let i = 1; i < len; i++) pcs.push(0x400000 + ((k * 31 + i * 17) % 509) * 16);
  if (k % 13 === 0 && len > 1) pcs[1] = 2n ** 63n + BigInt(k % 5); // some PCs above 2^53
  return pcs;
}

/** Inverse of the leaf PC. */
export function poolIndex(leafPc: number | bigint): number {
  return Number(leafPc) - 0x100000;
}

/** Small deterministic PRNG (xorshift32). */
export function rng(seed: number): () => number {
  let x = seed | 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}
