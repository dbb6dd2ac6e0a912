import { etaMs, formatDuration, formatProgress, ProgressBar } from './progress-bar';

describe('progress of a rebuild', () => {
  it('shows percent, counts, rate and time left', () => {
    expect(formatProgress('stream_summaries', { done: 1260, total: 3000, elapsedMs: 1500 }, 10)).toBe(
      'stream_summaries  [████░░░░░░]   42%  1,260/3,000 events  840 events/s  ETA 2s',
    );
  });

  it('estimates the time left from the average rate so far', () => {
    expect(etaMs({ done: 500, total: 3000, elapsedMs: 1000 })).toBe(5000);
    expect(etaMs({ done: 0, total: 3000, elapsedMs: 1000 })).toBeUndefined(); // no rate yet
    expect(etaMs({ done: 10, total: undefined, elapsedMs: 1000 })).toBeUndefined();
  });

  it('never shows more than 100% when events arrive during the replay', () => {
    expect(formatProgress('p', { done: 3100, total: 3000, elapsedMs: 1000 }, 4)).toBe(
      'p  [████]  100%  3,100/3,100 events  3,100 events/s  ETA 0s',
    );
  });

  it('shows counts and rate without percent or ETA when the total is unknown', () => {
    expect(formatProgress('p', { done: 42, elapsedMs: 2000 })).toBe('p  42 events  21 events/s  ETA --');
  });

  it('writes durations people read at a glance', () => {
    expect([900, 4_200, 65_000, 3_600_000 + 120_000].map(formatDuration)).toEqual(['1s', '4s', '1m05s', '1h02m']);
  });

  describe('on a terminal', () => {
    it('redraws one line in place, at most every 100 ms, and ends it when finished', () => {
      const written: string[] = [];
      let now = 0;
      const bar = new ProgressBar({ isTTY: true, write: (t) => written.push(t) }, 'p', 100, { now: () => now });
      bar.update(10);
      now = 50;
      bar.update(20); // too soon: not drawn
      now = 150;
      bar.update(30);
      now = 200;
      bar.finish();
      expect(written.map((w) => w.replace(/\[[█░]+\]/, '[bar]'))).toEqual([
        '\r\x1b[2Kp  [bar]   10%  10/100 events  0 events/s  ETA --',
        '\r\x1b[2Kp  [bar]   30%  30/100 events  200 events/s  ETA 0s',
        '\r\x1b[2Kp  [bar]   30%  30/100 events  150 events/s  ETA 0s',
        '\n',
      ]);
    });
  });

  describe('in a log (stderr is not a terminal)', () => {
    it('writes a plain line every few seconds instead of carriage returns, and a last one at the end', () => {
      const written: string[] = [];
      let now = 0;
      const bar = new ProgressBar({ isTTY: false, write: (t) => written.push(t) }, 'p', 1000, {
        now: () => now,
        lineEveryMs: 5000,
      });
      for (let done = 100; done <= 1000; done += 100) {
        now += 1000;
        bar.update(done);
      }
      bar.finish();
      expect(written).toEqual([
        'p   10%  100/1,000 events  100 events/s  ETA 9s\n',
        'p   60%  600/1,000 events  100 events/s  ETA 4s\n',
        'p  100%  1,000/1,000 events  100 events/s  ETA 0s\n',
      ]);
      expect(written.join('')).not.toContain('\r');
    });
  });
});
