import {
  childElements,
  elements,
  firstElement,
  getAttr,
  rootElement,
  startTagOf,
} from '../../core/xlsx/xml-scan.js';
import { escapeXml, rootPrefix } from './xml.js';

/** The children of workbook that come before definedNames and may follow sheets. */
const BEFORE_NAMES = new Set(['sheets', 'functionGroups', 'externalReferences']);

/**
 * Sets a hidden, workbook-scoped defined name in `xl/workbook.xml`, leaving every other name and
 * element exactly as written. Returns the original text when the name already has that value.
 */
export function setDefinedName(xml: string, name: string, ref: string, comment?: string): string {
  const p = rootPrefix(xml);
  const note = comment === undefined ? '' : ` comment="${escapeXml(comment)}"`;
  const element = `<${p}definedName name="${name}"${note} hidden="1">${escapeXml(ref)}</${p}definedName>`;
  return putDefinedName(xml, name, undefined, element);
}

/**
 * Puts `element` (a whole definedName, written with the root's prefix) in place of the name
 * `name` scoped to `localSheetId` (undefined: the workbook), or adds it: to the existing
 * definedNames, else in a new one where CT_Workbook puts it (after sheets, functionGroups and
 * externalReferences). Returns the original text when the name already reads so.
 */
export function putDefinedName(
  xml: string,
  name: string,
  localSheetId: string | undefined,
  element: string,
): string {
  const p = rootPrefix(xml);
  const names = firstElement(xml, 'definedNames');
  if (!names) {
    const root = rootElement(xml);
    const before = root ? childElements(xml, root).filter((c) => BEFORE_NAMES.has(c.local)) : [];
    if (!before.some((c) => c.local === 'sheets'))
      throw new Error('workbook has no sheets element');
    const at = before[before.length - 1].end;
    return xml.slice(0, at) + `<${p}definedNames>${element}</${p}definedNames>` + xml.slice(at);
  }
  for (const el of elements(xml, 'definedName', names.openEnd, names.closeStart)) {
    const tag = startTagOf(xml, el);
    if (getAttr(tag, 'name') === name && getAttr(tag, 'localSheetId') === localSheetId) {
      const current = xml.slice(el.start, el.end);
      return current === element ? xml : xml.slice(0, el.start) + element + xml.slice(el.end);
    }
  }
  if (names.closeStart === names.openEnd) {
    return (
      xml.slice(0, names.start) +
      `<${p}definedNames>${element}</${p}definedNames>` +
      xml.slice(names.end)
    );
  }
  return xml.slice(0, names.closeStart) + element + xml.slice(names.closeStart);
}
