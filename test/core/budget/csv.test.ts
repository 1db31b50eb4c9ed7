import { describe, expect, it } from 'vitest';
import {
  CsvError,
  decodeText,
  detectSeparator,
  parseCsv,
  type CsvCell,
  type CsvTable,
} from '../../../core/budget/csv.js';
import { parseAmount } from '../../../core/budget/money.js';

// ------------------------------------------------------------------------------------------
// Byte builders: the files as each program would write them.

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const utf8Bom = (s: string): Uint8Array => Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8(s)]);

/** Windows-1252 as Excel on Windows writes it (only the characters these tests use). */
const CP1252: Record<string, number> = { '€': 0x80, '–': 0x96, '—': 0x97, '‘': 0x91, '’': 0x92 };
function cp1252(s: string): Uint8Array {
  return Uint8Array.from([...s], (c) => {
    const code = c.codePointAt(0)!;
    if (CP1252[c] !== undefined) return CP1252[c];
    if (code <= 0xff && !(code >= 0x80 && code <= 0x9f)) return code;
    throw new Error(`not in the test's Windows-1252 table: ${c}`);
  });
}

function utf16(s: string, bigEndian: boolean, bom = true): Uint8Array {
  const out: number[] = bom ? (bigEndian ? [0xfe, 0xff] : [0xff, 0xfe]) : [];
  for (let i = 0; i < s.length; i++) {
    const u = s.charCodeAt(i);
    if (bigEndian) out.push(u >> 8, u & 0xff);
    else out.push(u & 0xff, u >> 8);
  }
  return Uint8Array.from(out);
}

const texts = (t: CsvTable): string[][] => t.rows.map((r) => r.map((c) => c.text));
const cell = (t: CsvTable, row: number, col: number): CsvCell => t.rows[row][col];

// ------------------------------------------------------------------------------------------
// The seed's tables (003_2066429356717f1a, section 5), as finance would save them.

/** Table 1, as Excel saves "CSV (Comma delimited)" on Windows: CRLF, padded rows, quoted 1,563. */
const TABLE_1 = [
  'Table 1: Financial Asks – 2017-18 to 2021-22,,,,,',
  ',2017-18,2018-19,2019-20,2020-21,2021-22',
  ',£000,£000,£000,£000,£000',
  'Pressures,"1,563",0,0,0,0',
  'Business Planning Commitments:,,,,,',
  'CCC,468,706,619,607,TBD',
  'MKC,830,770,715,665,TBD',
  'NCC,564,803,708,351,TBD',
  'Trading requirement,733,195,106,-37,TBD',
  'Total ask,"4,158","2,474","2,148","1,586",TBD',
  '',
].join('\r\n');

/** Table 3: partners across, a Total column, an unlabelled row with a sign slip (3,944). */
const TABLE_3 = [
  ',CCC,MKC,NCC,Total',
  ',£000,£000,£000,£000',
  'Base budget 2016-17,"12,617","16,279","18,574","47,470"',
  'Transfers to/(from) LGSS base,"-1,728",277,"-2,705","-4,156"',
  'Gross expenditure budget – base,"10,889","16,556","15,869","43,314"',
  'Pressures,55,0,0,55',
  'Expenditure inflation,51,0,246,297',
  'Transfer to Reserves,0,0,447,447',
  'Savings,-468,-830,-564,"-1,862"',
  'Gross Expenditure budget – revised,"10,527","15,726","15,998","42,251"',
  'Income,"-2,802","-3,944","-4,539","-11,285"',
  'Income inflation,-48,0,0,-48',
  ',"-2,850","3,944","-4,539","-11,333"',
  'Net budget,"7,677","11,782","11,459","30,918"',
  '',
].join('\n');

/** Table 6c: years across plus a Total column; Audit and Transactions totals do not add up. */
const TABLE_6C_ROWS = [
  ['', '2017-18', '2018-19', '2019-20', '2020-21', '2021-22', 'Total'],
  ['', '£000', '£000', '£000', '£000', '£000', '£000'],
  ['Finance', '-295', '-275', '-50', '-50', '0', '-670'],
  ['Audit', '-75', '-15', '-15', '-15', '0', '-220'],
  ['Transactions', '-470', '-240', '0', '0', '0', '-734'],
  ['HR Professional', '-95', '-95', '0', '0', '0', '-220'],
  ['IT', '-185', '-220', '-50', '-50', '0', '-603'],
  ['DSS', '-30', '-30', '-30', '-30', '0', '-120'],
  ['Procurement', '-40', '-75', '-60', '-35', '0', '-230'],
  ['Insurance', '-26', '-41', '-20', '-20', '0', '-127'],
];
const TABLE_6C_CSV = TABLE_6C_ROWS.map((r) => r.join(',')).join('\r\n') + '\r\n';
const TABLE_6C_TSV = TABLE_6C_ROWS.map((r) => r.join('\t')).join('\r\n') + '\r\n';

