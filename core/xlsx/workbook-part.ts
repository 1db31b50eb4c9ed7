/** Reading step: the workbook part (`xl/workbook.xml`): its sheets, date system and defined names. */
import type { DefinedName } from '../cells.js';
import { WorkbookReadError } from './read-error.js';
import type { Relationship } from './relationships.js';
import { attrLocal, attrMap, decodeXml, elements, firstElement, innerOf } from './xml-scan.js';

export interface SheetRef {
  name: string;
  sheetId: string;
  rId: string;
  /** Package path of the sheet part; '' when its relationship is missing. */
  path: string;
  kind: 'worksheet' | 'chartsheet' | 'other';
  state: 'visible' | 'hidden' | 'veryHidden';
  /** Position in <sheets>, 0-based (= localSheetId). */
  index: number;
}

export interface WorkbookPart {
  sheets: SheetRef[];
  date1904: boolean;
  definedNames: DefinedName[];
}

const STRICT_NS = 'http://purl.oclc.org/ooxml/spreadsheetml/main';

/** Reads the workbook part; `rels` are its relationships. */
export function readWorkbookPart(xml: string, rels: Relationship[]): WorkbookPart {
  if (!firstElement(xml, 'workbook')) {
    throw new WorkbookReadError('not an Excel workbook: no workbook part');
  }
  if (xml.includes(STRICT_NS)) {
    throw new WorkbookReadError(
      "Strict Open XML workbooks are not supported; save as 'Excel Workbook (.xlsx)'",
    );
  }

  const wbPr = firstElement(xml, 'workbookPr');
  const d1904 = wbPr ? attrMap(xml.slice(wbPr.start, wbPr.openEnd)).date1904 : undefined;
  const date1904 = d1904 === '1' || d1904 === 'true';

  const sheets: SheetRef[] = [];
  const sheetsEl = firstElement(xml, 'sheets');
  if (sheetsEl) {
    for (const el of elements(xml, 'sheet', sheetsEl.openEnd, sheetsEl.closeStart)) {
      const a = attrMap(xml.slice(el.start, el.openEnd));
      const rId = attrLocal(a, 'id', true) ?? '';
      const rel = rels.find((r) => r.id === rId);
      let kind: SheetRef['kind'] = 'other';
      if (rel?.type.endsWith('/worksheet')) kind = 'worksheet';
      else if (rel?.type.endsWith('/chartsheet')) kind = 'chartsheet';
      const state = a.state === 'hidden' || a.state === 'veryHidden' ? a.state : 'visible';
      sheets.push({
        name: a.name ?? '',
        sheetId: a.sheetId ?? '',
        rId,
        path: rel && rel.targetMode !== 'External' ? rel.path : '',
        kind,
        state,
        index: sheets.length,
      });
    }
  }

  const definedNames: DefinedName[] = [];
  const namesEl = firstElement(xml, 'definedNames');
  if (namesEl) {
    for (const el of elements(xml, 'definedName', namesEl.openEnd, namesEl.closeStart)) {
      const a = attrMap(xml.slice(el.start, el.openEnd));
      const dn: DefinedName = { name: a.name ?? '', ref: decodeXml(innerOf(xml, el)) };
      if (a.localSheetId !== undefined) {
        const scope = sheets[Number(a.localSheetId)];
        if (scope) dn.scope = scope.name;
      }
      if (a.hidden === '1' || a.hidden === 'true') dn.hidden = true;
      if (a.comment !== undefined) dn.comment = decodeXml(a.comment);
      definedNames.push(dn);
    }
  }
  return { sheets, date1904, definedNames };
}
