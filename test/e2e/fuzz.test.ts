/**
 * A seeded fuzz run over damaged and hostile workbooks and CSV files (issue 7, part 4): families
 * of cases generated from one fixed seed, each run through validate, sync and import-budget,
 * most in-process through `main()`, a few through the real command line with a timeout.
 *
 * For every run: it finishes in time, exits 0, 1 or 2, never prints "unexpected problem" or a
 * stack trace, exit 2 comes with a one-line reason and leaves the file byte for byte as it was,
 * and every file written is a sound package (Python's zipfile and expat, openpyxl for most,
 * LibreOffice for a sample) with every row and cell inside Excel's grid.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { serialFromDay, dayFromYMD } from '../../core/dates.js';
import { cli } from '../helpers/cli.js';
import {
  deflatedZeros,
  entriesOf,
  examplePlan,
  PLAN_SHEET,
  partOf,
  rawZip,
  seededRandom,
  STYLES,
  WORKBOOK,
  withParts,
  type PartEdit,
} from '../helpers/hostile.js';
import { resaveWithLibreOffice } from '../helpers/libreoffice.js';
import { packageProblems } from '../helpers/package-check.js';

const SEED = 20_201_113;
/**
 * Time one command may take in-process, however damaged its input: a guard against hangs, not a
 * speed target (speed is measured by npm run bench), so generous enough for a loaded machine.
 */
const LIMIT_MS = 60_000;
const REPORT = ['--report-date', '2020-11-13'];

interface Case {
  family: string;
  name: string;
  bytes: Buffer;
  /** A file openpyxl cannot read whoever wrote it (styles in mc:AlternateContent). */
  notOpenpyxl?: boolean;
}

type Random = () => number;
const pick = <T>(rand: Random, list: readonly T[]): T => list[Math.floor(rand() * list.length)];
const int = (rand: Random, lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));

/** The i-th match of `re` in `text` replaced by `by(match)`. */
function replaceNth(text: string, re: RegExp, i: number, by: (m: string) => string): string {
  let k = 0;
  return text.replace(re, (m) => (k++ === i ? by(m) : m));
}

function countOf(text: string, re: RegExp): number {
  return (text.match(re) ?? []).length;
}

