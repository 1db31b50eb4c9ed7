/** Reading step: `[Content_Types].xml`, the content type of every part (by override or extension). */
import { attrMap, elements } from './xml-scan.js';

export const CONTENT_TYPES_PART = '[Content_Types].xml';

/** The content type of a part from the content types XML (Override, then Default by extension). */
export function contentTypeIn(xml: string, path: string): string | undefined {
  const partName = `/${path}`.toLowerCase();
  for (const el of elements(xml, 'Override')) {
    const a = attrMap(xml.slice(el.start, el.openEnd));
    if ((a.PartName ?? '').toLowerCase() === partName) return a.ContentType;
  }
  const dot = path.lastIndexOf('.');
  const ext = dot >= 0 ? path.slice(dot + 1).toLowerCase() : '';
  for (const el of elements(xml, 'Default')) {
    const a = attrMap(xml.slice(el.start, el.openEnd));
    if ((a.Extension ?? '').toLowerCase() === ext) return a.ContentType;
  }
  return undefined;
}
