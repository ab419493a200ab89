import type { U64 } from './u64.js';

/** What a symbolizer reports for one PC (the frame at that PC). */
export interface SymbolInfo {
  func: string;
  file: string;
  line: number | bigint;
}

/**
 * PC → frame. Called at dump time, at most once per distinct PC per generation, so "same PC ⇒
 * same frame" holds within a generation even if the callback were not deterministic.
 */
export type Symbolizer = (pc: U64) => SymbolInfo;
