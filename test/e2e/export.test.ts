/**
 * `plan-sync export` on a plan the engine's unit tests never saw (title rows, alias headers, UK
 * text dates, milestones, original dates, seven workstreams), each format read back by something
 * other than plan-sync: Python's XML parser and zip reader, pdftotext and pdfinfo, LibreOffice
 * Impress. Renders are kept in test-output/review/10/ for a person to look at.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN } from '../helpers/built-cli.js';
import { cli } from '../helpers/cli.js';
import { FIXTURES_DIR } from '../helpers/fixtures.js';
import { presentationPdfWithLibreOffice } from '../helpers/libreoffice.js';
import { runPython, runPythonScript } from '../helpers/python.js';

interface FixtureTask {
  ref: string;
  workstream: string;
  task: string;
  start: string | null;
  end: string | null;
  status: string | null;
  baselineStart: string | null;
  baselineEnd: string | null;
}

const REVIEW = join(process.cwd(), 'test-output', 'review', '10');
let dir: string;
let plan: string;
let fixture: { tasks: FixtureTask[]; workstreams: string[] };

const pdftotext = (file: string) =>
  execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
const pdfinfo = (file: string) => execFileSync('pdfinfo', [file], { encoding: 'utf8' });
const squash = (text: string) => text.replace(/\s+/g, ' ');

/** The tasks the picture must draw: those with real dates. */
const dated = () => fixture.tasks.filter((t) => t.start !== 'invalid' && t.end !== 'invalid');
const isMilestone = (t: FixtureTask) => (t.start ?? t.end) === (t.end ?? t.start);

function keep(file: string, name: string): void {
  mkdirSync(REVIEW, { recursive: true });
  copyFileSync(file, join(REVIEW, name));
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'plan-sync-export-'));
  plan = join(dir, 'board plan.xlsx');
  fixture = JSON.parse(runPythonScript(join(FIXTURES_DIR, 'board_plan.py'), [plan]));
});

