/**
 * The workbook's styles part, created when it has none. A workbook without `xl/styles.xml` is a
 * valid package (every cell then has the default format); colouring a cell needs one, so it is
 * added with its relationship and content type, holding only the defaults Excel writes.
 */
import { CONTENT_TYPES_PART } from '../../core/xlsx/content-types.js';
import { damaged } from '../../core/xlsx/read-error.js';
import { dirOf, relsPathOf } from '../../core/xlsx/relationships.js';
import { entryName, patchContentTypes, patchWorkbookRels } from './add-sheet.js';
import type { XlsxPackage } from './package.js';

const STYLES_CT = 'application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml';
const STYLES_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles';

/** The styles Excel writes for a new workbook: one font, the two required fills, one border, one format. */
export const MINIMAL_STYLES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
  '<fonts count="1"><font><sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '<dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/>' +
  '</styleSheet>';

/** Parts changed or added so far, as text (keys: zip entry names for changed parts). */
export interface PartTexts {
  changed: Map<string, string>;
  added: Map<string, string>;
}

/** The workbook's styles part, and its text as changed so far; added (with its bookkeeping) when missing. */
export function stylesPartOf(pkg: XlsxPackage, parts: PartTexts): { path: string; xml: string } {
  const rel = pkg
    .relsOf(pkg.workbookPath)
    .find((r) => r.type.endsWith('/styles') && r.targetMode !== 'External');
  if (rel && (pkg.hasPart(rel.path) || parts.added.has(rel.path)))
    return {
      path: rel.path,
      xml: parts.changed.get(rel.path) ?? parts.added.get(rel.path) ?? pkg.text(rel.path),
    };
  if (rel) return createAt(pkg, parts, rel.path);

  const dir = dirOf(pkg.workbookPath);
  let path = '';
  for (let n = 1; !path || pkg.hasPart(path) || parts.added.has(path); n++) {
    path = `${dir ? dir + '/' : ''}styles${n === 1 ? '' : n}.xml`;
  }
  const current = (entry: string | undefined, fallback: string) =>
    entry === undefined ? parts.added.get(fallback) : (parts.changed.get(entry) ?? pkg.text(entry));

  const relsPath = relsPathOf(pkg.workbookPath);
  const relsEntry = entryName(pkg, relsPath);
  const relsExisted = relsEntry !== undefined || parts.added.has(relsPath);
  const rels = patchWorkbookRels(
    current(relsEntry, relsPath),
    path.slice(dir ? dir.length + 1 : 0),
    STYLES_REL,
  );
  if (relsEntry) parts.changed.set(relsEntry, rels.xml);
  else parts.added.set(relsPath, rels.xml);

  const ctEntry = entryName(pkg, '[Content_Types].xml') ?? '[Content_Types].xml';
  const needRelsDefault = !relsExisted && pkg.contentTypeOf(relsPath) === undefined;
  parts.changed.set(
    ctEntry,
    patchContentTypes(current(ctEntry, ctEntry)!, path, needRelsDefault, STYLES_CT),
  );
  const xml = stylesFor(pkg);
  parts.added.set(path, xml);
  return { path, xml };
}

/**
 * A styles part where the workbook's relationship points but nothing is (a dangling
 * relationship): created there, with its content type unless the package already gives it one.
 */
function createAt(pkg: XlsxPackage, parts: PartTexts, path: string): { path: string; xml: string } {
  const type = pkg.contentTypeOf(path);
  if (type !== STYLES_CT) {
    const ctEntry = entryName(pkg, '[Content_Types].xml') ?? '[Content_Types].xml';
    const ct = parts.changed.get(ctEntry) ?? pkg.text(ctEntry);
    // An Override with another type would then be there twice.
    if (contentTypeOverridden(ct, path))
      throw damaged(CONTENT_TYPES_PART, `it gives ${path} the wrong content type`);
    parts.changed.set(ctEntry, patchContentTypes(ct, path, false, STYLES_CT));
  }
  const xml = stylesFor(pkg);
  parts.added.set(path, xml);
  return { path, xml };
}

function contentTypeOverridden(xml: string, path: string): boolean {
  const wanted = `/${path}`.toLowerCase();
  for (const m of xml.matchAll(/<(?:\w+:)?Override\b[^>]*?PartName\s*=\s*["']([^"']*)["']/g)) {
    if (m[1].toLowerCase() === wanted) return true;
  }
  return false;
}

/** Excel's limit on cell formats. */
const MAX_XFS = 64_000;

/**
 * How many cell formats the sheets' style indexes need (the highest `s` + 1, at least 1): a
 * styles part created or seeded with that many defaults keeps those cells looking as before.
 */
export function cellFormatsUsed(pkg: XlsxPackage): number {
  let most = 0;
  for (const sheet of pkg.sheets) {
    if (sheet.kind !== 'worksheet' || !sheet.path || !pkg.hasPart(sheet.path)) continue;
    for (const m of pkg.text(sheet.path).matchAll(/\s(?:s|style)\s*=\s*["']\s*(\d{1,6})\s*["']/g)) {
      most = Math.max(most, Math.min(Number(m[1]), MAX_XFS - 1));
    }
  }
  return most + 1;
}

/**
 * The minimal styles, with as many default cell formats as the sheets' style indexes need: a
 * cell with s="4" in a workbook without styles shows the default format, and keeps showing it
 * once formats are added after those (not the new format that happens to get index 4).
 */
function stylesFor(pkg: XlsxPackage): string {
  const count = cellFormatsUsed(pkg);
  if (count === 1) return MINIMAL_STYLES;
  const xf = '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>';
  return MINIMAL_STYLES.replace(
    `<cellXfs count="1">${xf}</cellXfs>`,
    `<cellXfs count="${count}">${xf.repeat(count)}</cellXfs>`,
  );
}

/** Whether `parts` change or add the workbook's styles part (for saying what a run changes). */
export function touchesStyles(
  pkg: XlsxPackage,
  parts: { changed: ReadonlyMap<string, unknown>; added: ReadonlyMap<string, unknown> },
): boolean {
  const rel = pkg
    .relsOf(pkg.workbookPath)
    .find((r) => r.type.endsWith('/styles') && r.targetMode !== 'External');
  if (rel) return parts.changed.has(rel.path) || parts.added.has(rel.path);
  const dir = dirOf(pkg.workbookPath);
  return [...parts.added.keys()].some((p) => p.startsWith(dir) && /\/?styles\d*\.xml$/.test(p));
}
