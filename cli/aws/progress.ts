import type { Writable } from 'node:stream';

/** Receives progress of a long API read. */
export interface ProgressSink {
  /** Called after each page. */
  page(pages: number, items: number): void;
  /** Called once when the read ends, well or not. */
  done(): void;
}

/** Discards progress, for non-TTY stderr where progress lines would only clutter logs. */
export const NO_PROGRESS: ProgressSink = { page: () => undefined, done: () => undefined };

/**
 * Draws `GetFindings: page 12, 1,200 findings, 850/s` on one stderr line, at most five times a
 * second. Used only when stderr is a TTY, so redirected output and CI logs stay clean.
 */
export class TtyProgress implements ProgressSink {
  private readonly started = Date.now();
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly stderr: Writable,
    private readonly operation: string,
    private readonly noun: string,
  ) {}

  public page(pages: number, items: number): void {
    const now = Date.now();
    if (now - this.lastDraw < 200) return;
    this.lastDraw = now;
    const rate = items / Math.max((now - this.started) / 1000, 0.001);
    this.stderr.write(
      `\r${this.operation}: page ${pages.toLocaleString('en-US')}, ${items.toLocaleString('en-US')} ${this.noun}, ${Math.round(rate).toLocaleString('en-US')}/s\x1b[K`,
    );
    this.drawn = true;
  }

  public done(): void {
    if (this.drawn) this.stderr.write('\r\x1b[K');
  }
}

/** The progress sink for a stream: drawn on a TTY, silent otherwise. */
export function progressFor(stderr: Writable & { isTTY?: boolean }, operation: string, noun: string): ProgressSink {
  return stderr.isTTY ? new TtyProgress(stderr, operation, noun) : NO_PROGRESS;
}
