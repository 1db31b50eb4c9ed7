/**
 * Adds a worksheet to an existing workbook package as a handful of text patches: the new sheet
 * part, one Override in [Content_Types].xml, one Relationship in the workbook's rels, one <sheet>
 * in the workbook (plus the sheet-position bookkeeping: localSheetId, activeTab, firstSheet) and,
 * when it has the usual layout, the sheet list in docProps/app.xml. Every byte outside those
 * insertions and attribute values is left as it was.
 */
import type { XlsxPackage } from './package.js';
import {
  decodeXml,
  elements,
  firstElement,
  getAttr,
  rootElement,
  startTagOf,
  type XmlElement,
} from '../../core/xlsx/xml-scan.js';
import { dirOf, relsPathOf } from '../../core/xlsx/relationships.js';
import { escapeXml } from './xml.js';

export interface AddedSheet {
  /** Package path of the new worksheet part, e.g. 'xl/worksheets/sheet7.xml'. */
  path: string;
  /** New or changed parts (text), to pass to writeZip as changes (existing parts) or added (new parts). */
  changed: Map<string, string>;
  added: Map<string, string>;
}

/** A minimal valid worksheet, as Excel writes an empty sheet. */
export const EMPTY_WORKSHEET =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
  'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
  '<dimension ref="A1"/><sheetViews><sheetView workbookViewId="0"/></sheetViews>' +
  '<sheetFormatPr defaultRowHeight="15"/><sheetData/>' +
  '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>' +
  '</worksheet>';

const WORKSHEET_CT = 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const WORKSHEET_REL = `${REL_NS}/worksheet`;
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const RELS_CT = 'application/vnd.openxmlformats-package.relationships+xml';

// ---------------------------------------------------------------------------------------------
// Sheet names

/** Why `name` cannot be an Excel sheet name, worded for the user; null when it can. */
export function sheetNameProblem(name: string): string | null {
  if (name.length === 0) return 'a sheet name cannot be empty';
  if (name.trim().length === 0) return 'a sheet name cannot be blank';
  if (name.length > 31) {
    return `the sheet name "${name}" is too long: Excel allows at most 31 characters (it has ${name.length})`;
  }
  const bad = /[:\\/?*[\]]/.exec(name);
  if (bad) {
    return `the sheet name "${name}" contains "${bad[0]}": Excel does not allow : \\ / ? * [ ] in sheet names`;
  }
  // eslint-disable-next-line no-control-regex -- characters a sheet name (and XML) cannot hold
  if (/[\u0000-\u001F\uFFFE\uFFFF]/.test(name)) {
    return `the sheet name "${name}" contains a control character`;
  }
  if (name.startsWith("'") || name.endsWith("'")) {
    return `the sheet name "${name}" cannot start or end with an apostrophe`;
  }
  if (name.toLowerCase() === 'history') {
    return `"${name}" cannot be a sheet name: Excel reserves "History"`;
  }
  return null;
}

/** Excel compares sheet names case-insensitively. */
function sameSheetName(a: string, b: string): boolean {
  return a.toUpperCase() === b.toUpperCase() || a.toLowerCase() === b.toLowerCase();
}

// ---------------------------------------------------------------------------------------------
// Elements (core/xlsx/xml-scan.ts finds them), with their start tag at hand

interface El extends XmlElement {
  /** The start tag, from '<' to '>'. */
  tag: string;
}

function withTag(xml: string, el: XmlElement): El {
  return { ...el, tag: startTagOf(xml, el) };
}

/** Elements with local name `local` (or one of `a|b`; any prefix) between `from` and `to`, outside comments. */
function scan(xml: string, local: string, from = 0, to = xml.length): El[] {
  return [...elements(xml, local, from, to)].map((el) => withTag(xml, el));
}

/** The first element named `local` (any prefix) in `xml`. */
function first(xml: string, local: string, from = 0, to = xml.length): El | undefined {
  const el = firstElement(xml, local, from, to);
  return el && withTag(xml, el);
}

/** The root element (the first element after the prolog). */
function rootTag(xml: string): El | undefined {
  const el = rootElement(xml);
  return el && withTag(xml, el);
}

/** The prefix a start tag binds to namespace `ns` (`xmlns:p="ns"`), without colon. */
function declaredPrefix(tag: string, ns: string): string | undefined {
  const re = /\sxmlns:([A-Za-z_][\w.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(tag))) if ((m[2] ?? m[3]) === ns) return m[1];
  return undefined;
}

