import { describe, expect, it } from 'vitest';
import {
  applyTint,
  cellStyleIndexes,
  DEFAULT_THEME_COLOURS,
  fillColour,
  FillColours,
  hlsToRgb,
  INDEXED_COLOURS,
  normaliseHex,
  resolveColour,
  rgbToHls,
  themeColours,
} from '../../core/xlsx/fills.js';

// Excel's colour picker values (Office 2007 and 2013 themes), as Excel shows them.
const TINTS: [string, number, string][] = [
  ['4F81BD', 0.7999816888943144, 'DBE5F1'],
  ['4F81BD', 0.5999938962981048, 'B8CCE4'],
  ['4F81BD', 0.3999755851924192, '95B3D7'],
  ['4F81BD', -0.249977111117893, '366092'],
  ['4F81BD', -0.499984740745262, '244062'],
  ['FFFFFF', -0.0499893185216834, 'F2F2F2'],
  ['FFFFFF', -0.149998474074526, 'D9D9D9'],
  ['FFFFFF', -0.249977111117893, 'BFBFBF'],
  ['000000', 0.499984740745262, '7F7F7F'],
  ['70AD47', 0.5999938962981048, 'C6E0B4'],
  ['ED7D31', 0.3999755851924192, 'F4B084'],
  ['FFC000', 0.3999755851924192, 'FFD966'],
  ['5B9BD5', 0.7999816888943144, 'DDEBF7'],
  ['4472C4', 0.7999816888943144, 'D9E1F2'],
  ['ED7D31', 0.7999816888943144, 'FCE4D6'],
];

/** Largest per-channel difference between two `RRGGBB` colours. */
function channelGap(a: string, b: string): number {
  let gap = 0;
  for (let i = 0; i < 6; i += 2)
    gap = Math.max(
      gap,
      Math.abs(parseInt(a.slice(i, i + 2), 16) - parseInt(b.slice(i, i + 2), 16)),
    );
  return gap;
}

describe('applyTint', () => {
  it.each(TINTS)(
    "%s with tint %d is within two steps of Excel's picker value %s",
    (rgb, tint, excel) => {
      expect(channelGap(applyTint(rgb, tint), excel)).toBeLessThanOrEqual(2);
    },
  );
  it('leaves the colour as it is with no tint', () => {
    expect(applyTint('c0504d', 0)).toBe('C0504D');
    expect(applyTint('C0504D', NaN)).toBe('C0504D');
  });
  it('reaches white at tint 1 and black at tint -1', () => {
    expect(applyTint('C0504D', 1)).toBe('FFFFFF');
    expect(applyTint('C0504D', -1)).toBe('000000');
    expect(applyTint('C0504D', 5)).toBe('FFFFFF');
  });
  it('keeps the hue: a lighter red stays red', () => {
    const [h] = rgbToHls(1, 0, 0);
    const light = applyTint('FF0000', 0.6);
    const [h2] = rgbToHls(
      parseInt(light.slice(0, 2), 16) / 255,
      parseInt(light.slice(2, 4), 16) / 255,
      parseInt(light.slice(4, 6), 16) / 255,
    );
    expect(h2).toBeCloseTo(h, 2);
    expect(light).toBe('FF9999');
  });
});

describe('HLS round trip', () => {
  it.each([
    [0, 0, 0],
    [1, 1, 1],
    [1, 0, 0],
    [0.2, 0.6, 0.9],
    [0.5, 0.25, 0.75],
  ])('rgb(%d, %d, %d)', (r, g, b) => {
    const [h, l, s] = rgbToHls(r, g, b);
    const back = hlsToRgb(h, l, s);
    expect(back[0]).toBeCloseTo(r, 9);
    expect(back[1]).toBeCloseTo(g, 9);
    expect(back[2]).toBeCloseTo(b, 9);
  });
});

