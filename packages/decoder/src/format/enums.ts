/** Enumerations carried in event arguments (wire-format.md §14). */

/** Goroutine status (`gstatus` arguments). */
export const GoStatus = {
  Bad: 0,
  Runnable: 1,
  Running: 2,
  Syscall: 3,
  Waiting: 4,
} as const;
export type GoStatus = (typeof GoStatus)[keyof typeof GoStatus];

/** P status (`pstatus` arguments). */
export const ProcStatus = {
  Bad: 0,
  Running: 1,
  Idle: 2,
  Syscall: 3,
  /** Only in status events, when a P is first mentioned by a ProcSteal. */
  SyscallAbandoned: 4,
} as const;
export type ProcStatus = (typeof ProcStatus)[keyof typeof ProcStatus];

/** Experiments that own experimental events and batches. */
export const Experiment = {
  None: 0,
  AllocFree: 1,
} as const;
export type Experiment = (typeof Experiment)[keyof typeof Experiment];

export const GO_STATUS_NAMES: readonly string[] = ['Bad', 'Runnable', 'Running', 'Syscall', 'Waiting'];
export const PROC_STATUS_NAMES: readonly string[] = ['Bad', 'Running', 'Idle', 'Syscall', 'SyscallAbandoned'];
export const EXPERIMENT_NAMES: readonly string[] = ['None', 'AllocFree'];

/** The all-ones u64: "no thread" / "no P" on the wire (−1 as a signed 64-bit ID). */
export const NO_ID = 0xffff_ffff_ffff_ffffn;
