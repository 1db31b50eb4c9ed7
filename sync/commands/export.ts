/** `plan-sync export FILE -o OUT`: the board timeline as a slide deck, PDF, SVG or PNG. */

import { basename, dirname, extname, join } from 'node:path';
import { hasErrors } from '../../core/findings.js';
import { ukOf, type Day } from '../../core/dates.js';
import { layoutBoard, unknownWorkstreams, type BoardSummary } from '../../core/board/layout.js';
import { PAGE_SIZE_NAMES, type BoardDocument, type PageSize } from '../../core/board/drawing.js';
import { boardSvg } from '../../core/board/svg.js';
import { slideNotes } from '../../core/board/notes.js';
import { suggest } from '../../core/suggest.js';
import { oneOf, parseCommandLine } from './args.js';
import { loadPlan, PLAN_OPTIONS } from './plan-input.js';
import { assertCanWrite, safeWrite } from '../io/safe-write.js';
import {
  EXIT_CANNOT,
  EXIT_FINDINGS,
  EXIT_OK,
  parseDateOption,
  UsageError,
  type CommandIO,
} from './context.js';

export const EXPORT_HELP = `Usage: plan-sync export FILE -o OUT [options]

Draws the plan in FILE as a board-ready timeline: swimlanes by workstream, bars to the day
coloured and labelled by status, milestone diamonds with their dates, baselines, the report date
and a key. OUT's extension chooses the format: .pptx (editable slides), .pdf, .svg or .png
(at least 1,920 pixels wide; a plan longer than one page gives OUT, OUT-2.png, OUT-3.png...).
About 25 rows fit a page; longer plans continue on further pages. FILE is never changed.

Options:
  -o, --output OUT       the file to write (.pptx, .pdf, .svg or .png)
  --report-date DATE     the date marked on the timeline (default: Settings sheet, else today)
  --title TEXT           the title (default: the programme name on the Settings sheet)
  --workstream NAME      only this workstream; may be repeated
  --scale SCALE          axis ticks: auto (default), week, month or quarter
  --page SIZE            16:9 (default for .pptx, .svg, .png), a4 (default for .pdf) or a3
  --from DATE, --to DATE the window shown (default: the plan's first to last date)
  --json                 print a summary as JSON
  --sheet NAME           the plan sheet (default: Plan, Transition Plan, Programme Plan or Project Plan)
  --column FIELD=TITLE   the column titled TITLE is FIELD, as for validate
  --force                replace OUT even when it is read-only

Exit codes: 0 written, 1 written but the plan has errors (rows that cannot be drawn are listed on
the picture), 2 nothing was written (file unreadable, no plan, bad option, OUT not writable).`;

const FORMATS = ['.pptx', '.pdf', '.svg', '.png'] as const;
type Format = (typeof FORMATS)[number];
const SCALES = ['auto', 'week', 'month', 'quarter'] as const;

/** `board.png` page 3 -> `board-3.png`; page 1 keeps the name asked for. */
export function pageFileName(out: string, page: number): string {
  if (page === 1) return out;
  const ext = extname(out);
  return join(dirname(out), `${basename(out, ext)}-${page}${ext}`);
}

async function render(doc: BoardDocument, format: Format): Promise<Buffer[]> {
  switch (format) {
    case '.svg':
      return [Buffer.from(boardSvg(doc), 'utf8')];
    case '.pdf':
      return [await (await import('../export/pdf.js')).boardPdf(doc)];
    case '.png':
      return (await import('../export/png.js')).boardPngs(doc);
    case '.pptx':
      return [await (await import('../export/pptx.js')).boardPptx(doc, (i) => slideNotes(doc, i))];
  }
}

