/**
 * Reading step: relationships (`_rels/*.rels` parts), which link a part to the parts it uses.
 * Package paths have no leading slash: `xl/worksheets/sheet1.xml`.
 */
import { attrMap, elements } from './xml-scan.js';

export interface Relationship {
  id: string;
  type: string;
  target: string;
  targetMode?: string;
  /** Resolved package path for internal targets, e.g. 'xl/worksheets/sheet1.xml'; '' for external ones. */
  path: string;
}

export function dirOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/** The relationships part of `partPath`: '<dir>/_rels/<file>.rels' ('' gives the package's own). */
export function relsPathOf(partPath: string): string {
  const dir = dirOf(partPath);
  const file = partPath.slice(dir.length ? dir.length + 1 : 0);
  return dir ? `${dir}/_rels/${file}.rels` : `_rels/${file}.rels`;
}

/** Joins a relationship target onto the folder of the part that owns it; resolves `.` and `..`. */
export function resolveTarget(baseDir: string, target: string): string {
  let t = target.replace(/\\/g, '/');
  const hash = t.indexOf('#');
  if (hash >= 0) t = t.slice(0, hash);
  const joined = t.startsWith('/') ? t.slice(1) : baseDir ? `${baseDir}/${t}` : t;
  const out: string[] = [];
  for (const seg of joined.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return out.join('/');
}

/**
 * The relationships in `xml`, the rels part of `partPath`. `partName` maps a resolved path to
 * the package's own spelling of it (part names are case-insensitive), or undefined when absent.
 */
export function readRelationships(
  xml: string,
  partPath: string,
  partName: (path: string) => string | undefined,
): Relationship[] {
  const dir = dirOf(partPath);
  const rels: Relationship[] = [];
  for (const el of elements(xml, 'Relationship')) {
    const a = attrMap(xml.slice(el.start, el.openEnd));
    const target = a.Target ?? '';
    const rel: Relationship = { id: a.Id ?? '', type: a.Type ?? '', target, path: '' };
    if (a.TargetMode !== undefined) rel.targetMode = a.TargetMode;
    if (a.TargetMode !== 'External') {
      const resolved = resolveTarget(dir, target);
      rel.path = partName(resolved) ?? resolved;
    }
    rels.push(rel);
  }
  return rels;
}
