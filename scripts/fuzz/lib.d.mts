/** Types of scripts/fuzz/lib.mjs (for the TypeScript tests that import it). */
export interface Rng {
  float(): number;
  int(n: number): number;
  pick<T>(xs: readonly T[]): T;
  chance(p: number): boolean;
}
export interface MutationContext {
  iterateBatches: (bytes: Uint8Array) => Iterable<unknown>;
  fixtures: Uint8Array[];
}
export type FuzzInput =
  | { kind: 'binary'; name: string; bytes: Uint8Array }
  | { kind: 'text' | 'json'; name: string; text: string };
export interface Corpus {
  binaries: { name: string; bytes: Uint8Array }[];
  texts: { name: string; text: string }[];
  jsons: { name: string; text: string }[];
}
export interface Problem {
  kind: 'crash' | 'disagreement';
  target: string;
  detail: string;
}
export interface RunResult {
  problems: Problem[];
  accepted: boolean;
  events: number;
  out: string;
}
export interface RunOptions {
  wantOutput?: boolean;
  full?: boolean;
  skipOrdered?: boolean;
}
export interface Targets {
  run(input: FuzzInput, seed?: number, opts?: RunOptions): Promise<RunResult>;
  binary(bytes: Uint8Array, seed: number, opts?: RunOptions): Promise<RunResult>;
  text(text: string, seed: number): Promise<RunResult>;
  json(text: string): Promise<RunResult>;
}
export function prng(seed: number): Rng;
export function inputSeed(runSeed: number, i: number): number;
export function hashBytes(bytes: Uint8Array): string;
export function traceSpans(iterateBatches: MutationContext['iterateBatches'], bytes: Uint8Array): { header: number; spans: { start: number; end: number; gen: string; sizeAt: number; sizeWidth: number }[] };
export function mutateBinaryOnce(r: Rng, bytes: Uint8Array, ctx: MutationContext): [string, Uint8Array];
export function mutateBinary(r: Rng, bytes: Uint8Array, ctx: MutationContext): { name: string; bytes: Uint8Array };
export function mutatedFixture(corpus: Corpus, ctx: MutationContext, runSeed: number, i: number): { name: string; bytes: Uint8Array };
export function randomBinary(r: Rng): { name: string; bytes: Uint8Array };
export function mutateText(r: Rng, text: string): { name: string; text: string };
export function randomText(r: Rng): { name: string; text: string };
export function mutateJson(r: Rng, text: string): { name: string; text: string };
export function randomJson(r: Rng): { name: string; text: string };
export function generateInput(corpus: Corpus, ctx: MutationContext, runSeed: number, i: number): FuzzInput;
export function inputBytes(input: FuzzInput): Uint8Array;
export function inputExt(kind: FuzzInput['kind']): 'bin' | 'txt' | 'json';
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function makeTargets(mods: { decoder: any; encoder?: any }): Targets;
