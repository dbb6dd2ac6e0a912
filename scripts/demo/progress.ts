import { formatDuration } from '@app/projections/progress-bar';

const number = new Intl.NumberFormat('en-US');
export const fmt = (n: number) => number.format(Math.round(n));

/**
 * `demo population [████████░░░░░░░░]  50%  2,500/5,000 children  83/s  ETA 30s` on stderr: redrawn
 * in place on a terminal, a plain line every few seconds otherwise (CI logs, ./platform up piped).
 */
export class Progress {
  private readonly started = performance.now();
  private lastDrawn = -Infinity;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly unit: string,
    private readonly done: () => number,
    private readonly output: NodeJS.WriteStream = process.stderr,
  ) {
    this.timer = setInterval(() => this.draw(false), output.isTTY ? 250 : 1000);
    this.timer.unref();
  }

  line(): string {
    const done = this.done();
    const elapsed = (performance.now() - this.started) / 1000;
    const rate = elapsed > 0 ? done / elapsed : 0;
    const fraction = this.total > 0 ? Math.min(done / this.total, 1) : 1;
    const width = 20;
    const bar = this.output.isTTY
      ? ` [${'█'.repeat(Math.round(fraction * width))}${'░'.repeat(width - Math.round(fraction * width))}]`
      : '';
    const eta = rate > 0 ? formatDuration(((this.total - done) / rate) * 1000) : '--';
    return (
      `${this.label}${bar} ${String(Math.floor(fraction * 100)).padStart(3)}%  ` +
      `${fmt(done)}/${fmt(this.total)} ${this.unit}  ${fmt(rate)}/s  ETA ${eta}`
    );
  }

  private draw(final: boolean): void {
    const now = performance.now();
    if (!final && !this.output.isTTY && now - this.lastDrawn < 5000) return;
    this.lastDrawn = now;
    this.output.write(this.output.isTTY ? `\r\x1b[2K${this.line()}${final ? '\n' : ''}` : `${this.line()}\n`);
  }

  finish(): void {
    clearInterval(this.timer);
    this.draw(true);
  }
}