/** Table 6a: text beside numbers, a comma inside a quoted note, a note over two lines. */
const TABLE_6A = [
  'Service area,2017-18 £000,Proposed resolution',
  'LGSS Law Ltd (NBC Contract),62,To be resolved in LGSS Law Ltd.',
  'Business Transformation,140,"To be offset by planned £200k saving in BTT in 2017-18,',
  'as part of service realignment with NCC"',
  'MKC income budget pressure,268,"£437k shortfall in HR, plus £51k in IT, offset by £220k currently in MKC MTFP. For discussion with CRD MKC."',
  ',"1,563",',
  '',
].join('\r\n');

describe('seed tables as CSV', () => {
  it('Table 1 (Windows-1252, CRLF): years across, £000 units, TBD, a negative', () => {
    const t = parseCsv(cp1252(TABLE_1));
    expect(t.encoding).toBe('windows-1252');
    expect(t.separator).toBe(',');
    expect(t.rows).toHaveLength(10);
    expect(t.rows.every((r) => r.length === 6)).toBe(true);
    expect(cell(t, 0, 0).text).toBe('Table 1: Financial Asks – 2017-18 to 2021-22');
    expect(texts(t)[2]).toEqual(['', '£000', '£000', '£000', '£000', '£000']);
    expect(texts(t)[3]).toEqual(['Pressures', '1,563', '0', '0', '0', '0']);
    expect(texts(t)[4]).toEqual(['Business Planning Commitments:', '', '', '', '', '']);
    expect(texts(t)[9]).toEqual(['Total ask', '4,158', '2,474', '2,148', '1,586', 'TBD']);
    expect(cell(t, 8, 4)).toEqual({ text: '-37', line: 9, column: 5 });
    expect(cell(t, 9, 5)).toEqual({ text: 'TBD', line: 10, column: 6 });
    expect(parseAmount(cell(t, 3, 1).text)).toEqual({
      kind: 'number',
      value: 1563,
      decimals: 0,
      parenthesised: false,
    });
    expect(parseAmount(cell(t, 9, 5).text)).toEqual({ kind: 'no-value', text: 'TBD' });
    // The five "Total ask" 2017-18 inputs add up.
    const col = [3, 5, 6, 7, 8].map((r) => parseAmount(cell(t, r, 1).text));
    const sum = col.reduce((s, a) => s + (a.kind === 'number' ? a.value : NaN), 0);
    expect(sum).toBe(4158);
  });

  it('Table 1 reads the same in UTF-8, UTF-8 with BOM and UTF-16', () => {
    const expected = texts(parseCsv(cp1252(TABLE_1)));
    for (const [bytes, encoding] of [
      [utf8(TABLE_1), 'utf-8'],
      [utf8Bom(TABLE_1), 'utf-8-bom'],
      [utf16(TABLE_1, false), 'utf-16le'],
      [utf16(TABLE_1, true), 'utf-16be'],
    ] as const) {
      const t = parseCsv(bytes);
      expect(t.encoding).toBe(encoding);
      expect(texts(t)).toEqual(expected);
    }
  });

  it('Table 3 (UTF-8, LF): partners across, an unlabelled row, quoted negatives', () => {
    const t = parseCsv(utf8(TABLE_3));
    expect(t.encoding).toBe('utf-8');
    expect(t.separator).toBe(',');
    expect(t.rows).toHaveLength(14);
    expect(texts(t)[0]).toEqual(['', 'CCC', 'MKC', 'NCC', 'Total']);
    expect(texts(t)[12]).toEqual(['', '-2,850', '3,944', '-4,539', '-11,333']);
    expect(cell(t, 4, 0).text).toBe('Gross expenditure budget – base');
    expect(cell(t, 12, 2)).toEqual({ text: '3,944', line: 13, column: 3 });
    const values = t.rows.slice(2).map((r) => r.slice(1).map((c) => parseAmount(c.text)));
    expect(values.flat().every((a) => a.kind === 'number')).toBe(true);
    // The sign slip is in the data as published: CCC + MKC + NCC is not the stated total.
    const [ccc, mkc, ncc, total] = values[10].map((a) => (a.kind === 'number' ? a.value : NaN));
    expect([ccc, mkc, ncc, total]).toEqual([-2850, 3944, -4539, -11333]);
    expect(ccc + mkc + ncc - total).toBe(7888);
  });

  it('Table 6c as comma CSV and as tab-separated copy-paste give the same cells', () => {
    const csv = parseCsv(utf8(TABLE_6C_CSV));
    const tsv = parseCsv(utf8(TABLE_6C_TSV));
    expect(csv.separator).toBe(',');
    expect(tsv.separator).toBe('\t');
    expect(texts(csv)).toEqual(TABLE_6C_ROWS);
    expect(texts(tsv)).toEqual(TABLE_6C_ROWS);
    // Totals that do not add up are kept as published: only Finance and DSS add up.
    const sums = csv.rows.slice(2).map((r) => {
      const n = r.slice(1).map((c) => parseAmount(c.text));
      const v = n.map((a) => (a.kind === 'number' ? a.value : NaN));
      return [r[0].text, v.slice(0, 5).reduce((a, b) => a + b, 0), v[5]];
    });
    expect(sums.filter(([, sum, total]) => sum !== total)).toEqual([
      ['Audit', -120, -220],
      ['Transactions', -710, -734],
      ['HR Professional', -190, -220],
      ['IT', -505, -603],
      ['Procurement', -210, -230],
      ['Insurance', -107, -127],
    ]);
  });

  it('Table 6a: a quoted comma stays in its cell; a quoted line break moves later lines on', () => {
    const t = parseCsv(cp1252(TABLE_6A));
    expect(t.separator).toBe(',');
    expect(t.rows.map((r) => r.length)).toEqual([3, 3, 3, 3, 3]);
    expect(cell(t, 0, 1).text).toBe('2017-18 £000');
    expect(cell(t, 2, 2)).toEqual({
      text: 'To be offset by planned £200k saving in BTT in 2017-18,\r\nas part of service realignment with NCC',
      line: 3,
      column: 3,
    });
    expect(cell(t, 3, 0)).toEqual({ text: 'MKC income budget pressure', line: 5, column: 1 });
    expect(cell(t, 3, 2).text).toBe(
      '£437k shortfall in HR, plus £51k in IT, offset by £220k currently in MKC MTFP. For discussion with CRD MKC.',
    );
    expect(cell(t, 4, 1)).toEqual({ text: '1,563', line: 6, column: 2 });
  });
});