describe('normaliseHex', () => {
  it('reads ARGB, RGB and #rgb, upper case', () => {
    expect(normaliseHex('FFc0504d')).toBe('C0504D');
    expect(normaliseHex('c0504d')).toBe('C0504D');
    expect(normaliseHex('#00b050')).toBe('00B050');
  });
  it('refuses anything else', () => {
    expect(normaliseHex('red')).toBeUndefined();
    expect(normaliseHex('FFF')).toBeUndefined();
    expect(normaliseHex(undefined)).toBeUndefined();
  });
});

const THEME = `<?xml version="1.0"?><a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Office Theme"><a:themeElements><a:clrScheme name="Office">
<a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1><a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1>
<a:dk2><a:srgbClr val="44546A"/></a:dk2><a:lt2><a:srgbClr val="E7E6E6"/></a:lt2>
<a:accent1><a:srgbClr val="5B9BD5"/></a:accent1><a:accent2><a:srgbClr val="ED7D31"/></a:accent2>
<a:accent3><a:srgbClr val="A5A5A5"/></a:accent3><a:accent4><a:srgbClr val="FFC000"/></a:accent4>
<a:accent5><a:srgbClr val="4472C4"/></a:accent5><a:accent6><a:srgbClr val="70AD47"/></a:accent6>
<a:hlink><a:srgbClr val="0563C1"/></a:hlink><a:folHlink><a:srgbClr val="954F72"/></a:folHlink>
</a:clrScheme></a:themeElements></a:theme>`;

describe('themeColours', () => {
  it("lists the scheme in Excel's theme index order: lt1, dk1, lt2, dk2, accents, links", () => {
    expect(themeColours(THEME)).toEqual([
      'FFFFFF',
      '000000',
      'E7E6E6',
      '44546A',
      '5B9BD5',
      'ED7D31',
      'A5A5A5',
      'FFC000',
      '4472C4',
      '70AD47',
      '0563C1',
      '954F72',
    ]);
  });
  it('falls back to the Office 2007 colours without a theme part', () => {
    expect(themeColours(undefined)).toEqual(DEFAULT_THEME_COLOURS);
    expect(themeColours('<a:theme xmlns:a="x"/>')).toEqual(DEFAULT_THEME_COLOURS);
  });
  it('reads a system colour without lastClr by its meaning', () => {
    const xml = THEME.replace(
      '<a:sysClr val="window" lastClr="FFFFFF"/>',
      '<a:sysClr val="window"/>',
    ).replace('<a:srgbClr val="ED7D31"/>', '<a:srgbClr val="nonsense"/>');
    const colours = themeColours(xml);
    expect(colours[0]).toBe('FFFFFF');
    expect(colours[5]).toBe(DEFAULT_THEME_COLOURS[5]);
  });
});

describe('resolveColour', () => {
  const theme = themeColours(THEME);
  it('reads rgb, theme with tint, and indexed colours', () => {
    expect(resolveColour({ rgb: 'FF00B050' }, theme)).toBe('00B050');
    expect(
      channelGap(resolveColour({ theme: '9', tint: '0.5999938962981048' }, theme)!, 'C6E0B4'),
    ).toBeLessThanOrEqual(2);
    expect(resolveColour({ theme: '7' }, theme)).toBe('FFC000');
    expect(resolveColour({ indexed: '10' }, theme)).toBe('FF0000');
    expect(resolveColour({ indexed: '64' }, theme)).toBe('000000');
    expect(resolveColour({ indexed: '13', tint: '0.5' }, theme)).toBe('FFFF80');
  });
  it('gives nothing for auto or an unknown index', () => {
    expect(resolveColour({ auto: '1' }, theme)).toBeUndefined();
    expect(resolveColour({ theme: '40' }, theme)).toBeUndefined();
    expect(resolveColour({ indexed: '99' }, theme)).toBeUndefined();
  });
  it('uses a custom indexed palette when given', () => {
    const indexed = [...INDEXED_COLOURS];
    indexed[10] = '123456';
    expect(resolveColour({ indexed: '10' }, theme, indexed)).toBe('123456');
  });
});

