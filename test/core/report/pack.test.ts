import { describe, expect, it } from 'vitest';
import { dayFromYMD, type Day } from '../../../core/dates.js';
import { MIN_FONT_SIZE, PAGE_SIZES, type Page } from '../../../core/board/drawing.js';
import { layoutBoard } from '../../../core/board/layout.js';
import { textWidth } from '../../../core/board/text.js';
import { readPlan } from '../../../core/plan/read.js';
import { RAG_LABEL } from '../../../core/rag.js';
import { buildHighlightReport } from '../../../core/report/build.js';
import { boardPack, packNotes } from '../../../core/report/pack.js';
import { findRaidSheet, readRaidLog } from '../../../core/report/raid.js';
import type { Finding } from '../../../core/findings.js';
import { programmeWorkbook } from '../../helpers/highlight-programme.js';

const day = (iso: string): Day => {
  const [y, m, dd] = iso.split('-').map(Number);
  return dayFromYMD(y, m, dd)!;
};

function seedReport() {
  const wb = programmeWorkbook();
  const read = readPlan(wb);
  if (!read.ok) throw new Error(read.reason);
  const findings: Finding[] = [];
  const raidName = findRaidSheet(wb.sheets.map((s) => s.name));
  const raidSheet = wb.sheets.find((s) => s.name === raidName)!;
  const raid = readRaidLog(raidSheet, findings);
  const plan = read.plan;
  return {
    plan,
    report: buildHighlightReport({ plan, reportDate: day('2020-11-13'), raid, history: [] }),
  };
}

const texts = (page: Page) => page.shapes.flatMap((s) => (s.kind === 'text' ? [s] : []));

describe('the board pack as a board document', () => {
  const { plan, report } = seedReport();
  // A workstream with far more to say than a page holds.
  const busy = report.workstreams[0];
  busy.overdue = Array.from({ length: 40 }, (_, i) => ({
    id: `9.${i + 1}`,
    task: `Overdue task number ${i + 1} with a long name that goes on and on past the column`,
    row: 100 + i,
    date: day('2020-10-01'),
  }));
  busy.progressToDate = Array.from({ length: 60 }, () => 'Progress was made on many fronts.').join(
    ' ',
  );
  const { document, summary } = boardPack(report, plan, { page: 'a4' });
  const timeline = layoutBoard(plan, { reportDate: report.reportDate, page: 'a4' });

  it('is the summary, one page per workstream, then the board timeline', () => {
    expect(document.pages.length).toBe(
      1 + report.workstreams.length + timeline.document.pages.length,
    );
    expect(summary).toEqual({
      pages: document.pages.length,
      summaryPages: 1,
      workstreamPages: report.workstreams.length,
      timelinePages: timeline.document.pages.length,
    });
    expect(document.pages.slice(1 + report.workstreams.length)).toEqual(timeline.document.pages);
    for (const p of document.pages)
      expect([p.width, p.height]).toEqual([PAGE_SIZES.a4.width, PAGE_SIZES.a4.height]);
  });

  it('sets no text below 9 pt and keeps every line inside its page', () => {
    for (const page of document.pages.slice(0, 1 + report.workstreams.length))
      for (const t of texts(page)) {
        expect(t.size).toBeGreaterThanOrEqual(MIN_FONT_SIZE);
        const w = textWidth(t.text, t.size, t.bold);
        const left = t.anchor === 'start' ? t.x : t.anchor === 'middle' ? t.x - w / 2 : t.x - w;
        expect(left, t.text).toBeGreaterThanOrEqual(0);
        expect(left + w, t.text).toBeLessThanOrEqual(page.width);
        expect(t.y, t.text).toBeLessThanOrEqual(page.height);
      }
  });

  it('writes every status as its word inside its coloured box', () => {
    const page = document.pages[0];
    const chips = page.shapes.filter((s) => s.kind === 'rect' && s.title);
    // The programme's two and two for each workstream.
    expect(chips.length).toBe(2 + 2 * report.workstreams.length);
    for (const chip of chips) {
      if (chip.kind !== 'rect') continue;
      const inside = texts(page).filter(
        (t) => t.x > chip.x && t.x < chip.x + chip.w && t.y > chip.y && t.y < chip.y + chip.h,
      );
      expect(inside.map((t) => t.text)).toEqual([chip.title]);
    }
    const words = texts(page).map((t) => t.text);
    for (const w of report.workstreams) {
      expect(words).toContain(w.declared === null ? 'No status' : RAG_LABEL[w.declared]);
      expect(words.some((t) => /^[▲►▼●] (better|same|worse|new)$/.test(t))).toBe(true);
    }
  });

  it('cuts a long list with a count of what is left out, and keeps it whole in the notes', () => {
    const page = document.pages[1];
    const shown = texts(page).filter((t) => /^due 1 Oct 2020 {2}9\.\d+/.test(t.text)).length;
    expect(shown).toBeGreaterThanOrEqual(2);
    expect(shown).toBeLessThan(40);
    expect(texts(page).map((t) => t.text)).toContain(`… and ${40 - shown} more`);
    expect(texts(page).map((t) => t.text)).toContain(
      '… and the rest is on the Highlight report sheet',
    );
    // Nothing runs off the bottom of the page.
    for (const t of texts(page)) expect(t.y).toBeLessThanOrEqual(page.height - 12);
    expect(packNotes(document, 1)).toContain('Overdue task number 1 with a long name');
  });

  it('cuts a summary table longer than the page with a count of the workstreams left out', () => {
    const many = {
      ...report,
      workstreams: Array.from({ length: 30 }, (_, i) => ({
        ...report.workstreams[i % report.workstreams.length],
        name: `Workstream ${i + 1}`,
      })),
    };
    const pack = boardPack(many, plan, { page: '16:9' });
    expect(pack.document.pages.length).toBe(1 + 30 + pack.summary.timelinePages);
    const first = texts(pack.document.pages[0]).map((t) => t.text);
    const rows = first.filter((t) => /^Workstream \d+$/.test(t)).length;
    expect(rows).toBeGreaterThan(10);
    expect(rows).toBeLessThan(30);
    expect(first).toContain(`… and ${30 - rows} more workstreams, each on its own page.`);
    // The count line stays clear of the footer's two lines.
    const ys = texts(pack.document.pages[0]).map((t) => [t.text, t.y] as const);
    const more = ys.find(([t]) => t.startsWith('… and'))![1];
    const footer = Math.min(
      ...ys.filter(([t]) => /^Each status|rolled up/.test(t)).map(([, y]) => y),
    );
    expect(footer).toBeLessThan(PAGE_SIZES['16:9'].height);
    expect(footer - 9 - more).toBeGreaterThanOrEqual(3);
  });
});
