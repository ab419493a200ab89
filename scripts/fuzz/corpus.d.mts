/** Types of scripts/fuzz/corpus.mjs. */
import type { Corpus } from './lib.mjs';
export const ROOT: string;
export const REGRESSIONS: string;
export function loadCorpus(root?: string, options?: { maxTextBytes?: number }): Corpus;
