import { describe, expect, it } from 'vitest';
import type { CellStyle } from '../../core/sync/edits.js';
import { blockWrites, chunkAreas } from '../../addin/range-formats.js';

describe('blockWrites', () => {
  // A 4x5 block at K3: a header row of dates, two bars, a report column with a border.
  const styles: CellStyle[] = [
    { numFmt: 'mmm-yy', bold: true, fill: 'F3F2F1' },
    { fill: '00703C' },
    { borderLeft: '4C2C92', borderRight: '4C2C92' },
    { fill: '00703C', borderLeft: '4C2C92', borderRight: '4C2C92' },
  ];
  const grid = [
    [0, 0, 0, 0, 0],
    [1, 1, 3, -1, -1],
    [-1, 1, 3, 1, -1],
    [-1, -1, 2, -1, -1],
  ];
  const block = {
    width: 5,
    height: 4,
    styles: Int32Array.from(grid.flat()),
    values: new Map<number, number | string>([
      [0, 43891],
      [1, 43922],
      [2, 43952],
      [3, 43983],
      [4, 44013],
      [13, '◆'],
    ]),
  };
  const writes = blockWrites(block, styles, { top: 3, left: 11, bottom: 6, right: 15 });

  it('writes values in row runs', () => {
    expect(writes.values).toEqual([
      { address: 'K3:O3', rows: [[43891, 43922, 43952, 43983, 44013]] },
      { address: 'N5', rows: [['◆']] },
    ]);
  });

  it('joins the same run on the rows below into one write (a column of markers)', () => {
    const column = {
      width: 3,
      height: 4,
      styles: new Int32Array(12).fill(-1),
      values: new Map<number, number | string>([
        [0, ' '],
        [3, ' '],
        [5, '◆'],
        [6, ' '],
        [9, ' '],
      ]),
    };
    expect(blockWrites(column, [], { top: 2, left: 5, bottom: 5, right: 7 }).values).toEqual([
      { address: 'G3', rows: [['◆']] },
      { address: 'E2:E5', rows: [[' '], [' '], [' '], [' ']] },
    ]);
  });

  it('applies each property to merged rectangles of equal value', () => {
    const by = (p: keyof CellStyle) =>
      writes.formats.filter((f) => f.property === p).map((f) => [f.value, f.areas]);
    expect(by('numFmt')).toEqual([['mmm-yy', ['K3:O3']]]);
    expect(by('fill')).toEqual([
      ['F3F2F1', ['K3:O3']],
      ['00703C', ['K4:M4', 'L5:N5']],
    ]);
    // The report column's border is one rectangle down the column.
    expect(by('borderLeft')).toEqual([['4C2C92', ['M4:M6']]]);
  });

  it('covers exactly the styled cells, each once per property', () => {
    const cells = new Set<string>();
    for (const f of writes.formats.filter((x) => x.property === 'fill')) {
      for (const area of f.areas) {
        const [from, to = from] = area.split(':');
        const col = (s: string) => s.charCodeAt(0) - 64;
        for (let r = Number(from.slice(1)); r <= Number(to.slice(1)); r++) {
          for (let c = col(from); c <= col(to); c++) {
            const key = `${c}:${r}`;
            expect(cells.has(key)).toBe(false);
            cells.add(key);
          }
        }
      }
    }
    expect(cells.size).toBe(5 + 6);
  });
});

describe('chunkAreas', () => {
  it('joins areas into multi-area addresses below the limit', () => {
    const areas = Array.from({ length: 2000 }, (_, i) => `K${i + 1}:M${i + 1}`);
    const chunks = chunkAreas(areas);
    expect(chunks.every((c) => c.length <= 8000)).toBe(true);
    expect(chunks.join(',').split(',')).toEqual(areas);
  });
});
