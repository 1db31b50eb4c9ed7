/**
 * LibreOffice as an independent reader: if LibreOffice can load what we wrote and save it again,
 * the file is not corrupt in a way that only strict readers notice.
 *
 * Every conversion uses a fresh throw-away profile (`/tmp/lo-profile-<pid>-<n>`, removed afterwards),
 * so parallel test files never fight over a profile lock. The call is wrapped in coreutils `timeout`
 * (120 s, then SIGKILL 10 s later) which signals LibreOffice's whole process group, so a hung
 * `soffice.bin` does not outlive the test.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { basename, delimiter, dirname, extname, join, resolve } from 'node:path';
import { runPython } from './python.js';

const TIMEOUT_S = 120;

function onPath(cmd: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, cmd);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return null;
}

function officeBinary(): string | null {
  return onPath('soffice') ?? onPath('libreoffice');
}

/** True when `soffice` or `libreoffice` is on PATH. */
export function hasLibreOffice(): boolean {
  return officeBinary() !== null;
}

/** Filter strings used for each target format. CSV: comma, double quote, UTF-8 (76), first line 1. */
const FILTERS = {
  csv: 'csv:Text - txt - csv (StarCalc):44,34,76,1',
  pdf: 'pdf:calc_pdf_Export',
  xlsx: 'xlsx:Calc MS Excel 2007 XML',
  xls: 'xls:MS Excel 97',
  ods: 'ods:calc8',
} as const;

let profileCounter = 0;

function runOffice(
  file: string,
  convertTo: string,
  outDir: string,
): { stdout: string; stderr: string } {
  const office = officeBinary();
  if (!office) throw new Error('LibreOffice (soffice / libreoffice) is not on PATH');
  const profile = `/tmp/lo-profile-${process.pid}-${++profileCounter}`;
  const args = [
    '--headless',
    '--norestore',
    `-env:UserInstallation=file://${profile}`,
    '--convert-to',
    convertTo,
    '--outdir',
    outDir,
    file,
  ];
  const timeoutBin = onPath('timeout');
  const [cmd, argv] = timeoutBin
    ? [timeoutBin, ['--kill-after=10', String(TIMEOUT_S), office, ...args]]
    : [office, args];
  try {
    const res = spawnSync(cmd, argv, {
      encoding: 'utf8',
      timeout: (TIMEOUT_S + 20) * 1000,
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
    const stdout = res.stdout ?? '';
    const stderr = res.stderr ?? '';
    if (res.error || res.status !== 0) {
      throw new Error(
        `LibreOffice --convert-to ${convertTo} of ${file} failed ` +
          `(${res.error ? res.error.message : `exit ${res.status ?? res.signal}${res.status === 124 ? ', timed out' : ''}`})` +
          `\n--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`,
      );
    }
    return { stdout, stderr };
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

function prepareOut(file: string, outDir: string, outName: string): string {
  mkdirSync(outDir, { recursive: true });
  const out = join(outDir, outName);
  if (resolve(out) === resolve(file)) {
    throw new Error(`LibreOffice would overwrite its input ${file}; use another outDir`);
  }
  rmSync(out, { force: true });
  return out;
}

/**
 * Convert `file` with LibreOffice headless into `outDir` and return the output path
 * (`outDir/<input name without extension>.<format>`). Throws with LibreOffice's stdout/stderr when
 * no output file appears (LibreOffice exits 0 even when it could not load the input).
 *
 * A CSV export holds only the FIRST sheet (the active one for some files) — use
 * `sheetCsvWithLibreOffice` for a named sheet. `xlsx` is a real load-and-save by LibreOffice
 * (see `resaveWithLibreOffice`). Refuses to write over the input.
 */
export function convertWithLibreOffice(
  file: string,
  format: keyof typeof FILTERS,
  outDir: string,
): string {
  const out = prepareOut(file, outDir, `${basename(file, extname(file))}.${format}`);
  const { stdout, stderr } = runOffice(file, FILTERS[format], outDir);
  if (!existsSync(out)) {
    throw new Error(
      `LibreOffice produced no ${out}\n--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`,
    );
  }
  return out;
}

/**
 * Export one named sheet as CSV (UTF-8, comma, values as shown by their number formats).
 *
 * How: the CSV filter's 12th token (LibreOffice >= 7.2) selects a sheet by its 1-based position
 * (token 9 = true keeps "save cell contents as shown", so dates and percentages appear formatted);
 * the position comes from the order of `<sheet>` elements in workbook.xml (hidden and chart sheets
 * count). LibreOffice then names the file `<input name>-<sheet name>.csv`; we return that path.
 * No copy or openpyxl rewrite of the workbook is involved.
 */
export function sheetCsvWithLibreOffice(file: string, sheetName: string, outDir: string): string {
  const order = JSON.parse(
    runPython(
      String.raw`
import sys, json, zipfile, xml.etree.ElementTree as ET
zf = zipfile.ZipFile(sys.argv[1])
root = ET.fromstring(zf.read('xl/workbook.xml'))
print(json.dumps([el.get('name') for el in root.iter() if el.tag.rsplit('}', 1)[-1] == 'sheet']))
`,
      [file],
    ),
  ) as string[];
  const index = order.indexOf(sheetName) + 1;
  if (index === 0)
    throw new Error(`no sheet "${sheetName}" in ${file} (sheets: ${order.join(', ')})`);
  const out = prepareOut(file, outDir, `${basename(file, extname(file))}-${sheetName}.csv`);
  const { stdout, stderr } = runOffice(
    file,
    `${FILTERS.csv},,0,false,true,true,false,false,${index}`,
    outDir,
  );
  if (!existsSync(out)) {
    throw new Error(
      `LibreOffice produced no ${out}\n--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`,
    );
  }
  return out;
}

/**
 * Let LibreOffice load `file` and save it again as xlsx (a real load-and-save), so the result can be
 * read back with `dumpWorkbook`. The input is first copied to `outDir/lo-in/` so that the output
 * `outDir/<name>.xlsx` can never be the input itself. Returns the path of LibreOffice's file.
 */
export function resaveWithLibreOffice(file: string, outDir: string): string {
  const stage = join(outDir, 'lo-in');
  mkdirSync(stage, { recursive: true });
  const copy = join(stage, basename(file));
  copyFileSync(file, copy);
  const out = convertWithLibreOffice(copy, 'xlsx', outDir);
  if (dirname(resolve(out)) !== resolve(outDir)) throw new Error(`unexpected output path ${out}`);
  return out;
}

/** Parse RFC 4180 CSV text (as LibreOffice writes it) into rows of fields. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Open a slide deck (.pptx) in LibreOffice Impress and export it as PDF; returns the PDF's path. */
export function presentationPdfWithLibreOffice(file: string, outDir: string): string {
  const out = prepareOut(file, outDir, `${basename(file, extname(file))}.pdf`);
  const { stdout, stderr } = runOffice(file, 'pdf:impress_pdf_Export', outDir);
  if (!existsSync(out)) {
    throw new Error(
      `LibreOffice Impress produced no ${out}\n--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`,
    );
  }
  return out;
}
