import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { importDivisionsCsv, parseCsv } from './division-csv';

const fixture = readFileSync(resolve(__dirname, 'fixtures/divisions.csv'), 'utf8');

describe('importing statistical division codes from CSV', () => {
  const { tree, problems } = importDivisionsCsv(fixture, { within: '330600' });

  it('builds the tree from the good rows, codes in either layout', () => {
    expect(tree.all().map((p) => p.code)).toEqual([
      '330600',
      '330602',
      '330602001',
      '330602108',
      '330602001001',
      '330602001002',
      '330602001003',
      '330602108201',
    ]);
    expect(tree.children('330602')).toEqual(['330602001', '330602108']);
    expect(tree.placeName('330602001')).toBe('塔山街道');
    expect(tree.placeName('330602001003')).toBe('西小路"南"社区');
    // No English names in the file: the Chinese name stands in.
    expect(tree.placeName('330602108201', 'en')).toBe('富盛村');
  });

  it('reports every bad row with its line number and leaves it out', () => {
    expect(problems.map(({ line, message }) => [line, message])).toEqual([
      [7, '3306020010 is not the code of a city, county, township or village'],
      [8, 'parent 330603 does not match the code, whose parent is 330602'],
      [9, 'parent 330602002 of 330602002001 was left out'],
      [10, '330602001001 appears again (first on line 5)'],
      [11, 'the name is empty'],
      [12, 'parent 330681109 of 330681109201 is not in the file'],
      [14, 'the name holds control characters or < >'],
      [15, 'expected 3 columns, found 4'],
      [16, '310101001001 is outside 330600'],
    ]);
  });

  it('refuses a file without the code and name columns', () => {
    const result = importDivisionsCsv('id,title\n330600,绍兴市\n');
    expect(result.problems).toEqual([{ line: 1, message: 'the header must name the columns code,name[,parent]' }]);
    expect(result.tree.size).toBe(0);
  });

  it('takes the columns in any order, with an optional English name, and a BOM', () => {
    const result = importDivisionsCsv(
      '\uFEFFname_en,name,code\r\nShaoxing City,绍兴市,330600\r\nZhuji City,诸暨市,330681\r\n',
    );
    expect(result.problems).toEqual([]);
    expect(result.tree.placeName('330681', 'en')).toBe('Zhuji City');
  });

  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    expect(parseCsv('a,"b,c","d""e"\n"f\ng",h\n')).toEqual([
      { line: 1, fields: ['a', 'b,c', 'd"e'] },
      { line: 2, fields: ['f\ng', 'h'] },
    ]);
  });
});