describe('export to SVG', () => {
  it('puts every bar and milestone at its dates on one linear axis, read back by Python', async () => {
    const out = join(dir, 'board.svg');
    const before = readFileSync(plan);
    const run = await cli(['export', plan, '-o', out, '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1); // the plan has an impossible date: written, and said
    expect(readFileSync(plan).equals(before)).toBe(true);
    keep(out, 'export-test.svg');
    const parsed = JSON.parse(
      runPython(
        `
import json, sys, xml.etree.ElementTree as ET
NS = '{http://www.w3.org/2000/svg}'
root = ET.parse(sys.argv[1]).getroot()
out = {'title': root.find(NS + 'title').text, 'desc': root.find(NS + 'desc').text,
       'bars': [], 'milestones': [], 'ticks': [], 'report': [], 'titles': []}
for el in root.iter():
    a = el.attrib
    if 'data-tick' in a:
        out['ticks'].append([a['data-tick'], float(a['x1'])])
    if el.tag == NS + 'rect' and 'data-start' in a:
        out['bars'].append({'id': a['data-task-id'], 'start': a['data-start'], 'end': a['data-end'],
                            'x': float(a['x']), 'w': float(a['width'])})
    if el.tag == NS + 'polygon' and 'data-date' in a:
        xs = [float(p.split(',')[0]) for p in a['points'].split()]
        out['milestones'].append({'id': a['data-task-id'], 'date': a['data-date'], 'cx': (min(xs) + max(xs)) / 2})
    if 'data-report-date' in a:
        out['report'].append([a['data-report-date'], float(a['x1'])])
    t = el.find(NS + 'title')
    if t is not None:
        out['titles'].append(t.text)
print(json.dumps(out))
`,
        [out],
      ),
    ) as {
      title: string;
      desc: string;
      bars: { id: string; start: string; end: string; x: number; w: number }[];
      milestones: { id: string; date: string; cx: number }[];
      ticks: [string, number][];
      report: [string, number][];
      titles: string[];
    };
    expect(parsed.title).toBe('Shared Services Transition');
    expect(parsed.desc).toMatch(/14 tasks in 7 workstreams/);

    // The axis from the month ticks alone: x = a + b * days since the first tick.
    const dayOf = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
    const [[t0, x0], [t1, x1]] = [parsed.ticks[0], parsed.ticks[parsed.ticks.length - 1]];
    const perDay = (x1 - x0) / (dayOf(t1) - dayOf(t0));
    const x = (iso: string, plus = 0) => x0 + (dayOf(iso) + plus - dayOf(t0)) * perDay;
    for (const [tick, tx] of parsed.ticks) expect(Math.abs(tx - x(tick))).toBeLessThan(0.5);

    const bars = dated().filter((t) => !isMilestone(t));
    expect(parsed.bars.map((b) => [b.id, b.start, b.end])).toEqual(
      bars.map((t) => [t.ref, t.start, t.end]),
    );
    for (const b of parsed.bars) {
      expect(Math.abs(b.x - x(b.start))).toBeLessThan(0.5);
      expect(Math.abs(b.x + b.w - x(b.end, 1))).toBeLessThan(0.5);
    }
    const milestones = dated().filter(isMilestone);
    expect(parsed.milestones.map((m) => [m.id, m.date])).toEqual(
      milestones.map((t) => [t.ref, t.end ?? t.start]),
    );
    for (const m of parsed.milestones) expect(Math.abs(m.cx - x(m.date, 0.5))).toBeLessThan(0.5);
    expect(parsed.report).toHaveLength(1);
    expect(parsed.report[0][0]).toBe('2020-11-13');
    expect(Math.abs(parsed.report[0][1] - x('2020-11-13', 0.5))).toBeLessThan(0.5);
    // The long name is shortened on the picture and whole in its <title>.
    const long = fixture.tasks.find((t) => t.task.length > 80)!;
    expect(parsed.titles.some((t) => t?.includes(long.task))).toBe(true);

    const summary = JSON.parse(run.stdout).summary;
    expect(summary).toMatchObject({
      format: 'svg',
      pages: 1,
      rows: 14,
      bars: bars.length,
      milestones: milestones.length,
      workstreams: fixture.workstreams,
      reportDate: '2020-11-13',
    });
    expect(summary.notDrawn).toEqual([
      expect.objectContaining({ id: '7', reason: 'the start date is not a real date' }),
    ]);
  });
});

describe('export to PDF', () => {
  it('writes real text with a title, the as-at date, every workstream and the key, tagged, on A4', async () => {
    const out = join(dir, 'board.pdf');
    const run = await cli(['export', plan, '-o', out]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^Wrote .*board\.pdf: 1 page, 14 tasks in 7 workstreams/);
    keep(out, 'export-test.pdf');
    const info = pdfinfo(out);
    expect(info).toMatch(/^Title:\s+Shared Services Transition$/m);
    expect(info).toMatch(/^Tagged:\s+yes$/m);
    expect(info).toMatch(/^Page size:\s+841\.89 x 595\.28 pts \(A4\)$/m);
    const text = squash(pdftotext(out));
    for (const words of [
      'Shared Services Transition',
      'As at 13 Nov 2020',
      'Report date 13 Nov 2020',
      'Key:',
      'Milestone',
      'Baseline',
      'Not drawn: the start date is not a real date',
      ...fixture.workstreams.flatMap((w) => w.split(' ')),
    ])
      expect(text).toContain(words);
    const catalog = execFileSync('/usr/bin/python3', [
      '-c',
      'import sys,zlib,re; d=open(sys.argv[1],"rb").read(); print(b"/Lang (en-GB)" in d, b"/MarkInfo" in d, b"/StructTreeRoot" in d)',
      out,
    ]).toString();
    expect(catalog.trim()).toBe('True True True');
  });
});

describe('export to PowerPoint', () => {
  it('makes native shapes, one diamond per milestone, and opens in LibreOffice Impress with every name', async () => {
    const out = join(dir, 'board.pptx');
    const run = await cli(['export', plan, '-o', out]);
    expect(run.code).toBe(1);
    keep(out, 'export-test.pptx');
    const slides = JSON.parse(
      runPython(
        `
import html, json, re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
names = sorted(n for n in z.namelist() if re.match(r'ppt/slides/slide\\d+\\.xml$', n))
out = []
for n in names:
    x = z.read(n).decode('utf-8')
    out.append({'diamonds': re.findall(r'descr="([^"]*)"[^>]*>(?:(?!</p:sp>).)*prst="diamond"', x, re.S),
                'alldiamonds': x.count('prst="diamond"'), 'pictures': x.count('<p:pic'),
                'texts': [html.unescape(t) for t in re.findall(r'<a:t>([^<]*)</a:t>', x)],
                'descr': [html.unescape(t) for t in re.findall(r'descr="([^"]*)"', x)]})
print(json.dumps(out))
`,
        [out],
      ),
    ) as {
      diamonds: string[];
      alldiamonds: number;
      pictures: number;
      texts: string[];
      descr: string[];
    }[];
    expect(slides).toHaveLength(1);
    const [slide] = slides;
    expect(slide.pictures).toBe(0);
    const milestones = dated().filter(isMilestone);
    expect(slide.diamonds.filter((d) => d.includes(': milestone '))).toHaveLength(
      milestones.length,
    );
    for (const t of fixture.workstreams) expect(squash(slide.texts.join(' '))).toContain(t);
    for (const t of fixture.tasks) {
      // Every name on the slide, shortened where long and whole in its shape's alt text.
      const shown = slide.texts.find((s) => s.startsWith(`${t.ref} ${t.task.slice(0, 12)}`));
      expect(shown, t.task).toBeDefined();
      expect(`${t.ref} ${t.task}`.startsWith(shown!.replace(/…$/, ''))).toBe(true);
      expect(slide.descr.some((d) => d.includes(t.task))).toBe(true);
    }

    const pdf = presentationPdfWithLibreOffice(out, join(dir, 'impress'));
    keep(pdf, 'export-test-pptx.pdf');
    expect(pdfinfo(pdf)).toMatch(/^Pages:\s+1$/m);
    const text = squash(pdftotext(pdf));
    for (const words of [
      'Shared Services Transition',
      'Key:',
      'Amber/Red',
      'Milestone (date beside it)',
      'Baseline (original dates)',
      'Report date 13 Nov 2020',
      ...fixture.workstreams.flatMap((w) => w.split(' ')),
    ])
      expect(text).toContain(words);
    for (const t of fixture.tasks) expect(text).toContain(`${t.ref} ${t.task}`.slice(0, 30));
  }, 240_000);
});

describe('export to PNG', () => {
  it('renders at least 1,920 pixels wide with its text drawn in the bundled font', async () => {
    const out = join(dir, 'board.png');
    // No fonts configured at all: the renderer must use the font that ships with plan-sync.
    const env = { FONTCONFIG_FILE: '/dev/null', FONTCONFIG_PATH: join(dir, 'no-fonts') };
    const run = spawnSync(process.execPath, [BIN, 'export', plan, '-o', out], {
      env: { ...process.env, ...env },
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    keep(out, 'export-test.png');
    expect(statSync(out).size).toBeGreaterThan(10_000);
    // Decode the PNG with Python's zlib and count dark pixels where the title is, and where
    // nothing is drawn (right of the title).
    const counts = JSON.parse(
      runPython(
        `
import json, struct, sys, zlib
d = open(sys.argv[1], 'rb').read()
assert d[:8] == b'\\x89PNG\\r\\n\\x1a\\n'
pos, idat, w, h = 8, b'', 0, 0
while pos < len(d):
    n, kind = struct.unpack('>I4s', d[pos:pos + 8])
    body = d[pos + 8:pos + 8 + n]
    if kind == b'IHDR':
        w, h, depth, ctype = struct.unpack('>IIBB', body[:10])
        assert depth == 8 and ctype in (2, 6)
        bpp = 3 if ctype == 2 else 4
    if kind == b'IDAT':
        idat += body
    pos += 12 + n
raw = zlib.decompress(idat)
stride = w * bpp
rows, prev, i = [], bytearray(stride), 0
# Only the rows down to the title's foot are needed (each row's filter reads the one above).
for y in range(int(50 * w / 960)):
    f = raw[i]; line = bytearray(raw[i + 1:i + 1 + stride]); i += 1 + stride
    for x in range(stride):
        a = line[x - bpp] if x >= bpp else 0
        b = prev[x]; c = prev[x - bpp] if x >= bpp else 0
        if f == 1: line[x] = (line[x] + a) & 255
        elif f == 2: line[x] = (line[x] + b) & 255
        elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    rows.append(line); prev = line
def dark(x0, y0, x1, y1):
    return sum(1 for y in range(y0, y1) for x in range(x0, x1) if rows[y][x * bpp] < 100)
s = w / 960
print(json.dumps({'width': w, 'height': h, 'title': dark(int(24 * s), int(24 * s), int(300 * s), int(48 * s)),
                  'blank': dark(int(600 * s), int(24 * s), int(900 * s), int(40 * s))}))
`,
        [out],
        { timeoutMs: 120_000 },
      ),
    ) as { width: number; height: number; title: number; blank: number };
    expect(counts.width).toBeGreaterThanOrEqual(1920);
    expect(counts.height).toBe(1080);
    expect(counts.title).toBeGreaterThan(2000);
    expect(counts.blank).toBe(0);
  }, 240_000);
});

describe('export options and refusals', () => {
  it('narrows to workstreams, windows the axis and sets the page, saying what it did', async () => {
    const out = join(dir, 'narrow.svg');
    const run = await cli([
      'export',
      plan,
      '-o',
      out,
      '--workstream',
      'finance',
      '--workstream',
      'IT Network & Infrastructure',
      '--from',
      '01/09/2020',
      '--to',
      '2021-03-31',
      '--scale',
      'quarter',
      '--page',
      'a3',
      '--title',
      'Finance and IT',
      '--report-date',
      '2020-12-01',
      '--json',
    ]);
    expect(run.stderr).toBe('');
    const { summary, written } = JSON.parse(run.stdout);
    expect(written).toEqual([out]);
    expect(summary).toMatchObject({
      workstreams: ['Finance', 'IT Network & Infrastructure'],
      rows: 4,
      from: '2020-09-01',
      to: '2021-03-31',
      scale: 'quarter',
      page: 'a3',
      reportDate: '2020-12-01',
    });
    const svg = readFileSync(out, 'utf8');
    expect(svg).toContain('<title id="board-title">Finance and IT</title>');
    expect(svg).toContain('width="1190.55"');
    expect(svg).not.toContain('Collective consultation');
  });

  it('writes one PNG per page for a long plan', async () => {
    const long = join(dir, 'long.xlsx');
    runPython(
      `
import sys, datetime as dt
from openpyxl import Workbook
wb = Workbook(); ws = wb.active; ws.title = 'Plan'
ws.append(['ID', 'Workstream', 'Task', 'Start', 'End', 'RAG'])
for i in range(1, 41):
    ws.append([i, 'WS %d' % (i % 4), 'Task %d' % i, dt.date(2021, 1, 4), dt.date(2021, 6, 30), 'Green'])
wb.save(sys.argv[1])
`,
      [long],
    );
    const run = await cli(['export', long, '-o', join(dir, 'long.png'), '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).written).toEqual([
      join(dir, 'long.png'),
      join(dir, 'long-2.png'),
    ]);
  });

  it('refuses a bad command line with exit 2 and writes nothing', async () => {
    const cases: [string[], RegExp][] = [
      [['export', plan], /export needs the file to write/],
      [['export', plan, '-o', join(dir, 'x.docx')], /the format follows the extension/],
      [['export', plan, '-o', join(dir, 'x.xlsx')], /the format follows the extension/],
      [
        ['export', plan, '-o', join(dir, 'x.svg'), '--scale', 'monthly'],
        /--scale "monthly" is not one of/,
      ],
      [['export', plan, '-o', join(dir, 'x.svg'), '--page', 'a5'], /--page "a5" is not one of/],
      [
        ['export', plan, '-o', join(dir, 'x.svg'), '--from', '31/11/2020'],
        /--from "31\/11\/2020" is not a date/,
      ],
      [
        ['export', plan, '-o', join(dir, 'x.svg'), '--from', '2021-01-01', '--to', '2020-01-01'],
        /is before --from/,
      ],
      [
        ['export', plan, '-o', join(dir, 'x.svg'), '--workstream', 'Financ'],
        /did you mean "Finance"/,
      ],
    ];
    for (const [args, message] of cases) {
      const run = await cli(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(message);
    }
    expect(() => statSync(join(dir, 'x.svg'))).toThrow();
  });

  it('refuses a file that is not a plan', async () => {
    const notPlan = join(dir, 'notes.xlsx');
    writeFileSync(notPlan, 'not a workbook');
    const run = await cli(['export', notPlan, '-o', join(dir, 'n.svg')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^plan-sync: /);
    expect(() => statSync(join(dir, 'n.svg'))).toThrow();
  });
});
