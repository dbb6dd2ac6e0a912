/** Where the bar is drawn: process.stderr, or a test double. */
export interface ProgressOutput {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface ProgressSnapshot {
  done: number;
  /** Unknown when the event store cannot count cheaply; then there is no percent and no ETA. */
  total?: number;
  elapsedMs: number;
}

const number = new Intl.NumberFormat('en-US');

/** Events per second since the start; 0 before anything was measured. */
export function rate({ done, elapsedMs }: ProgressSnapshot): number {
  return elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
}

/** Time left at the average rate so far; undefined while there is no rate or no total. */
export function etaMs(snapshot: ProgressSnapshot): number | undefined {
  const perSecond = rate(snapshot);
  if (snapshot.total === undefined || perSecond <= 0) return undefined;
  return (Math.max(snapshot.total - snapshot.done, 0) / perSecond) * 1000;
}

/** 950 ms → "1s", 65 s → "1m05s", 2 h → "2h00m". */
export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

/**
 * One line of progress, e.g.
 * `stream_summaries [██████████░░░░░░░░░░░░░░]  42%  1,260/3,000 events  850 events/s  ETA 2s`.
 * The bar is left out for log lines (`width` 0).
 */
export function formatProgress(label: string, snapshot: ProgressSnapshot, width = 24): string {
  const { done, total } = snapshot;
  const parts = [label];
  if (total !== undefined) {
    // Events appended during the replay can carry `done` past the count taken at the start.
    const fraction = total > 0 ? Math.min(done / total, 1) : 1;
    const filled = Math.round(fraction * width);
    if (width > 0) parts.push(`[${'█'.repeat(filled)}${'░'.repeat(width - filled)}]`);
    parts.push(`${String(Math.floor(fraction * 100)).padStart(3)}%`);
    parts.push(`${number.format(done)}/${number.format(Math.max(total, done))} events`);
  } else {
    parts.push(`${number.format(done)} events`);
  }
  parts.push(`${number.format(Math.round(rate(snapshot)))} events/s`);
  const eta = etaMs(snapshot);
  parts.push(`ETA ${eta === undefined ? '--' : formatDuration(eta)}`);
  return parts.join('  ');
}

export interface ProgressBarOptions {
  /** Redraws at most this often on a terminal. */
  redrawMs?: number;
  /** Without a terminal (CI logs, pipes): one line this often. */
  lineEveryMs?: number;
  now?: () => number;
}

/**
 * Draws progress on stderr: redrawn in place on a terminal; on anything else, where a carriage
 * return would leave one endless line, a plain line every few seconds instead.
 */
export class ProgressBar {
  private readonly started: number;
  private lastDrawn = -Infinity;
  private done = 0;

  constructor(
    private readonly output: ProgressOutput,
    private readonly label: string,
    private total: number | undefined,
    private readonly options: ProgressBarOptions = {},
  ) {
    this.started = this.now();
  }

  update(done: number, total = this.total): void {
    this.done = done;
    this.total = total;
    const now = this.now();
    const every = this.output.isTTY ? (this.options.redrawMs ?? 100) : (this.options.lineEveryMs ?? 5_000);
    if (now - this.lastDrawn < every) return;
    this.lastDrawn = now;
    this.draw(now);
  }

  /** Draws the final state and ends the line. */
  finish(): void {
    this.draw(this.now());
    if (this.output.isTTY) this.output.write('\n');
  }

  private draw(now: number): void {
    const snapshot = { done: this.done, total: this.total, elapsedMs: now - this.started };
    if (this.output.isTTY) this.output.write(`\r\x1b[2K${formatProgress(this.label, snapshot)}`);
    else this.output.write(`${formatProgress(this.label, snapshot, 0)}\n`);
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}