/** The workbook families: each returns `count` cases made with `rand`. */
function workbookCases(base: Buffer, zeros: Buffer, rand: Random): Case[] {
  const sheet = partOf(base, PLAN_SHEET);
  const cells = countOf(sheet, /<c r="/g);
  const edit = (edits: Record<string, PartEdit>) => withParts(base, edits);
  const sheetCase = (family: string, name: string, f: (x: string) => string): Case => ({
    family,
    name,
    bytes: edit({ [PLAN_SHEET]: f }),
  });
  const cases: Case[] = [];
  const add = (n: number, make: (i: number) => Case) => {
    for (let i = 0; i < n; i++) cases.push(make(i));
  };

  // Truncated archives and bytes flipped in the archive.
  add(8, () => {
    const at = int(rand, 1, base.length - 1);
    return { family: 'truncated zip', name: `cut at ${at}`, bytes: base.subarray(0, at) };
  });
  add(8, () => {
    const bytes = Buffer.from(base);
    const flips = int(rand, 1, 8);
    for (let k = 0; k < flips; k++) bytes[int(rand, 0, bytes.length - 1)] ^= 1 << int(rand, 0, 7);
    return { family: 'bit flips in the zip', name: `${flips} flips`, bytes };
  });
  // Bytes flipped inside parts (a readable zip holding damaged XML).
  add(10, () => {
    const part = pick(rand, [
      PLAN_SHEET,
      WORKBOOK,
      STYLES,
      'xl/sharedStrings.xml',
      '[Content_Types].xml',
    ]);
    const text = Buffer.from(partOf(base, part), 'utf8');
    const flips = int(rand, 1, 4);
    for (let k = 0; k < flips; k++) text[int(rand, 0, text.length - 1)] ^= 1 << int(rand, 0, 6);
    return {
      family: 'bit flips in a part',
      name: `${part} ${flips}`,
      bytes: edit({ [part]: text }),
    };
  });
  // Truncated parts.
  add(6, () => {
    const part = pick(rand, [
      PLAN_SHEET,
      WORKBOOK,
      'xl/sharedStrings.xml',
      STYLES,
      'xl/_rels/workbook.xml.rels',
    ]);
    const text = partOf(base, part);
    const at = int(rand, 1, text.length - 1);
    return {
      family: 'truncated part',
      name: `${part} at ${at}`,
      bytes: edit({ [part]: () => text.slice(0, at) }),
    };
  });
  // Deleted parts.
  for (const part of [
    WORKBOOK,
    PLAN_SHEET,
    STYLES,
    'xl/sharedStrings.xml',
    '[Content_Types].xml',
    '_rels/.rels',
    'xl/_rels/workbook.xml.rels',
    'xl/theme/theme1.xml',
  ]) {
    cases.push({ family: 'deleted part', name: part, bytes: edit({ [part]: null }) });
  }
  // Row and column numbers: huge, zero, negative, missing, not numbers, outside the grid.
  const rowValues = [
    '99999999999999999999',
    '1048577',
    '1048576',
    '0',
    '-3',
    '',
    'x',
    '1e3',
    ' 7 ',
    '2.5',
  ];
  add(10, (i) =>
    sheetCase('row numbers', `r="${rowValues[i]}"`, (x) =>
      replaceNth(x, /<row r="\d+"/g, int(rand, 1, 59), () => `<row r="${rowValues[i]}"`),
    ),
  );
  const cellRefs = [
    'XFE5',
    'A1048577',
    'A0',
    '',
    'a5',
    '$B$5',
    'ZZZZ9',
    '5A',
    'A99999999999999999999',
    'XFD5',
  ];
  add(10, (i) =>
    sheetCase('cell references', `r="${cellRefs[i]}"`, (x) =>
      replaceNth(x, /<c r="[A-Z]+\d+"/g, int(rand, 0, cells - 1), () => `<c r="${cellRefs[i]}"`),
    ),
  );
  add(6, () =>
    sheetCase('r=""', 'several', (x) => {
      let out = x;
      for (let k = 0; k < 5; k++)
        out = replaceNth(out, /<c r="[A-Z]+\d+"/g, int(rand, 0, cells - 10), () => '<c r=""');
      return out;
    }),
  );
  add(4, (i) =>
    sheetCase(
      'references dropped',
      `${['all cells', 'all rows', 'one row', 'cells of one row'][i]}`,
      (x) =>
        [
          () => x.replace(/<c r="[A-Z]+\d+"/g, '<c'),
          () => x.replace(/<row r="\d+"/g, '<row'),
          () => replaceNth(x, /<row r="\d+"/g, int(rand, 2, 50), () => '<row'),
          () =>
            x.replace(
              /(<row r="7"[^>]*>)([\s\S]*?)<\/row>/,
              (_, open: string, inner: string) =>
                open + inner.replace(/<c r="[A-Z]+7"/g, '<c') + '</row>',
            ),
        ][i](),
    ),
  );
  add(3, (i) =>
    sheetCase('wide rows', `${[16_384, 16_385, 100_000][i]} cells`, (x) =>
      x.replace(
        '</sheetData>',
        `<row r="62">${'<c><v>1</v></c>'.repeat([16_384, 16_385, 100_000][i])}</row></sheetData>`,
      ),
    ),
  );
  // Duplicate and out-of-order cells and rows.
  add(6, (i) =>
    sheetCase(
      'duplicates and order',
      [
        'a cell twice',
        'a row twice',
        'rows swapped',
        'cells swapped',
        'a cell in the wrong row',
        'a cell outside rows',
      ][i],
      (x) =>
        [
          () => x.replace(/(<c r="B5"[^>]*>[\s\S]*?<\/c>)/, '$1$1'),
          () => x.replace(/(<row r="9"[^>]*>[\s\S]*?<\/row>)/, '$1$1'),
          () =>
            x.replace(
              /(<row r="9"[^>]*>[\s\S]*?<\/row>)(<row r="10"[^>]*>[\s\S]*?<\/row>)/,
              '$2$1',
            ),
          () => x.replace(/(<c r="A5"[^>]*>[\s\S]*?<\/c>)(<c r="B5"[^>]*>[\s\S]*?<\/c>)/, '$2$1'),
          () => x.replace('<c r="C5"', '<c r="C6"'),
          () => x.replace('<sheetData>', '<sheetData><c r="A1"><v>1</v></c>'),
        ][i](),
    ),
  );
  // Unclosed and stray elements.
  add(8, () => {
    const part = pick(rand, [PLAN_SHEET, WORKBOOK, STYLES, 'xl/sharedStrings.xml']);
    const text = partOf(base, part);
    const ends = countOf(text, /<\/[A-Za-z:]+>/g);
    const cut = replaceNth(text, /<\/[A-Za-z:]+>/g, int(rand, 0, ends - 1), () => '');
    return { family: 'unclosed elements', name: part, bytes: edit({ [part]: () => cut }) };
  });
  cases.push(
    sheetCase('unclosed elements', 'stray end tag', (x) => x.replace('</row>', '</row></c>')),
  );
  cases.push(
    sheetCase('unclosed elements', 'attribute twice', (x) =>
      x.replace('<c r="B3"', '<c r="B3" r="B3"'),
    ),
  );
  cases.push(
    sheetCase('unclosed elements', 'DOCTYPE with entities', (x) =>
      x.replace(
        '?>',
        '?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>',
      ),
    ),
  );
  // Encodings and byte-order marks.
  const sheetBytes = (f: (x: string) => Buffer) => edit({ [PLAN_SHEET]: f(sheet) });
  const utf16 = (x: string, le: boolean, bom: boolean) => {
    const body = Buffer.from(x.replace('encoding="UTF-8"', 'encoding="UTF-16"'), 'utf16le');
    if (!le) body.swap16();
    return Buffer.concat([
      bom ? Buffer.from(le ? [0xff, 0xfe] : [0xfe, 0xff]) : Buffer.alloc(0),
      body,
    ]);
  };
  for (const [name, f] of [
    ['UTF-16LE with BOM', (x: string) => utf16(x, true, true)],
    ['UTF-16BE with BOM', (x: string) => utf16(x, false, true)],
    ['UTF-16LE without BOM', (x: string) => utf16(x, true, false)],
    ['UTF-16BE without BOM', (x: string) => utf16(x, false, false)],
    ['UTF-16 cut to an odd length', (x: string) => utf16(x, true, true).subarray(0, 1001)],
    [
      'says UTF-16, is UTF-8',
      (x: string) => Buffer.from(x.replace('encoding="UTF-8"', 'encoding="UTF-16"')),
    ],
    [
      'says UTF-8, is UTF-16',
      (x: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(x, 'utf16le')]),
    ],
    ['UTF-8 BOM', (x: string) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(x)])],
    [
      'two UTF-8 BOMs',
      (x: string) =>
        Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf]), Buffer.from(x)]),
    ],
    [
      'ISO-8859-1',
      (x: string) =>
        Buffer.from(
          x
            .replace('encoding="UTF-8"', 'encoding="ISO-8859-1"')
            .replace('<sheetData>', '<sheetData><!-- é -->'),
          'latin1',
        ),
    ],
    [
      'invalid UTF-8',
      (x: string) => Buffer.from(x.replace('Governance', 'Gov\u00e9rnance'), 'latin1'),
    ],
    [
      'unknown encoding',
      (x: string) => Buffer.from(x.replace('encoding="UTF-8"', 'encoding="x-klingon"')),
    ],
  ] as const) {
    cases.push({ family: 'encodings', name, bytes: sheetBytes(f) });
  }
  // NUL and control characters, formulas as text, deep nesting.
  cases.push(
    sheetCase('characters', 'NUL in a value', (x) => x.replace('<v>43892</v>', '<v>43\u00002</v>')),
  );
  cases.push(
    sheetCase('characters', '&#0; in a value', (x) => x.replace('<v>43892</v>', '<v>&#0;</v>')),
  );
  cases.push(
    sheetCase('characters', 'unknown entity', (x) => x.replace('<v>43892</v>', '<v>&nbsp;</v>')),
  );
  cases.push(
    sheetCase('characters', 'lone surrogate', (x) => x.replace('<v>43892</v>', '<v>\ud800</v>')),
  );
  cases.push({
    family: 'characters',
    name: 'formulas as text',
    bytes: edit({
      'xl/sharedStrings.xml': (x) =>
        x.replace(/<t>([^<]{3,})<\/t>/g, (m, t: string, at: number) =>
          at % 3 ? `<t>=HYPERLINK("http://x","${t}")</t>` : `<t>@SUM(A1)+${t}</t>`,
        ),
    }),
  });
  add(3, (i) => {
    const depth = [1_000, 100_000, 300_000][i];
    return sheetCase('deep nesting', `${depth} levels`, (x) =>
      x.replace('<v>43892</v>', `<v>43892</v>${'<x>'.repeat(depth)}${'</x>'.repeat(depth)}`),
    );
  });
  // Shared-string indexes.
  for (const v of ['99999999999', '-1', '1e300', 'NaN', '', '0.5', '4294967296']) {
    cases.push(
      sheetCase('shared-string indexes', `v=${v}`, (x) =>
        replaceNth(x, /t="s"><v>\d+<\/v>/g, int(rand, 0, 200), () => `t="s"><v>${v}</v>`),
      ),
    );
  }
  // Zip bombs and wrong central-directory offsets.
  const entries = entriesOf(base);
  const sheetAt = entries.findIndex((e) => e.name === PLAN_SHEET);
  const withEntry = (entry: Partial<(typeof entries)[number]>) =>
    rawZip(entries.map((e, i) => (i === sheetAt ? { ...e, ...entry } : e)));
  cases.push({
    family: 'zip bombs',
    name: 'declares 600 MB',
    bytes: withEntry({ stored: zeros, size: 600 << 20 }),
  });
  cases.push({
    family: 'zip bombs',
    name: 'declares 5,000 bytes, holds 64 MB',
    bytes: withEntry({ stored: zeros, size: 5000 }),
  });
  cases.push({
    family: 'zip bombs',
    name: 'declares 0 bytes',
    bytes: withEntry({ stored: zeros, size: 0 }),
  });
  cases.push({
    family: 'zip bombs',
    name: 'stored, declares 4 GB',
    bytes: withEntry({ method: 0, size: 0xfffffffe }),
  });
  add(6, () => {
    const from = int(rand, 0, entries.length - 1);
    const to = int(rand, 0, entries.length - 1);
    const shift = pick(rand, [0, 1, -1, 7, 1000]);
    return {
      family: 'central directory offsets',
      name: `${entries[from].name} -> ${entries[to].name} ${shift}`,
      bytes: rawZip(entries, (i, o) => (i === from ? Math.max(0, o[to] + shift) : o[i])),
    };
  });
  // Dependency cycles of every size, and far-future dates.
  add(4, (i) => {
    const size = [1, 2, 30, 60][i];
    return {
      family: 'dependency cycles',
      name: `${size} tasks`,
      bytes: edit({
        [PLAN_SHEET]: (x) =>
          x.replace(/<c r="J(\d+)"[^>]*?(\/>|>[\s\S]*?<\/c>)/g, (m, r: string) => {
            const row = Number(r);
            if (row < 2 || row > size + 1) return m;
            const dep = row === 2 ? size : row - 2;
            return `<c r="J${row}" t="inlineStr"><is><t>${dep === 0 ? 1 : dep}</t></is></c>`;
          }),
      }),
    };
  });
  const serial = (y: number, m: number, d: number) => serialFromDay(dayFromYMD(y, m, d)!, false);
  cases.push(
    sheetCase('dates', 'a task ending 31/12/9999', (x) =>
      x.replace('<v>44253</v>', `<v>${serial(9999, 12, 31)}</v>`),
    ),
  );
  cases.push(
    sheetCase('dates', 'a task starting 1/1/1900', (x) => x.replace('<v>43892</v>', '<v>1</v>')),
  );
  cases.push(
    sheetCase('dates', 'a date of 1e308', (x) => x.replace('<v>43892</v>', '<v>1e308</v>')),
  );
  // Styles wrapped in mc:AlternateContent.
  const ac = (e: string) =>
    `<mc:AlternateContent><mc:Choice Requires="x14ac">${e}</mc:Choice><mc:Fallback>${e}</mc:Fallback></mc:AlternateContent>`;
  cases.push({
    family: 'styles in mc:AlternateContent',
    name: 'fonts, fills and cell formats',
    notOpenpyxl: true,
    bytes: edit({
      [STYLES]: (x) =>
        x
          .replace('<font><b/></font>', ac('<font><b/></font>'))
          .replace(/(<fill><patternFill patternType="gray125"\/><\/fill>)/, (m) => ac(m))
          .replace(/<xf numFmtId="9"[^>]*\/>/, (m) => ac(m)),
    }),
  });
  cases.push({
    family: 'styles in mc:AlternateContent',
    name: 'Choice and Fallback disagree',
    notOpenpyxl: true,
    bytes: edit({
      [STYLES]: (x) =>
        x.replace(
          '<font><b/></font>',
          `<mc:AlternateContent><mc:Choice Requires="x14ac"><font><b/></font><font><i/></font></mc:Choice><mc:Fallback><font><b/></font></mc:Fallback></mc:AlternateContent>`,
        ),
    }),
  });
  return cases;
}

