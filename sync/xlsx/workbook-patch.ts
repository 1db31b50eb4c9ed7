import { escapeXml, findElement, getAttr, rootPrefix } from './xml.js';

/**
 * Sets a hidden, workbook-scoped defined name in `xl/workbook.xml`, leaving every other name and
 * element exactly as written. Returns the original text when the name already has that value.
 */
export function setDefinedName(xml: string, name: string, ref: string, comment?: string): string {
  const p = rootPrefix(xml, 'workbook');
  const note = comment === undefined ? '' : ` comment="${escapeXml(comment)}"`;
  const element = `<${p}definedName name="${name}"${note} hidden="1">${escapeXml(ref)}</${p}definedName>`;
  const names = findElement(xml, `${p}definedNames`);
  if (!names) {
    const sheets = findElement(xml, `${p}sheets`);
    if (!sheets) throw new Error('workbook has no sheets element');
    return (
      xml.slice(0, sheets.end) +
      `<${p}definedNames>${element}</${p}definedNames>` +
      xml.slice(sheets.end)
    );
  }
  let pos = names.openEnd;
  for (;;) {
    const el = findElement(xml, `${p}definedName`, pos);
    if (!el || el.start >= names.closeStart) break;
    const tag = xml.slice(el.start, el.openEnd);
    if (getAttr(tag, 'name') === name && getAttr(tag, 'localSheetId') === undefined) {
      const current = xml.slice(el.start, el.end);
      return current === element ? xml : xml.slice(0, el.start) + element + xml.slice(el.end);
    }
    pos = el.end;
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