describe('fillColour', () => {
  const theme = themeColours(THEME);
  it('is null for no fill and for the gray125 placeholder', () => {
    expect(fillColour('<fill><patternFill patternType="none"/></fill>', theme)).toBeNull();
    expect(fillColour('<fill><patternFill/></fill>', theme)).toBeNull();
    expect(fillColour('<fill><patternFill patternType="gray125"/></fill>', theme)).toBeNull();
  });
  it('is the foreground of a solid fill (prefixed or not)', () => {
    expect(
      fillColour(
        '<x:fill><x:patternFill patternType="solid"><x:fgColor theme="5" tint="0.3999755851924192"/><x:bgColor indexed="64"/></x:patternFill></x:fill>',
        theme,
      )!,
    ).toBe(applyTint('ED7D31', 0.3999755851924192));
  });
  it('falls back to the background colour, and reads a gradient by its first stop', () => {
    expect(
      fillColour(
        '<fill><patternFill patternType="solid"><bgColor rgb="FFFF0000"/></patternFill></fill>',
        theme,
      ),
    ).toBe('FF0000');
    expect(
      fillColour(
        '<fill><gradientFill degree="90"><stop position="0"><color rgb="FF92D050"/></stop><stop position="1"><color rgb="FFFFFFFF"/></stop></gradientFill></fill>',
        theme,
      ),
    ).toBe('92D050');
  });
});

const STYLES = `<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<colors><indexedColors>${INDEXED_COLOURS.slice(0, 64)
  .map((c, i) => `<rgbColor rgb="FF${i === 2 ? 'AA0000' : c}"/>`)
  .join('')}</indexedColors></colors>
<fills count="5"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>
<fill><patternFill patternType="solid"><fgColor rgb="FF00B050"/><bgColor indexed="64"/></patternFill></fill>
<fill><patternFill patternType="solid"><fgColor theme="4" tint="0.7999816888943144"/></patternFill></fill>
<fill><patternFill patternType="solid"><fgColor indexed="2"/></patternFill></fill></fills>
<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/><xf fillId="2"/><xf fillId="3"/><xf fillId="4"/><xf fillId="9"/></cellXfs>
</styleSheet>`;

describe('FillColours', () => {
  const fills = new FillColours(STYLES, THEME);
  it('resolves each cell format to the colour it paints', () => {
    expect(fills.ofStyle(0)).toBeNull();
    expect(fills.ofStyle(1)).toBe('00B050');
    expect(fills.ofStyle(2)).toBe(applyTint('5B9BD5', 0.7999816888943144));
    expect(channelGap(fills.ofStyle(2)!, 'DDEBF7')).toBeLessThanOrEqual(2);
    expect(fills.ofStyle(3)).toBe('AA0000'); // the workbook's own palette
  });
  it('is null for an unknown format or fill, and without a styles part', () => {
    expect(fills.ofStyle(4)).toBeNull();
    expect(fills.ofStyle(99)).toBeNull();
    expect(new FillColours(undefined).ofStyle(1)).toBeNull();
  });
});

describe('cellStyleIndexes', () => {
  it('lists the non-zero style of each cell by row and column, with or without references', () => {
    const xml = `<worksheet xmlns="x"><sheetData>
<row r="2"><c r="B2" s="3"><v>1</v></c><c r="D2" s="0"/><c r="E2" s="4"/></row>
<row><c s="1"/><c s="2" t="s"><v>0</v></c></row>
<row r="7" spans="1:3"/></sheetData></worksheet>`;
    const styles = cellStyleIndexes(xml);
    expect([...styles.keys()]).toEqual([2, 3]);
    expect([...styles.get(2)!]).toEqual([
      [2, 3],
      [5, 4],
    ]);
    expect([...styles.get(3)!]).toEqual([
      [1, 1],
      [2, 2],
    ]);
  });
  it('is empty for a sheet without cells', () => {
    expect(cellStyleIndexes('<worksheet><sheetData/></worksheet>').size).toBe(0);
    expect(cellStyleIndexes('<worksheet/>').size).toBe(0);
  });
});
