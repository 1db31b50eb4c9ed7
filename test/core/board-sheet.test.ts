/**
 * The pane's Board timeline sheet (core/board/sheet.ts) and the page setup decisions the pane
 * shares with the command line (core/sync/print-setup.ts): who owns the sheet, where pictures go,
 * when a page setup is the user's, and footers Excel takes.
 */
import { describe, expect, it } from 'vitest';
import { PAGE_SIZES, type BoardDocument } from '../../core/board/drawing.js';
import {
  BOARD_PICTURE_PREFIX,
  BOARD_ROW_HEIGHT,
  boardSheetLayout,
  boardSheetRefusal,
  isOwnBoardSheet,
} from '../../core/board/sheet.js';
import { dayFromYMD } from '../../core/dates.js';
import {
  footerSections,
  hasOwnPageSetup,
  type ObservedPageSetup,
  type PrintSetup,
} from '../../core/sync/print-setup.js';
import { sheet } from './build.js';

const REPORT = dayFromYMD(2020, 11, 13)!;

function doc(pages: number): BoardDocument {
  const { width, height } = PAGE_SIZES['16:9'];
  return {
    title: 'Shared services',
    description: 'Timeline',
    lang: 'en-GB',
    pages: Array.from({ length: pages }, () => ({ width, height, shapes: [] })),
  };
}

describe('the Board timeline sheet', () => {
  it('stacks a heading row and a picture per page, rows 15 pt, pictures the page size', () => {
    const layout = boardSheetLayout(doc(3), {
      planSheet: 'Plan',
      reportDate: REPORT,
      rows: 60,
      notDrawn: 2,
    });
    expect(layout.title).toBe('Board timeline: Shared services, as at 13 Nov 2020');
    expect(layout.note).toBe(
      'Drawn by plan-sync from sheet "Plan": 60 tasks on 3 pages; 2 could not be drawn and are listed on the picture. Run Board timeline again to redraw it; changes made on this sheet are replaced.',
    );
    // 540 pt is 36 rows: heading in row 4, picture from row 5, a blank row, the next heading.
    expect(layout.pictures.map((p) => [p.headingRow, p.top, p.heading])).toEqual([
      [4, 4 * BOARD_ROW_HEIGHT, 'Page 1 of 3'],
      [42, 42 * BOARD_ROW_HEIGHT, 'Page 2 of 3'],
      [80, 80 * BOARD_ROW_HEIGHT, 'Page 3 of 3'],
    ]);
    for (const p of layout.pictures) {
      expect([p.width, p.height]).toEqual([960, 540]);
      expect(p.name.startsWith(BOARD_PICTURE_PREFIX)).toBe(true);
      expect(p.svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    }
    expect(layout.pictures[2].svg).toContain('<svg class="page" data-page="3" x="0" y="0"');
    expect(layout.rows).toBe(118);
    // One page: the heading is the board's title.
    expect(
      boardSheetLayout(doc(1), { planSheet: 'Plan', reportDate: REPORT, rows: 1, notDrawn: 0 })
        .pictures[0].heading,
    ).toBe('Shared services');
  });

  it('is plan-sync’s when A1 and A2 are as it writes them and every picture is its own', () => {
    const ours = sheet('Board timeline', [
      ['Board timeline: Shared services, as at 13 Nov 2020'],
      ['Drawn by plan-sync from sheet "Plan": 3 tasks on 1 page.'],
      [],
      ['Page 1 of 2'],
    ]);
    expect(isOwnBoardSheet(ours, ['plan-sync board page 1', 'plan-sync board page 2'])).toBe(true);
    expect(boardSheetRefusal(ours, ['plan-sync board page 1'])).toBeNull();
    expect(boardSheetRefusal(null, [])).toBeNull();
    // Empty: nothing to lose.
    expect(isOwnBoardSheet(sheet('Board timeline', []), [])).toBe(true);
    // A picture of the user's, or their own text: theirs.
    expect(isOwnBoardSheet(ours, ['plan-sync board page 1', 'Logo'])).toBe(false);
    expect(isOwnBoardSheet(sheet('Board timeline', []), ['Picture 3'])).toBe(false);
    const theirs = sheet('Board timeline', [['Board timeline: my notes'], ['for the board']]);
    expect(boardSheetRefusal(theirs, [])).toBe(
      'Sheet "Board timeline" is not one plan-sync made, and Board timeline draws the picture on a sheet of that name (replacing what is on it). Rename your sheet (or move it to another workbook), then try again; nothing was changed.',
    );
    expect(boardSheetRefusal({ ...ours, protected: true }, [])).toMatch(
      /^Sheet "Board timeline" is protected, .*Unprotect Sheet/,
    );
  });
});

const NONE: ObservedPageSetup = {
  orientation: 'portrait',
  scale: 100,
  fitToWidth: null,
  fitToHeight: null,
  header: { left: '', centre: '', right: '' },
  footer: { left: '', centre: '', right: '' },
  printTitleRows: false,
  printTitleColumns: false,
  printArea: false,
};

describe('a page setup of the user’s (as the pane reads it)', () => {
  it('is none for portrait at 100% with no header, footer, titles or area', () => {
    expect(hasOwnPageSetup(NONE)).toBe(false);
  });

  it.each<[string, Partial<ObservedPageSetup>]>([
    ['landscape', { orientation: 'landscape' }],
    ['a scale', { scale: 80 }],
    ['fitted to pages', { scale: null, fitToWidth: 1, fitToHeight: 0 }],
    ['a header', { header: { left: '', centre: 'OFFICIAL', right: '' } }],
    ['a footer', { footer: { left: 'Draft', centre: '', right: '' } }],
    ['print titles', { printTitleRows: true }],
    ['title columns', { printTitleColumns: true }],
    ['a print area', { printArea: true }],
  ])('is the user’s with %s', (_, change) => {
    expect(hasOwnPageSetup({ ...NONE, ...change })).toBe(true);
  });

  it('is not the user’s when plan-sync set it (its footer holds the report date)', () => {
    expect(
      hasOwnPageSetup({
        ...NONE,
        orientation: 'landscape',
        scale: null,
        fitToWidth: 1,
        fitToHeight: 0,
        printTitleRows: true,
        footer: { left: 'Programme', centre: 'Page &P of &N', right: 'Report date 13 Nov 2020' },
      }),
    ).toBe(false);
  });
});

describe('the footer as Excel takes it', () => {
  const setup = (left: string): PrintSetup => ({
    paper: 'a4',
    orientation: 'landscape',
    fitToWidth: 1,
    fitToHeight: 0,
    titleRows: { first: 1, last: 2 },
    titleColumns: { first: 1, last: 3 },
    footer: { left, centre: 'Page &P of &N', right: 'Report date 13 Nov 2020' },
  });

  it('doubles a literal & and keeps the page codes', () => {
    expect(footerSections(setup('Shared services & HR'))).toEqual({
      left: 'Shared services && HR',
      centre: 'Page &P of &N',
      right: 'Report date 13 Nov 2020',
    });
  });

  it('shortens a long programme name so the footer stays within 255 characters', () => {
    for (const name of ['x'.repeat(400), `${'&'.repeat(150)}`, `${'a&'.repeat(150)}`]) {
      const f = footerSections(setup(name));
      expect(6 + f.left.length + f.centre.length + f.right.length).toBeLessThanOrEqual(255);
      expect(f.left.endsWith('…')).toBe(true);
      // No `&` is left unpaired (it would start a code).
      expect((/&*…$/.exec(f.left)![0].length - 1) % 2).toBe(0);
    }
  });
});
