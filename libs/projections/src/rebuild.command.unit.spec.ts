import { parseArgs, summaryLine } from './rebuild.command';
import { projectionsEnabled } from './projections.module';
import { ProjectionRegistry } from './projection-registry';
import { streamSummariesProjection } from './examples/stream-summaries.projection';

describe('the rebuild command line', () => {
  it('takes one projection, or --list, and any number of --registry files', () => {
    expect(parseArgs(['stream_summaries'])).toEqual({ list: false, projection: 'stream_summaries', registries: [] });
    expect(parseArgs(['--registry', 'a.js', 'x', '--registry', 'b.js'])).toEqual({
      list: false,
      projection: 'x',
      registries: ['a.js', 'b.js'],
    });
    expect(parseArgs(['--list'])).toEqual({ list: true, registries: [] });
    expect(parseArgs([])).toEqual({ error: 'name one projection' });
    expect(parseArgs(['a', 'b'])).toEqual({ error: 'name one projection' });
    expect(parseArgs(['--force', 'a'])).toEqual({ error: 'unknown option --force' });
    expect(parseArgs(['x', '--help'])).toEqual({ help: true });
  });

  it('ends with one summary line in Chinese and English', () => {
    expect(summaryLine({ projection: 'stream_summaries', events: 3000, documents: 30, elapsedMs: 4200 })).toBe(
      '重建完成：stream_summaries，重放 3,000 个事件，写成 30 个文档，用时 4s（714 事件/秒）' +
        ' | Rebuilt stream_summaries: replayed 3,000 events into 30 documents in 4s (714 events/s)',
    );
  });

  it('refuses two projections of one name, which would share a checkpoint', () => {
    const registry = new ProjectionRegistry().add('registry', { projections: [streamSummariesProjection()] });
    expect(() => registry.add('placement', { projections: [streamSummariesProjection()] })).toThrow(
      /registered by both registry and placement/,
    );
  });
});

describe('switching projectors off by configuration', () => {
  it.each([
    [undefined, true],
    ['true', true],
    ['false', false],
    [' FALSE ', false],
  ])('PROJECTIONS_ENABLED=%j runs projectors: %s', (value, expected) => {
    expect(projectionsEnabled({ PROJECTIONS_ENABLED: value })).toBe(expected);
  });

  it('refuses a value it does not understand instead of guessing', () => {
    expect(() => projectionsEnabled({ PROJECTIONS_ENABLED: 'no' })).toThrow(/must be "true" or "false"/);
  });
});
