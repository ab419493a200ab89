/**
 * The writer's model of the traced program: what the runtime knows when it writes an event
 * (goroutine and proc statuses, sequence numbers, which generation last described each of
 * them, ranges in flight). It drives what the writer fills in and what strict mode checks.
 */
import type { Stack } from '@gotrace/stack-table';
import { GoStatus, ProcStatus } from '@gotrace/decoder/format';

export interface GState {
  readonly id: number;
  status: GoStatus;
  /** Thread it runs on / is in a syscall on, or -1. */
  m: number;
  /** Last sequence number written for it in `statusGen`. */
  seq: number;
  /** Generation in which its status was last written (or it was created); 0 = never. */
  statusGen: number;
  /** Mark assist in flight. */
  assist: boolean;
  /** STW ranges in flight (kind strings). */
  stw: string[];
  /** Open user regions, innermost last. */
  regions: { task: number; name: string }[];
  /** Declared as pre-existing (regions may predate the trace). */
  readonly declared: boolean;
  /** Where it blocked (for GoStatusStack in the end-of-generation status batch, ≥ 23). */
  waitStack: Stack | undefined;
}

export interface PState {
  readonly id: number;
  status: ProcStatus;
  /** Thread holding it (Running or Syscall), or -1. */
  m: number;
  seq: number;
  statusGen: number;
  /** Sweep in flight on this P. */
  sweep: boolean;
}

export interface MState {
  readonly m: number;
  /** Proc held, or -1. */
  p: number;
  /** Goroutine running (or in a syscall) on it, or -1. */
  g: number;
}

export function newG(id: number, status: GoStatus, m: number, declared: boolean): GState {
  return { id, status, m, seq: 0, statusGen: 0, assist: false, stw: [], regions: [], declared, waitStack: undefined };
}

export function newP(id: number, status: ProcStatus, m: number): PState {
  return { id, status, m, seq: 0, statusGen: 0, sweep: false };
}

export const GO_STATUS_BY_NAME = {
  runnable: GoStatus.Runnable,
  running: GoStatus.Running,
  syscall: GoStatus.Syscall,
  waiting: GoStatus.Waiting,
} as const;
export type GoStatusName = keyof typeof GO_STATUS_BY_NAME;

export const PROC_STATUS_BY_NAME = {
  running: ProcStatus.Running,
  idle: ProcStatus.Idle,
  syscall: ProcStatus.Syscall,
} as const;
export type ProcStatusName = keyof typeof PROC_STATUS_BY_NAME;

export function goStatusName(s: GoStatus): string {
  return ['bad', 'runnable', 'running', 'in a syscall', 'waiting'][s] ?? String(s);
}
export function procStatusName(s: ProcStatus): string {
  return ['bad', 'running', 'idle', 'in a syscall', 'abandoned in a syscall'][s] ?? String(s);
}