/** The CSV families for import-budget. */
function csvCases(rand: Random): { family: string; name: string; bytes: Buffer }[] {
  const table = (rows: number, cols: number, cell: (r: number, c: number) => string) =>
    Array.from({ length: rows }, (_, r) =>
      Array.from({ length: cols }, (_, c) => cell(r, c)).join(','),
    ).join('\n');
  const budget = (r: number, c: number) =>
    r === 0
      ? c === 0
        ? 'Line'
        : `20${17 + c}-${18 + c}`
      : c === 0
        ? `Item ${r}`
        : String(int(rand, -5000, 90000));
  const out: { family: string; name: string; bytes: Buffer }[] = [];
  const add = (family: string, name: string, text: string | Buffer) =>
    out.push({ family, name, bytes: Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8') });
  for (const cols of [16_383, 16_384, 16_385, 20_000])
    add('wide CSVs', `${cols} columns`, table(3, cols, budget));
  add(
    'wide CSVs',
    'one row of 20,000 columns below a normal table',
    table(4, 5, budget) + '\n' + table(1, 20_000, () => '1'),
  );
  add('tall CSVs', '200,000 rows', table(200_000, 3, budget));
  add('CSV characters', 'NULs', table(5, 4, budget).replace(/1/g, '\u0000'));
  add(
    'CSV characters',
    'formulas as text',
    table(6, 4, (r, c) =>
      r > 0 && c === 1
        ? pick(rand, ['=1+1', '+SUM(A1)', '-2+3', '@CMD', '=HYPERLINK("x")'])
        : budget(r, c),
    ),
  );
  add('CSV characters', 'UTF-8 BOM', '\ufeff' + table(4, 4, budget));
  add(
    'CSV characters',
    'UTF-16LE with BOM',
    Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(table(4, 4, budget), 'utf16le')]),
  );
  add(
    'CSV characters',
    'Windows-1252',
    Buffer.from(table(4, 4, budget).replace('Item 1', 'Café £'), 'latin1'),
  );
  add(
    'CSV characters',
    'control characters',
    table(4, 4, budget).replace('Item 2', 'It\u0001em\u001f2\u000b'),
  );
  add('CSV structure', 'unbalanced quote', table(4, 4, budget).replace('Item 2', '"Item 2'));
  add('CSV structure', 'empty file', '');
  add('CSV structure', 'only separators', ',,,,\n,,,\n');
  add('CSV structure', 'a 2 MB line', `Line,2020-21\nItem,${'9'.repeat(2 << 20)}\n`);
  add('CSV structure', 'mixed separators', 'Line;2020-21,2021-22\tTotal\nA;1,2\t3\n');
  add(
    'CSV structure',
    'random bytes',
    Buffer.from(Array.from({ length: 3000 }, () => int(rand, 0, 255))),
  );
  add(
    'CSV numbers',
    'huge and odd numbers',
    table(5, 4, (r, c) =>
      r > 0 && c > 0
        ? pick(rand, [
            '1e308',
            '-1e308',
            '(1,862)',
            '−37',
            '9'.repeat(400),
            'NaN',
            'Infinity',
            '£1,2,3',
          ])
        : budget(r, c),
    ),
  );
  return out;
}