/** Replaces the value of attribute `name` in a start tag, keeping its quotes and spacing. */
function replaceAttrValue(tag: string, name: string, value: string): string {
  const re = new RegExp(`(\\s${name}\\s*=\\s*)("[^"]*"|'[^']*')`);
  return tag.replace(
    re,
    (_, lead: string, quoted: string) => `${lead}${quoted[0]}${value}${quoted[0]}`,
  );
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

/** Applies non-overlapping edits (any order). */
function applyEdits(xml: string, edits: Edit[]): string {
  let out = xml;
  for (const e of [...edits].sort((a, b) => b.start - a.start || b.end - a.end)) {
    out = out.slice(0, e.start) + e.text + out.slice(e.end);
  }
  return out;
}

/** The zip entry name of a package part (OPC names are case-insensitive); undefined when absent. */
export function entryName(pkg: XlsxPackage, path: string): string | undefined {
  if (pkg.zip.has(path)) return path;
  const lower = path.toLowerCase();
  return pkg.zip.entries.find((e) => e.name.toLowerCase() === lower)?.name;
}

// ---------------------------------------------------------------------------------------------
// The patches

/** [Content_Types].xml with an Override for `partPath` (and a Default for .rels when asked). */
export function patchContentTypes(
  xml: string,
  partPath: string,
  needRelsDefault: boolean,
  contentType = WORKSHEET_CT,
): string {
  const root = rootTag(xml);
  if (!root || root.selfClosing) throw new Error('the workbook package has no content types');
  const p = root.prefix;
  const children = [
    ...scan(xml, 'Default', root.openEnd, root.closeStart),
    ...scan(xml, 'Override', root.openEnd, root.closeStart),
  ];
  const at = children.reduce((max, el) => Math.max(max, el.end), root.openEnd);
  let text = `<${p}Override PartName="/${escapeXml(partPath)}" ContentType="${contentType}"/>`;
  if (needRelsDefault) text = `<${p}Default Extension="rels" ContentType="${RELS_CT}"/>` + text;
  return applyEdits(xml, [{ start: at, end: at, text }]);
}

/** The workbook's rels with a new relationship (a worksheet by default); returns the text and the new Id. */
export function patchWorkbookRels(
  xml: string | undefined,
  target: string,
  type = WORKSHEET_REL,
): { xml: string; id: string } {
  if (xml === undefined) {
    const id = 'rId1';
    return {
      id,
      xml:
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
        `<Relationships xmlns="${PKG_REL_NS}">` +
        `<Relationship Id="${id}" Type="${type}" Target="${escapeXml(target)}"/>` +
        '</Relationships>',
    };
  }
  const root = rootTag(xml);
  if (!root) throw new Error("the workbook's relationships part is damaged");
  const rels = root.selfClosing ? [] : scan(xml, 'Relationship', root.openEnd, root.closeStart);
  const used = new Set(rels.map((r) => (getAttr(r.tag, 'Id') ?? '').toLowerCase()));
  let k = 1;
  while (used.has(`rid${k}`)) k++;
  const id = `rId${k}`;
  const el = `<${root.prefix}Relationship Id="${id}" Type="${type}" Target="${escapeXml(target)}"/>`;
  if (root.selfClosing) {
    const open = root.tag.replace(/\s*\/>$/, '>');
    return {
      id,
      xml: applyEdits(xml, [
        {
          start: root.start,
          end: root.end,
          text: `${open}${el}</${root.prefix}Relationships>`,
        },
      ]),
    };
  }
  const at = rels.length ? rels[rels.length - 1].end : root.openEnd;
  return { id, xml: applyEdits(xml, [{ start: at, end: at, text: el }]) };
}

/**
 * The workbook with a new <sheet> at position `pos` (0-based) and the position-based attributes
 * (definedName/@localSheetId, workbookView/@activeTab and @firstSheet) shifted to match.
 */
function patchWorkbook(
  xml: string,
  expectedSheets: number,
  name: string,
  pos: number,
  rId: string,
): string {
  const root = rootTag(xml);
  const sheets = first(xml, 'sheets');
  if (!root || !sheets) throw new Error('the workbook has no list of sheets');
  const sheetEls = sheets.selfClosing ? [] : scan(xml, 'sheet', sheets.openEnd, sheets.closeStart);
  if (sheetEls.length !== expectedSheets) {
    throw new Error('the workbook list of sheets has an unexpected layout; no sheet was added');
  }
  let maxId = 0;
  for (const el of sheetEls) {
    const id = Number(getAttr(el.tag, 'sheetId'));
    if (Number.isInteger(id) && id > maxId) maxId = id;
  }
  const p = sheets.prefix;
  const relPrefix = declaredPrefix(root.tag, REL_NS) ?? declaredPrefix(sheets.tag, REL_NS);
  const idAttr = relPrefix ? `${relPrefix}:id="${rId}"` : `r:id="${rId}"`;
  const declare = relPrefix ? '' : ` xmlns:r="${REL_NS}"`;
  const sheetEl = `<${p}sheet${declare} name="${escapeXml(name)}" sheetId="${maxId + 1}" ${idAttr}/>`;

  const edits: Edit[] = [];
  if (sheets.selfClosing) {
    const open = sheets.tag.replace(/\s*\/>$/, '>');
    edits.push({ start: sheets.start, end: sheets.end, text: `${open}${sheetEl}</${p}sheets>` });
  } else {
    const at = pos === 0 ? sheets.openEnd : sheetEls[pos - 1].end;
    edits.push({ start: at, end: at, text: sheetEl });
  }

  const shift = (el: El, attrs: string[]): void => {
    let tag = el.tag;
    for (const a of attrs) {
      const raw = getAttr(tag, a);
      if (raw === undefined) continue;
      const n = Number(raw.trim());
      if (Number.isInteger(n) && n >= pos) tag = replaceAttrValue(tag, a, String(n + 1));
    }
    if (tag !== el.tag) edits.push({ start: el.start, end: el.openEnd, text: tag });
  };
  for (const el of scan(xml, 'definedName')) shift(el, ['localSheetId']);
  for (const el of scan(xml, 'workbookView')) shift(el, ['activeTab', 'firstSheet']);
  return applyEdits(xml, edits);
}

/**
 * docProps/app.xml with `name` added to the worksheet titles (at `at` among them) and the
 * "Worksheets" count incremented; undefined when the part does not have the usual layout
 * (then it is left alone: Excel rebuilds it on its next save).
 */
function patchAppProps(
  xml: string,
  worksheetNames: string[],
  at: number,
  name: string,
): string | undefined {
  const pairs = first(xml, 'HeadingPairs');
  const titles = first(xml, 'TitlesOfParts');
  if (!pairs || !titles || pairs.selfClosing || titles.selfClosing) return undefined;
  const pairVector = first(xml, 'vector', pairs.openEnd, pairs.closeStart);
  const titleVector = first(xml, 'vector', titles.openEnd, titles.closeStart);
  if (!pairVector || !titleVector || pairVector.selfClosing || titleVector.selfClosing)
    return undefined;

  const variants = scan(xml, 'variant', pairVector.openEnd, pairVector.closeStart);
  if (variants.length % 2 !== 0) return undefined;
  let offset = 0;
  let total = 0;
  let countEl: El | undefined;
  let count = 0;
  for (let i = 0; i < variants.length; i += 2) {
    const label = first(xml, 'lpstr', variants[i].openEnd, variants[i].closeStart);
    const num = scan(xml, 'i4|i2|int', variants[i + 1].openEnd, variants[i + 1].closeStart)[0];
    if (!label || !num || num.selfClosing) return undefined;
    const n = Number(xml.slice(num.openEnd, num.closeStart).trim());
    if (!Number.isInteger(n) || n < 0) return undefined;
    const text = decodeXml(xml.slice(label.openEnd, label.closeStart)).trim();
    if (text === 'Worksheets' && !countEl) {
      countEl = num;
      count = n;
      offset = total;
    }
    total += n;
  }
  if (!countEl) return undefined;

  const items = scan(xml, 'lpstr', titleVector.openEnd, titleVector.closeStart);
  const size = Number(getAttr(titleVector.tag, 'size'));
  if (items.length !== total || size !== total || count !== worksheetNames.length) return undefined;
  for (let i = 0; i < count; i++) {
    const item = items[offset + i];
    const text = item.selfClosing ? '' : decodeXml(xml.slice(item.openEnd, item.closeStart));
    if (text !== worksheetNames[i]) return undefined;
  }

  const p = items[0]?.prefix ?? titleVector.prefix;
  const el = `<${p}lpstr>${escapeXml(name)}</${p}lpstr>`;
  const insertAt =
    at < count
      ? items[offset + at].start
      : count > 0
        ? items[offset + count - 1].end
        : (items[offset]?.start ?? titleVector.closeStart);
  return applyEdits(xml, [
    { start: countEl.openEnd, end: countEl.closeStart, text: String(count + 1) },
    { start: insertAt, end: insertAt, text: el },
    {
      start: titleVector.start,
      end: titleVector.openEnd,
      text: replaceAttrValue(titleVector.tag, 'size', String(size + 1)),
    },
  ]);
}

// ---------------------------------------------------------------------------------------------

/**
 * Adds an empty worksheet called `name` to the package, placed right after the sheet `after`
 * (by name; at the end when undefined or not found). Throws Error with a user-readable message if a
 * sheet of that name exists (case-insensitive, as Excel) or the name is not a legal Excel sheet name
 * (max 31 chars, none of : \ / ? * [ ], not starting/ending with an apostrophe, not 'History').
 */
export function addWorksheet(
  pkg: XlsxPackage,
  name: string,
  after?: string,
  sheetXml?: string,
): AddedSheet {
  const problem = sheetNameProblem(name);
  if (problem) throw new Error(problem);
  const clash = pkg.sheets.find((s) => sameSheetName(s.name, name));
  if (clash) {
    throw new Error(
      clash.name === name
        ? `the workbook already has a sheet named "${name}"`
        : `the workbook already has a sheet named "${clash.name}" (Excel sheet names ignore case)`,
    );
  }

  let pos = pkg.sheets.length;
  if (after !== undefined) {
    const ref =
      pkg.sheets.find((s) => s.name === after) ??
      pkg.sheets.find((s) => sameSheetName(s.name, after));
    if (ref) pos = ref.index + 1;
  }

  // A part name nobody uses: no part, no content-type override, no stale rels.
  const wbPath = pkg.workbookPath;
  const wbDir = dirOf(wbPath);
  const ctXml = pkg.text('[Content_Types].xml');
  const overridden = new Set(
    scan(ctXml, 'Override').map((el) =>
      decodeXml(getAttr(el.tag, 'PartName') ?? '')
        .replace(/^\//, '')
        .toLowerCase(),
    ),
  );
  let n = 1;
  let path: string;
  for (;;) {
    path = `${wbDir ? wbDir + '/' : ''}worksheets/sheet${n}.xml`;
    if (
      !pkg.hasPart(path) &&
      !pkg.hasPart(relsPathOf(path)) &&
      !overridden.has(path.toLowerCase())
    ) {
      break;
    }
    n++;
  }
  const target = `worksheets/sheet${n}.xml`;

  const changed = new Map<string, string>();
  const added = new Map<string, string>();

  const relsPath = relsPathOf(wbPath);
  const relsEntry = entryName(pkg, relsPath);
  const rels = patchWorkbookRels(relsEntry ? pkg.text(relsEntry) : undefined, target);
  if (relsEntry) changed.set(relsEntry, rels.xml);
  else added.set(relsPath, rels.xml);

  const wbEntry = entryName(pkg, wbPath) ?? wbPath;
  changed.set(wbEntry, patchWorkbook(pkg.workbookXml, pkg.sheets.length, name, pos, rels.id));

  const needRelsDefault = !relsEntry && pkg.contentTypeOf(relsPath) === undefined;
  const ctEntry = entryName(pkg, '[Content_Types].xml') ?? '[Content_Types].xml';
  changed.set(ctEntry, patchContentTypes(ctXml, path, needRelsDefault));

  const appRel = pkg
    .relsOf('')
    .find((r) => r.type.endsWith('/extended-properties') && r.targetMode !== 'External');
  const appPath = appRel?.path || 'docProps/app.xml';
  const appEntry = entryName(pkg, appPath);
  if (appEntry) {
    const worksheets = pkg.sheets.filter((s) => s.kind === 'worksheet');
    const at = worksheets.filter((s) => s.index < pos).length;
    const app = patchAppProps(
      pkg.text(appEntry),
      worksheets.map((s) => s.name),
      at,
      name,
    );
    if (app !== undefined) changed.set(appEntry, app);
  }

  added.set(path, sheetXml ?? EMPTY_WORKSHEET);
  return { path, changed, added };
}