// ------------------------------------------------------------------------------------------

describe('decodeText', () => {
  const cases: [string, Uint8Array, string, string][] = [
    ['Windows-1252 £ (0xA3)', Uint8Array.from([0xa3, 0x31]), '£1', 'windows-1252'],
    [
      'Windows-1252 en dash and €',
      Uint8Array.from([0x96, 0x31, 0x2c, 0x80]),
      '–1,€',
      'windows-1252',
    ],
    [
      'Windows-1252 curly quotes',
      Uint8Array.from([0x93, 0x61, 0x94, 0x92]),
      '\u201ca\u201d\u2019',
      'windows-1252',
    ],
    ['Windows-1252 undefined byte kept', Uint8Array.from([0x81, 0xa3]), '\u0081£', 'windows-1252'],
    ['UTF-8 £', Uint8Array.from([0xc2, 0xa3, 0x31]), '£1', 'utf-8'],
    ['UTF-8 BOM removed', Uint8Array.from([0xef, 0xbb, 0xbf, 0xc2, 0xa3, 0x31]), '£1', 'utf-8-bom'],
    ['UTF-8 BOM only', Uint8Array.from([0xef, 0xbb, 0xbf]), '', 'utf-8-bom'],
    ['UTF-16LE BOM', Uint8Array.from([0xff, 0xfe, 0xa3, 0x00, 0x31, 0x00]), '£1', 'utf-16le'],
    ['UTF-16BE BOM', Uint8Array.from([0xfe, 0xff, 0x00, 0xa3, 0x00, 0x31]), '£1', 'utf-16be'],
    ['UTF-16LE no BOM', utf16('a,£1\r\n', false, false), 'a,£1\r\n', 'utf-16le'],
    ['UTF-16BE no BOM', utf16('a,£1\r\n', true, false), 'a,£1\r\n', 'utf-16be'],
    ['empty', new Uint8Array(0), '', 'utf-8'],
    ['ASCII', utf8('a,b'), 'a,b', 'utf-8'],
    ['UTF-8 with a BOM mid-file is kept', utf8('a\ufeffb'), 'a\ufeffb', 'utf-8'],
    [
      'Windows-1252 that is not UTF-8: 0xA3 0xA3',
      Uint8Array.from([0xa3, 0xa3]),
      '££',
      'windows-1252',
    ],
  ];
  it.each(cases)('%s', (_name, bytes, text, encoding) => {
    expect(decodeText(bytes)).toEqual({ text, encoding });
  });

  it('decodes every Windows-1252 byte as the WHATWG table does', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    all[0] = 0x20; // keep it from looking like UTF-16
    const { text, encoding } = decodeText(all);
    expect(encoding).toBe('windows-1252');
    expect(text).toHaveLength(256);
    expect(text.charCodeAt(0x41)).toBe(0x41);
    expect(text.charCodeAt(0x80)).toBe(0x20ac);
    expect(text.charCodeAt(0x85)).toBe(0x2026);
    expect(text.charCodeAt(0x96)).toBe(0x2013);
    expect(text.charCodeAt(0x97)).toBe(0x2014);
    expect(text.charCodeAt(0x9f)).toBe(0x0178);
    expect(text.charCodeAt(0xa0)).toBe(0xa0);
    expect(text.charCodeAt(0xa3)).toBe(0xa3);
    expect(text.charCodeAt(0xff)).toBe(0xff);
  });

  it('leaves a UTF-8 BOM file that has bad bytes readable', () => {
    const r = decodeText(Uint8Array.from([0xef, 0xbb, 0xbf, 0x61, 0xa3, 0x62]));
    expect(r).toEqual({ text: 'a\ufffdb', encoding: 'utf-8-bom' });
  });
});