let dir: string;
let cases: Case[];
let csvs: ReturnType<typeof csvCases>;
let base: Buffer;
const written: { path: string; notOpenpyxl?: boolean; family: string; name: string }[] = [];
const tally = new Map<string, { cases: number; exits: [number, number, number] }>();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'plan-sync-fuzz-'));
  base = await examplePlan();
  const rand = seededRandom(SEED);
  cases = workbookCases(base, await deflatedZeros(64 << 20), rand);
  csvs = csvCases(rand);
}, 60_000);

let k = 0;
function caseFile(bytes: Buffer, name: string): string {
  const path = join(mkdtempSync(join(dir, `c${k++}-`)), name);
  writeFileSync(path, bytes);
  return path;
}

/** Runs one command in-process and checks what every run must satisfy. */
async function run(args: string[], file: string, family: string, label: string): Promise<number> {
  const before = readFileSync(file);
  const started = performance.now();
  const result = await cli(args);
  const elapsed = performance.now() - started;
  const what = `${family}: ${label}: ${args[0]} (exit ${result.code}) ${result.stderr.slice(0, 300)}`;
  expect(elapsed, what).toBeLessThan(LIMIT_MS);
  expect([0, 1, 2], what).toContain(result.code);
  const output = result.stdout + '\n' + result.stderr;
  expect(output, what).not.toMatch(/unexpected problem/i);
  expect(output, what).not.toMatch(/\n\s+at .+:\d+:\d+/); // a stack trace
  if (result.code === 2) {
    expect(result.stderr.trim().split('\n'), what).toHaveLength(1);
    expect(result.stderr, what).toMatch(/^plan-sync/);
    expect(readFileSync(file).equals(before), what).toBe(true);
  }
  const t = tally.get(family) ?? { cases: 0, exits: [0, 0, 0] };
  t.exits[result.code]++;
  tally.set(family, t);
  return result.code;
}

