/**
 * The board pack of `plan-sync report --pdf/--pptx`, on the seed programme workbook (written by
 * openpyxl): read back with pdfinfo and pdftotext, the slides opened in LibreOffice Impress, and
 * the pages rendered with pdftoppm into test-output/review/11c/ to be looked at.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { writeProgrammeXlsx } from '../helpers/highlight-programme.js';
import { presentationPdfWithLibreOffice } from '../helpers/libreoffice.js';

interface PackJson {
  programme: { declared: string | null; computed: string | null; trend: string };
  workstreams: { name: string; declared: string | null; computed: string | null }[];
  written: string | null;
  pack: { file: string; pages: number; written: boolean }[];
}

const dir = mkdtempSync(join(tmpdir(), 'plan-sync-pack-'));
const source = join(dir, 'programme.xlsx');
const review = join(process.cwd(), 'test-output', 'review', '11c');
const squash = (text: string) => text.replace(/\s+/g, ' ');
const pageText = (pdf: string, page: number) =>
  squash(
    execFileSync('pdftotext', ['-enc', 'UTF-8', '-f', String(page), '-l', String(page), pdf, '-'], {
      encoding: 'utf8',
    }),
  );
const pageCount = (pdf: string) =>
  Number(/^Pages:\s+(\d+)$/m.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);

const PROGRAMME = 'LGSS Business Transition Programme';
const WORDS: Record<string, string> = {
  Red: 'Red',
  'Amber/Red': 'Amber/Red',
  Amber: 'Amber',
  'Amber/Green': 'Amber/Green',
  Green: 'Green',
  Complete: 'Complete',
  'Not started': 'Not started',
};

describe('plan-sync report --pdf --pptx: the board pack', () => {
  const out = join(dir, 'report.xlsx');
  const pdf = join(dir, 'pack.pdf');
  const pptx = join(dir, 'pack.pptx');
  let json: PackJson;
  let code: number;
  let timelinePagesA4: number;
  let timelinePages169: number;

  beforeAll(async () => {
    writeProgrammeXlsx(source, dir);
    const run = await cli([
      'report',
      source,
      '-o',
      out,
      '--report-date',
      '2020-11-13',
      '--pdf',
      pdf,
      '--pptx',
      pptx,
      '--json',
    ]);
    code = run.code;
    json = JSON.parse(run.stdout) as PackJson;
    // The timeline alone, as the export command draws it, for the page counts.
    const counts: number[] = [];
    for (const page of ['a4', '16:9']) {
      const e = await cli([
        'export',
        source,
        '-o',
        join(dir, `timeline-${page === 'a4' ? 'a4' : 'wide'}.pdf`),
        '--page',
        page,
        '--report-date',
        '2020-11-13',
        '--json',
      ]);
      counts.push((JSON.parse(e.stdout) as { summary: { pages: number } }).summary.pages);
    }
    [timelinePagesA4, timelinePages169] = counts;
    mkdirSync(review, { recursive: true });
  });

  it('writes the workbook and both pack files, and says so', () => {
    expect(code).toBe(0);
    expect(json.written).toBe(out);
    expect(existsSync(out)).toBe(true);
    expect(json.pack.map((p) => p.file)).toEqual([pdf, pptx]);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    expect(readFileSync(pptx).subarray(0, 2).toString()).toBe('PK');
  });

  it('the PDF: summary, one page per workstream, then the timeline, on A4 landscape', () => {
    const n = json.workstreams.length;
    expect(n).toBeGreaterThanOrEqual(8);
    expect(pageCount(pdf)).toBe(1 + n + timelinePagesA4);
    expect(json.pack[0].pages).toBe(1 + n + timelinePagesA4);
    expect(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' })).toMatch(
      /Page size:\s+841\.89 x 595\.28 pts/,
    );

    const summary = pageText(pdf, 1);
    expect(summary).toContain(`${PROGRAMME}: highlight report`);
    expect(summary).toContain('Report date 13 Nov 2020');
    expect(summary).toContain(`Programme Declared ${WORDS[json.programme.declared!]}`);
    expect(summary).toContain(`Computed ${WORDS[json.programme.computed!]}`);
    expect(summary).toMatch(/[▲►▼●] (better|same|worse|new)/);
    for (const w of json.workstreams) {
      // Each row: the name, then its declared and computed status words.
      const at = summary.indexOf(w.name);
      expect(at, w.name).toBeGreaterThan(-1);
      const row = summary.slice(at + w.name.length);
      expect(row.trimStart().includes(w.declared ?? 'No status'), w.name).toBe(true);
    }

    json.workstreams.forEach((w, i) => {
      const text = pageText(pdf, 2 + i);
      expect(text.startsWith(`${w.name} Lead:`), text.slice(0, 80)).toBe(true);
      expect(text).toContain(`Declared ${w.declared ?? 'No status'}`);
      expect(text).toContain(`Computed ${w.computed ?? 'No status'}`);
      for (const heading of [
        'Progress to date',
        'Milestones due',
        'Completed since the previous report',
        'Overdue',
        'Slipped against baseline',
        'Open risks and issues',
        'Escalations',
      ])
        expect(text).toContain(heading);
    });
    // Governance's milestones due in the four weeks after 13 November 2020.
    expect(pageText(pdf, 2)).toMatch(/26 Nov 2020.*Joint Committee/);

    const timeline = pageText(pdf, 2 + json.workstreams.length);
    expect(timeline).toContain(PROGRAMME);
    expect(timeline).not.toContain('highlight report');

    execFileSync('pdftoppm', ['-r', '60', '-png', pdf, join(review, 'pack')]);
  });

  it('the slides open in LibreOffice Impress with the same pages and words', () => {
    const n = json.workstreams.length;
    const converted = presentationPdfWithLibreOffice(pptx, join(dir, 'impress'));
    expect(pageCount(converted)).toBe(1 + n + timelinePages169);
    const summary = pageText(converted, 1);
    expect(summary).toContain(`${PROGRAMME}: highlight report`);
    expect(summary).toContain(WORDS[json.programme.computed!]);
    json.workstreams.forEach((w, i) => {
      const text = pageText(converted, 2 + i);
      expect(text).toContain(w.name);
      expect(text).toContain(w.declared ?? 'No status');
      expect(text).toContain(w.computed ?? 'No status');
    });
    expect(pageText(converted, 2 + n)).toContain(PROGRAMME);
    execFileSync('pdftoppm', [
      '-r',
      '50',
      '-f',
      '1',
      '-l',
      '3',
      '-png',
      converted,
      join(review, 'slides'),
    ]);
  });

  it('a dry run writes no pack', async () => {
    const again = join(dir, 'dry.pdf');
    const r = await cli([
      'report',
      source,
      '--dry-run',
      '--pdf',
      again,
      '--report-date',
      '2020-11-13',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Dry run: would write the board pack ${again}`);
    expect(existsSync(again)).toBe(false);
  });

  it('--page a3 draws the pack on A3, with the summary and every workstream still in words', async () => {
    const a3 = join(dir, 'pack-a3.pdf');
    const r = await cli([
      'report',
      source,
      '-o',
      join(dir, 'report-a3.xlsx'),
      '--pdf',
      a3,
      '--page',
      'A3',
      '--report-date',
      '2020-11-13',
    ]);
    expect(r.code).toBe(0);
    expect(execFileSync('pdfinfo', [a3], { encoding: 'utf8' })).toMatch(
      /Page size:\s+1190\.55 x 841\.89 pts/,
    );
    expect(pageText(a3, 1)).toContain(`${PROGRAMME}: highlight report`);
    // Flags in words, as on the sheet: a board does not read rule ids.
    expect(pageText(a3, 1)).toContain('differs from roll-up');
    expect(pageText(a3, 1)).not.toMatch(/rag-rollup|report-placeholder/);
    for (const [i, ws] of json.workstreams.entries())
      expect(pageText(a3, i + 2)).toContain(ws.name);
  });

  it('--page without a pack, or not a page size, is a usage error naming the choices', async () => {
    const alone = await cli(['report', source, '--page', 'a3', '--dry-run']);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain('--page is the board pack');
    const wrong = await cli(['report', source, '--pdf', join(dir, 'x.pdf'), '--page', 'a5']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('is not one of 16:9, a4, a3');
    expect(existsSync(join(dir, 'x.pdf'))).toBe(false);
  });
});
