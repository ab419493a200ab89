/** API-level goroutine and proc states (reader-semantics.md §9) and the wire → API mapping. */

export const GoState = {
  Undetermined: 0,
  NotExist: 1,
  Runnable: 2,
  Running: 3,
  Waiting: 4,
  Syscall: 5,
} as const;
export type GoState = (typeof GoState)[keyof typeof GoState];

export const ProcState = {
  Undetermined: 0,
  NotExist: 1,
  Running: 2,
  Idle: 3,
} as const;
export type ProcState = (typeof ProcState)[keyof typeof ProcState];

export const GO_STATE_NAMES: readonly string[] = ['Undetermined', 'NotExist', 'Runnable', 'Running', 'Waiting', 'Syscall'];
export const PROC_STATE_NAMES: readonly string[] = ['Undetermined', 'NotExist', 'Running', 'Idle'];

export function goStateName(s: number): string {
  return GO_STATE_NAMES[s] ?? 'Bad';
}
export function procStateName(s: number): string {
  return PROC_STATE_NAMES[s] ?? 'Bad';
}

/** Wire goroutine status (Bad, Runnable, Running, Syscall, Waiting) → API state. */
export const WIRE_GO_TO_STATE: readonly GoState[] = [GoState.Undetermined, GoState.Runnable, GoState.Running, GoState.Syscall, GoState.Waiting];
/** Wire proc status (Bad, Running, Idle, Syscall, SyscallAbandoned) → API state. */
export const WIRE_PROC_TO_STATE: readonly ProcState[] = [ProcState.Undetermined, ProcState.Running, ProcState.Idle, ProcState.Running, ProcState.Idle];

/** How Go prints wire statuses inside error messages. */
export function wireGoStatusName(s: number): string {
  return ['Bad', 'Runnable', 'Running', 'Syscall', 'Waiting'][s] ?? 'Bad';
}
export function wireProcStatusName(s: number): string {
  return ['Bad', 'Running', 'Idle', 'Syscall'][s] ?? 'Bad';
}