describe(`seeded fuzz run (seed ${SEED})`, () => {
  it('damaged and hostile workbooks through validate, sync and import-budget', async () => {
    const csv = caseFile(
      Buffer.from('Line,2020-21,2021-22\nStaff,10,20\nTotal,10,20\n'),
      'small.csv',
    );
    for (const c of cases) {
      const t = tally.get(c.family) ?? { cases: 0, exits: [0, 0, 0] };
      t.cases++;
      tally.set(c.family, t);
      const path = caseFile(c.bytes, 'plan.xlsx');
      await run(['validate', path, '--json', ...REPORT], path, c.family, c.name);
      if ((await run(['sync', path, '--no-backup', ...REPORT], path, c.family, c.name)) < 2)
        written.push({ path, notOpenpyxl: c.notOpenpyxl, family: c.family, name: c.name });
      // The same damage in the workbook a table is imported into, and in a workbook it comes from.
      const target = caseFile(c.bytes, 'target.xlsx');
      if ((await run(['import-budget', target, csv, '--no-backup'], target, c.family, c.name)) < 2)
        written.push({ path: target, notOpenpyxl: c.notOpenpyxl, family: c.family, name: c.name });
      const into = caseFile(base, 'into.xlsx');
      const source = caseFile(c.bytes, 'source.xlsx');
      if (
        (await run(
          ['import-budget', into, `${source}#Plan!A1:E12`, '--no-backup'],
          into,
          c.family,
          c.name,
        )) < 2
      )
        written.push({ path: into, family: c.family, name: c.name });
    }
    expect(cases.length).toBeGreaterThan(120);
  }, 240_000);

  it('hostile CSV files through import-budget', async () => {
    for (const c of csvs) {
      const t = tally.get(c.family) ?? { cases: 0, exits: [0, 0, 0] };
      t.cases++;
      tally.set(c.family, t);
      const path = caseFile(base, 'plan.xlsx');
      const csv = caseFile(c.bytes, 'table.csv');
      if (
        (await run(['import-budget', path, csv, '--json', '--no-backup'], path, c.family, c.name)) <
        2
      )
        written.push({ path, family: c.family, name: c.name });
    }
  }, 300_000);

  it('every file written is a sound package inside the grid (zipfile, expat, openpyxl; LibreOffice for a sample)', () => {
    expect(written.length).toBeGreaterThan(50);
    const problems = packageProblems(written.filter((w) => !w.notOpenpyxl).map((w) => w.path));
    const noOpenpyxl = packageProblems(
      written.filter((w) => w.notOpenpyxl).map((w) => w.path),
      { openpyxl: false },
    );
    const all = [...problems, ...noOpenpyxl];
    const named = [
      ...written.filter((w) => !w.notOpenpyxl),
      ...written.filter((w) => w.notOpenpyxl),
    ].map((w, i) => [`${w.family}: ${w.name}`, all[i]] as const);
    expect(named.filter(([, p]) => p.length)).toEqual([]);
    // LibreOffice opens a sample: one file of each family that wrote something.
    const sample = [...new Map(written.map((w) => [w.family, w])).values()].slice(0, 4);
    for (const w of sample) {
      expect(
        () => resaveWithLibreOffice(w.path, join(dir, `lo-${k++}`)),
        `${w.family}: ${w.name}`,
      ).not.toThrow();
    }
    // The families, their counts and exits, for the record.
    console.log(
      [...tally]
        .map(([family, t]) => `${family}: ${t.cases} cases, exits 0/1/2 = ${t.exits.join('/')}`)
        .join('\n'),
    );
  }, 240_000);

  it('a few through the real command line, with a timeout', () => {
    const bin = new URL('../../bin/plan-sync.js', import.meta.url).pathname;
    const chosen = ['row numbers', 'zip bombs', 'deep nesting', 'truncated part', 'encodings'].map(
      (family) => cases.find((c) => c.family === family)!,
    );
    for (const c of chosen) {
      const path = caseFile(c.bytes, 'plan.xlsx');
      const before = readFileSync(path);
      for (const command of ['validate', 'sync']) {
        const result = spawnSync(process.execPath, [bin, command, path, ...REPORT], {
          encoding: 'utf8',
          timeout: 30_000,
        });
        const what = `${c.family}: ${c.name}: ${command}`;
        expect(result.error, what).toBeUndefined(); // not killed by the timeout
        expect([0, 1, 2], what).toContain(result.status);
        expect(result.stderr, what).not.toMatch(/unexpected problem|\n\s+at /);
        if (result.status === 2) expect(readFileSync(path).equals(before), what).toBe(true);
      }
    }
    const wide = caseFile(csvs.find((c) => c.name === '20000 columns')!.bytes, 'wide.csv');
    const path = caseFile(base, 'plan.xlsx');
    const result = spawnSync(process.execPath, [bin, 'import-budget', path, wide], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/line 1, column 16,385 would land past column XFD/);
  }, 180_000);
});