// ------------------------------------------------------------------------------------------

describe('detectSeparator', () => {
  const cases: [string, string, string][] = [
    ['UK header', 'Service area,2017-18 £000,Proposed resolution\nHR,130,To be absorbed', ','],
    [
      'semicolon, continental numbers',
      'Posten;2017-18;2018-19\nDruck;1.563;2.474\nPapier;12,5;3,25',
      ';',
    ],
    ['semicolon, decimal commas in every row', 'A;1,5;2,5\nB;3,5;4,5\nC;1,25;0,5', ';'],
    ['tab copy-paste', 'Pressures\t1,563\t0\nCCC\t468\t706\nTotal ask\t4,158\t2,474', '\t'],
    ['tab, every row has a thousands comma', 'Direct Employees\t45,876\nIncome\t11,333', '\t'],
    ['comma, quoted semicolons', 'a,b\n"x;y;z",1\n"p;q;r",2', ','],
    ['comma, quoted tabs', 'a,b,c\n"x\ty",1,2', ','],
    ['semicolon, quoted commas', 'a;b;c\n"1,2,3,4,5";x;y\n"6,7,8,9";z;w', ';'],
    ['comma, quoted newlines', 'a,b\n"line 1\nline 2; more; more",1\nc,2', ','],
    ['comma with unquoted semicolons in one note', 'a,b,c\nx,1,note; see\ny,2,z\nw,3,v', ','],
    ['single column', 'Total\n1\n2', ','],
    ['empty', '', ','],
    ['only blank lines', '\n\n\r\n', ','],
    ['tie of comma and semicolon prefers comma', 'a,b;c\nd,e;f', ','],
    ['tie of semicolon and tab prefers semicolon', 'a;b\tc\nd;e\tf', ';'],
    ['Excel sep= line', 'sep=;\na,b;c\nd,e;f', ';'],
    ['Excel sep= tab line', 'sep=\t\r\na,b\tc', '\t'],
    [
      'title row with no separator',
      'Table 4: Income/Expenditure Analysis\n\nLine;£000\nA;1\nB;2',
      ';',
    ],
    ['more consistent wins over more fields', 'a,b,c,d;e\nf;g\nh;i\nj;k', ';'],
    ['ragged comma rows', 'a,b,c\nd,e\nf,g,h\ni\nj,k,l', ','],
    ['numbers only, comma', '1,2,3\n4,5,6', ','],
  ];
  it.each(cases)('%s', (_name, text, expected) => {
    expect(detectSeparator(text)).toBe(expected);
  });

  it('looks only at the first 20 non-blank lines', () => {
    const head = Array.from({ length: 20 }, (_, i) => `r${i};1;2`).join('\n');
    const tail = Array.from({ length: 40 }, (_, i) => `r${i},1,2,3`).join('\n');
    expect(detectSeparator(`${head}\n\n\n${tail}`)).toBe(';');
  });
});

