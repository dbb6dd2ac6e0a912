import { canonicalCode, isWithin, LEVELS, levelOf, parentOf } from './codes';
import { JurisdictionTree, Place } from './tree';

/** A row that was not imported, with its line in the file (1 = the header). */
export interface DivisionProblem {
  line: number;
  code?: string;
  message: string;
}

export interface DivisionImport {
  tree: JurisdictionTree;
  /** Rows left out; a row whose parent was left out is left out too, and says so. */
  problems: DivisionProblem[];
}

export interface DivisionImportOptions {
  /** Only places in this subtree are accepted (e.g. `330600`); others are reported. */
  within?: string;
}

const MAX_NAME = 60;
// Control characters (C0 and DEL) or markup.
const hasControlOrMarkup = (text: string) => [...text].some((c) => c < ' ' || c === '\u007f' || c === '<' || c === '>');

/**
 * Imports statistical division codes (统计用区划代码) from CSV. The header names the columns:
 * `code` and `name` are required, `parent` and `name_en` optional, in any order. Codes may be
 * written short (`330602001`) or in the 12-digit layout (`330602001000`). Each row is checked —
 * code format, name, the parent column against the code's own structure, duplicates — and every
 * place needs its parent in the file (a city needs none). Bad rows are reported with their line
 * numbers and left out; the rest becomes the tree.
 */
export function importDivisionsCsv(text: string, options: DivisionImportOptions = {}): DivisionImport {
  const problems: DivisionProblem[] = [];
  const rows = parseCsv(text.replace(/^\uFEFF/, ''));
  const header = rows.shift();
  const columns = header ? headerColumns(header.fields) : undefined;
  if (!header || !columns) {
    problems.push({ line: header?.line ?? 1, message: 'the header must name the columns code,name[,parent]' });
    return { tree: new JurisdictionTree([]), problems };
  }

  const candidates = new Map<string, { place: Place; line: number }>();
  const refused = new Set<string>();
  const refuse = (line: number, code: string, message: string) => {
    problems.push({ line, code, message });
    refused.add(code);
  };
  for (const { line, fields } of rows) {
    if (fields.length === 1 && fields[0].trim() === '') continue;
    if (fields.length !== header.fields.length) {
      problems.push({ line, message: `expected ${header.fields.length} columns, found ${fields.length}` });
      continue;
    }
    const raw = fields[columns.code].trim();
    const code = canonicalCode(raw);
    const level = levelOf(code);
    if (!level) {
      problems.push({
        line,
        code: raw,
        message: `${raw || '(empty)'} is not the code of a city, county, township or village`,
      });
      continue;
    }
    if (options.within && !isWithin(code, options.within)) {
      refuse(line, code, `${code} is outside ${options.within}`);
      continue;
    }
    const name = fields[columns.name].trim();
    const nameEn = columns.nameEn === undefined ? '' : fields[columns.nameEn].trim();
    const badName = nameProblem(name) ?? (nameEn ? nameProblem(nameEn) : undefined);
    if (badName) {
      refuse(line, code, badName);
      continue;
    }
    const expectedParent = parentOf(code);
    if (columns.parent !== undefined) {
      const given = canonicalCode(fields[columns.parent]);
      // A city's parent is its province (3300 → 330000), which is not modelled.
      const cityParent = level === 'city' && (given === '' || given === `${code.slice(0, 2)}0000`);
      if (!cityParent && given !== expectedParent) {
        refuse(
          line,
          code,
          `parent ${given || '(empty)'} does not match the code, whose parent is ${expectedParent ?? 'none'}`,
        );
        continue;
      }
    }
    const first = candidates.get(code);
    if (first) {
      problems.push({ line, code, message: `${code} appears again (first on line ${first.line})` });
      continue;
    }
    const parent = level === 'city' ? undefined : expectedParent;
    candidates.set(code, { line, place: { code, level, name: { 'zh-CN': name, en: nameEn || name }, parent } });
  }

  // Parents before children: a place whose parent is missing or was refused is refused too.
  const accepted: Place[] = [];
  const acceptedCodes = new Set<string>();
  const ordered = [...candidates.values()].sort(
    (a, b) => LEVELS.indexOf(a.place.level) - LEVELS.indexOf(b.place.level) || a.line - b.line,
  );
  for (const { place, line } of ordered) {
    if (place.parent && !acceptedCodes.has(place.parent)) {
      const why = candidates.has(place.parent) || refused.has(place.parent) ? 'was left out' : 'is not in the file';
      problems.push({ line, code: place.code, message: `parent ${place.parent} of ${place.code} ${why}` });
      continue;
    }
    accepted.push(place);
    acceptedCodes.add(place.code);
  }
  problems.sort((a, b) => a.line - b.line);
  return { tree: new JurisdictionTree(accepted), problems };
}

function nameProblem(name: string): string | undefined {
  if (!name) return 'the name is empty';
  if (name.length > MAX_NAME) return `the name is longer than ${MAX_NAME} characters`;
  if (hasControlOrMarkup(name)) return 'the name holds control characters or < >';
  if (/^[\d\s.,-]+$/.test(name)) return 'the name holds no letters';
  return undefined;
}

function headerColumns(fields: string[]): { code: number; name: number; parent?: number; nameEn?: number } | undefined {
  const names = fields.map((f) => f.trim().toLowerCase());
  const index = (name: string) => (names.includes(name) ? names.indexOf(name) : undefined);
  const code = index('code');
  const name = index('name');
  if (code === undefined || name === undefined) return undefined;
  return { code, name, parent: index('parent'), nameEn: index('name_en') };
}

interface CsvRow {
  line: number;
  fields: string[];
}

/** RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks. */
export function parseCsv(text: string): CsvRow[] {
  const rows: CsvRow[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field === '') {
      quoted = true;
    } else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      fields.push(field);
      rows.push({ line: rowLine, fields });
      fields = [];
      field = '';
      line++;
      rowLine = line;
    } else {
      field += c;
    }
  }
  if (field !== '' || fields.length) {
    fields.push(field);
    rows.push({ line: rowLine, fields });
  }
  return rows;
}
