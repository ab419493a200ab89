/**
 * Trace format versions. The number is the Go minor version in the file header
 * (`go 1.NN trace\0\0\0`); Go 1.24 writes 23, and there is no 24.
 */

/** Versions of the v2 ("generational") format that this library reads and writes. */
export const TRACE_VERSIONS = [22, 23, 25, 26] as const;
export type TraceVersion = (typeof TRACE_VERSIONS)[number];

/** The newest version; what writers produce by default. */
export const CURRENT_VERSION: TraceVersion = 26;

/** v1 header numbers: recognised so that we can say "too old" instead of "not a trace". */
export const V1_VERSIONS = [11, 19, 21] as const;
export type V1Version = (typeof V1_VERSIONS)[number];

/** Which Go release wrote which version (for messages and docs). */
export const WRITTEN_BY: Readonly<Record<TraceVersion, string>> = {
  22: 'Go 1.22',
  23: 'Go 1.23 and Go 1.24',
  25: 'Go 1.25',
  26: 'Go 1.26',
};

export function isTraceVersion(v: number): v is TraceVersion {
  return v === 22 || v === 23 || v === 25 || v === 26;
}

export function isV1Version(v: number): v is V1Version {
  return v === 11 || v === 19 || v === 21;
}

/** Version-dependent framing facts, derived in one place so reader and writer agree. */
export interface VersionFeatures {
  /** 25+: a sync batch (Sync + Frequency + ClockSnapshot) instead of a lone Frequency batch. */
  readonly syncBatch: boolean;
  /** 26+: an explicit EndOfGeneration byte after each generation. */
  readonly endOfGenerationMarker: boolean;
  /** 23+: experimental batches, coroutine switch events, GoStatusStack. */
  readonly experimentalBatches: boolean;
}

export function versionFeatures(v: TraceVersion): VersionFeatures {
  return {
    syncBatch: v >= 25,
    endOfGenerationMarker: v >= 26,
    experimentalBatches: v >= 23,
  };
}
