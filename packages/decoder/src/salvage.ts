/**
 * Salvage mode: like `go tool trace` on a damaged file, keep every complete generation before
 * the damage and drop the rest, reporting what was lost. Events are held back one generation
 * (memory stays bounded by a generation) and released once the next generation has loaded or
 * the trace has ended cleanly.
 */
import { SYNC_TYPE, type Event } from './event.js';
import { goErrorMessage } from './validation-error.js';

export interface SalvageReport {
  /** The error that stopped reading. */
  readonly error: Error;
  /** Go's text of that error. */
  readonly goMessage: string;
  /** Events of the damaged (incomplete) generation that were read but dropped. */
  readonly lostEvents: number;
  /** Input bytes from the start of the damaged generation to the end of the input (−1 if unknown). */
  readonly lostBytes: number;
  /** Complete generations kept. */
  readonly generationsKept: number;
}

export class Salvager {
  private held: Event[] = [];
  private ready: Event[] = [];
  private readyIdx = 0;
  private finished = false;
  private gensKept = 0;
  /** Set when reading stopped at damage. */
  report: SalvageReport | undefined;

  /** Whether an event (or the end) can be taken without reading more. */
  get hasOutput(): boolean {
    return this.readyIdx < this.ready.length || this.finished;
  }

  /** The next event to deliver, null at the end; undefined when more input is needed. */
  take(): Event | null | undefined {
    if (this.readyIdx < this.ready.length) {
      const ev = this.ready[this.readyIdx]!;
      this.ready[this.readyIdx++] = undefined as unknown as Event;
      return ev;
    }
    return this.finished ? null : undefined;
  }

  /** Feeds one event from the reader; `closesComplete` is ReaderCore.lastSyncClosesComplete. */
  event(ev: Event, closesComplete: boolean): void {
    if (ev.type === SYNC_TYPE && closesComplete) this.release();
    this.held.push(ev);
  }

  end(): void {
    this.release();
    this.finished = true;
  }

  /**
   * Reading failed: drop the held (incomplete) generation. `totalBytes` < 0 when unknown;
   * `loadStart` is where the generation that failed to load starts.
   */
  fail(e: unknown, totalBytes: number, loadStart: number): void {
    const held = this.held;
    let start = -1;
    for (const ev of held) {
      if (ev.offset >= 0) {
        start = ev.offset;
        break;
      }
    }
    if (start < 0) start = loadStart;
    if (start < 0 && e && typeof e === 'object' && 'offset' in e && typeof (e as { offset: unknown }).offset === 'number') {
      start = (e as { offset: number }).offset;
    }
    const lostEvents = held.filter((ev) => ev.type !== SYNC_TYPE || ev.tables !== undefined).length;
    this.report = {
      error: e instanceof Error ? e : new Error(String(e)),
      goMessage: goErrorMessage(e),
      lostEvents,
      lostBytes: totalBytes >= 0 && start >= 0 ? Math.max(0, totalBytes - start) : -1,
      generationsKept: this.gensKept,
    };
    this.held = [];
    this.finished = true;
  }

  private release(): void {
    if (this.held.length === 0) return;
    if (this.held[0]!.type === SYNC_TYPE && this.held[0]!.tables) this.gensKept++;
    if (this.readyIdx >= this.ready.length) {
      this.ready = this.held;
      this.readyIdx = 0;
    } else {
      for (const ev of this.held) this.ready.push(ev);
    }
    this.held = [];
  }
}