export async function runExport(argv: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseCommandLine(
    {
      command: 'export',
      positionals: ['FILE'],
      options: {
        ...PLAN_OPTIONS,
        output: { type: 'string', short: 'o', value: 'OUT (e.g. board.pptx)' },
        title: { type: 'string', value: 'TEXT' },
        workstream: { type: 'string', multiple: true, value: 'NAME' },
        scale: { type: 'string', value: 'auto, week, month or quarter' },
        page: { type: 'string', value: '16:9, a4 or a3' },
        from: { type: 'string', value: 'DATE (e.g. 01/04/2020)' },
        to: { type: 'string', value: 'DATE (e.g. 31/03/2021)' },
        force: { type: 'boolean' },
      },
    },
    argv,
  );
  if (values.help) {
    io.stdout(EXPORT_HELP);
    return EXIT_OK;
  }
  const file = positionals[0];
  const out = values.output;
  if (!out)
    throw new UsageError(
      `export needs the file to write: plan-sync export ${file} -o board.pptx (or .pdf, .svg, .png).`,
    );
  const ext = extname(out).toLowerCase();
  if (!(FORMATS as readonly string[]).includes(ext))
    throw new UsageError(
      `-o ${out}: the format follows the extension, one of ${FORMATS.join(', ')}${ext ? ` (not ${ext})` : ''}.`,
    );
  const format = ext as Format;
  const scale = values.scale === undefined ? undefined : oneOf('scale', values.scale, SCALES);
  const page: PageSize =
    values.page === undefined
      ? format === '.pdf'
        ? 'a4'
        : '16:9'
      : oneOf('page', values.page, PAGE_SIZE_NAMES);
  const from: Day | undefined = parseDateOption('from', values.from);
  const to: Day | undefined = parseDateOption('to', values.to);
  if (from !== undefined && to !== undefined && to < from)
    throw new UsageError(`--to ${values.to} is before --from ${values.from}.`);
  if (values.title !== undefined && values.title.trim() === '')
    throw new UsageError('--title needs some text.');

  const { validated } = loadPlan(file, values, io, () =>
    assertCanWrite(out, { force: values.force }),
  );
  if (!validated.ok) {
    if (values.json)
      io.stdout(JSON.stringify({ summary: null, written: [], error: validated.reason }, null, 2));
    io.stderr(`plan-sync: ${validated.reason} Nothing was written.`);
    return EXIT_CANNOT;
  }
  const plan = validated.plan;
  const wanted = values.workstream ?? [];
  if (wanted.length) {
    const { unknown, known } = unknownWorkstreams(plan, wanted);
    if (unknown.length) {
      const close = suggest(unknown[0], known);
      throw new UsageError(
        `--workstream "${unknown[0]}" is not a workstream of this plan${close ? `; did you mean "${close}"?` : '.'} Its workstreams are ${known.map((k) => `"${k}"`).join(', ')}.`,
      );
    }
  }

  const { document, summary } = layoutBoard(plan, {
    reportDate: validated.reportDate,
    title: values.title?.trim(),
    workstreams: wanted,
    scale,
    page,
    from,
    to,
  });
  const files = await render(document, format);
  const written: string[] = [];
  for (let i = 0; i < files.length; i++) {
    const target = pageFileName(out, i + 1);
    safeWrite(target, files[i], { backup: false, force: values.force });
    written.push(target);
  }
  const errors = hasErrors(validated.findings);
  if (values.json) {
    io.stdout(
      JSON.stringify({ summary: { ...summary, format: format.slice(1), page }, written }, null, 2),
    );
  } else {
    io.stdout(exportLine(summary, written, format));
    if (summary.notDrawn.length)
      io.stdout(
        `Not drawn (listed on the picture): ${summary.notDrawn
          .slice(0, 10)
          .map((n) => `row ${n.row} (${n.reason})`)
          .join(
            '; ',
          )}${summary.notDrawn.length > 10 ? `; and ${summary.notDrawn.length - 10} more` : ''}.`,
      );
    if (errors) io.stdout(`The plan has errors: run plan-sync validate ${file} to list them.`);
  }
  return errors ? EXIT_FINDINGS : EXIT_OK;
}

function exportLine(summary: BoardSummary, written: string[], format: Format): string {
  const what = format === '.pptx' ? 'slide' : 'page';
  const files =
    written.length === 1 ? written[0] : `${written[0]} … ${written[written.length - 1]}`;
  return `Wrote ${files}: ${count(summary.pages, what)}, ${count(summary.rows, 'task')} in ${count(summary.workstreams.length, 'workstream')}, ${count(summary.bars, 'bar')}, ${count(summary.milestones, 'milestone')}, ${ukOf(dayOf(summary.from))} to ${ukOf(dayOf(summary.to))} by ${summary.scale}, as at ${ukOf(dayOf(summary.reportDate))}.`;
}

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function dayOf(iso: string): Day {
  const [y, m, d] = iso.split('-').map(Number);
  return Date.UTC(y, m - 1, d) / 86_400_000;
}