// ------------------------------------------------------------------------------------------

describe('parseCsv', () => {
  const parse = (s: string) => parseCsv(utf8(s));

  const shapes: [string, string, string[][]][] = [
    ['empty file', '', []],
    ['one cell', 'a', [['a']]],
    ['final LF ignored', 'a,b\n', [['a', 'b']]],
    ['final CRLF ignored', 'a,b\r\n', [['a', 'b']]],
    ['final CR ignored', 'a,b\r', [['a', 'b']]],
    ['only one final line end is ignored', 'a\n\n', [['a'], ['']]],
    ['blank line is a row of one empty cell', 'a\n\nb', [['a'], [''], ['b']]],
    ['just a line end', '\n', [['']]],
    [
      'CR line ends',
      'a,b\rc,d\r',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ],
    ['mixed line ends', 'a\r\nb\nc\rd', [['a'], ['b'], ['c'], ['d']]],
    ['ragged rows kept', 'a,b,c\nd\ne,f', [['a', 'b', 'c'], ['d'], ['e', 'f']]],
    ['empty fields', ',a,,b,', [['', 'a', '', 'b', '']]],
    [
      'trailing separator then line end',
      'a,\nb,',
      [
        ['a', ''],
        ['b', ''],
      ],
    ],
    ['spaces kept', ' a , b ', [[' a ', ' b ']]],
    ['quoted comma', '"a, b",c', [['a, b', 'c']]],
    ['escaped quotes', '"say ""hi""",x', [['say "hi"', 'x']]],
    ['quoted empty', '"",""', [['', '']]],
    ['only an escaped quote', '""""', [['"']]],
    ['spaces inside quotes kept', '"  a  ",b', [['  a  ', 'b']]],
    ['quote in an unquoted field is literal', '5" disk,a"b', [['5" disk', 'a"b']]],
    ['space before a quote makes it literal', 'a, "b",c', [['a', ' "b"', 'c']]],
    ['text after a closing quote is kept', '"a"b,c', [['ab', 'c']]],
    ['quoted field at end without line end', 'a,"b"', [['a', 'b']]],
    ['quoted separator-only', '",",";"', [[',', ';']]],
  ];
  it.each(shapes)('%s', (_name, text, rows) => {
    expect(texts(parse(text))).toEqual(rows);
  });

  it('gives each cell its line and column', () => {
    const t = parse('a,b\r\nc,d,e\r\n\r\nf');
    expect(t.rows).toEqual([
      [
        { text: 'a', line: 1, column: 1 },
        { text: 'b', line: 1, column: 2 },
      ],
      [
        { text: 'c', line: 2, column: 1 },
        { text: 'd', line: 2, column: 2 },
        { text: 'e', line: 2, column: 3 },
      ],
      [{ text: '', line: 3, column: 1 }],
      [{ text: 'f', line: 4, column: 1 }],
    ]);
  });

  const breaks: [string, string][] = [
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['CR', '\r'],
  ];
  it.each(breaks)('counts line breaks inside quotes (%s) for later cells', (_name, nl) => {
    const text = ['h1,h2', `a,"one${nl}two${nl}three"`, `b,"x${nl}${nl}y",z`, 'c,d', ''].join(nl);
    const t = parse(text);
    expect(t.rows).toEqual([
      [
        { text: 'h1', line: 1, column: 1 },
        { text: 'h2', line: 1, column: 2 },
      ],
      [
        { text: 'a', line: 2, column: 1 },
        { text: `one${nl}two${nl}three`, line: 2, column: 2 },
      ],
      [
        { text: 'b', line: 5, column: 1 },
        { text: `x${nl}${nl}y`, line: 5, column: 2 },
        { text: 'z', line: 7, column: 3 },
      ],
      [
        { text: 'c', line: 8, column: 1 },
        { text: 'd', line: 8, column: 2 },
      ],
    ]);
  });

  it('keeps a line break inside quotes exactly as written', () => {
    const t = parse('"a\r\nb","c\nd","e\rf"\n');
    expect(texts(t)).toEqual([['a\r\nb', 'c\nd', 'e\rf']]);
  });

  it('a field after an embedded line break starts on the later line', () => {
    const t = parse('"x\ny",after');
    expect(t.rows[0][1]).toEqual({ text: 'after', line: 2, column: 2 });
  });

  describe('unterminated quote', () => {
    const cases: [string, string, number][] = [
      ['on the first line', '"abc', 1],
      ['later, spanning lines', 'a,b\nc,"d\ne\nf', 2],
      ['after embedded line breaks', '"x\ny",1\nz,"open', 3],
      ['escaped quote at the end does not close', 'a,"b""', 1],
      ['just a quote', '"', 1],
    ];
    it.each(cases)('%s', (_name, text, line) => {
      let error: unknown;
      try {
        parse(text);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(CsvError);
      expect(error).toBeInstanceOf(Error);
      const e = error as CsvError;
      expect(e.line).toBe(line);
      expect(e.name).toBe('CsvError');
      expect(e.message).toContain(`Line ${line}`);
    });
  });

  it('reads a Windows-1252 file with £ and an en dash', () => {
    const t = parseCsv(cp1252('Item,Amount\r\nPrinting,£1,563\r\nRefund,–£200\r\n'));
    expect(t.encoding).toBe('windows-1252');
    expect(texts(t)).toEqual([
      ['Item', 'Amount'],
      ['Printing', '£1', '563'],
      ['Refund', '–£200'],
    ]);
    const q = parseCsv(cp1252('Item,Amount\r\nPrinting,"£1,563"\r\nRefund,–£200\r\n'));
    expect(texts(q)[1]).toEqual(['Printing', '£1,563']);
    expect(parseAmount(texts(q)[1][1])).toMatchObject({ value: 1563 });
    expect(parseAmount(texts(q)[2][1])).toMatchObject({ value: -200 });
  });

  it('reads a UTF-8 BOM file: the BOM is not part of the first cell', () => {
    const t = parseCsv(utf8Bom('Service area,2017-18 £000\r\nHR (NBC Contract),130\r\n'));
    expect(t.encoding).toBe('utf-8-bom');
    expect(cell(t, 0, 0).text).toBe('Service area');
    expect(cell(t, 0, 1).text).toBe('2017-18 £000');
  });

  it('reads a tab file', () => {
    const t = parse('\t2017-18\t2018-19\nPressures\t1,563\t0\nCCC\t"468"\tTBD\n');
    expect(t.separator).toBe('\t');
    expect(texts(t)).toEqual([
      ['', '2017-18', '2018-19'],
      ['Pressures', '1,563', '0'],
      ['CCC', '468', 'TBD'],
    ]);
  });

  it('reads a semicolon file with continental numbers', () => {
    const t = parse('Posten;2017-18;2018-19\r\nDruck;1.563;-1.862\r\nPapier;"12,5";0\r\n');
    expect(t.separator).toBe(';');
    expect(texts(t)).toEqual([
      ['Posten', '2017-18', '2018-19'],
      ['Druck', '1.563', '-1.862'],
      ['Papier', '12,5', '0'],
    ]);
    expect(parseAmount('1.563', { decimalMark: ',' })).toMatchObject({ value: 1563 });
  });

  it('skips an Excel sep= line but keeps file line numbers', () => {
    const t = parse('sep=;\r\na,b;c\r\nd;e\r\n');
    expect(t.separator).toBe(';');
    expect(t.rows).toEqual([
      [
        { text: 'a,b', line: 2, column: 1 },
        { text: 'c', line: 2, column: 2 },
      ],
      [
        { text: 'd', line: 3, column: 1 },
        { text: 'e', line: 3, column: 2 },
      ],
    ]);
  });

  it('takes a separator from the caller', () => {
    const t = parseCsv(utf8('a,b;c\n'), { separator: ';' });
    expect(t.separator).toBe(';');
    expect(texts(t)).toEqual([['a,b', 'c']]);
  });

  it('handles a large file', () => {
    const rows = Array.from({ length: 20000 }, (_, i) => `Row ${i},"${i},000",-${i}`);
    const t = parse(rows.join('\r\n'));
    expect(t.rows).toHaveLength(20000);
    expect(t.rows[19999]).toEqual([
      { text: 'Row 19999', line: 20000, column: 1 },
      { text: '19999,000', line: 20000, column: 2 },
      { text: '-19999', line: 20000, column: 3 },
    ]);
  });
});
