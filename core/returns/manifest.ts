/**
 * `Returns issued.json`, written beside the returns by `returns issue`: every cycle issued into
 * that folder (cycle, report date, master file, plan fingerprint, files). `returns merge` reads
 * the one beside each return, so a return is known to be stale when a later cycle was issued for
 * the same master even though nothing of that later cycle has been merged yet.
 */

import { parseTextDate, type Day } from '../dates.js';

export const MANIFEST_FILE = 'Returns issued.json';
export const MANIFEST_FORMAT = 'plan-sync returns issued 1';

export interface IssuedCycle {
  cycle: string;
  /** ISO date. */
  reportDate: string;
  master: string;
  fingerprint: string;
  issuedAt: string;
  files: string[];
}

export interface Manifest {
  format: string;
  cycles: IssuedCycle[];
}

/** The manifest in `text`; null when it is not one plan-sync wrote (it is then started afresh). */
export function parseManifest(text: string): Manifest | null {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof data !== 'object' || data === null) return null;
  const m = data as Partial<Manifest>;
  if (m.format !== MANIFEST_FORMAT || !Array.isArray(m.cycles)) return null;
  const cycles = m.cycles.filter(
    (c): c is IssuedCycle =>
      typeof c === 'object' &&
      c !== null &&
      typeof c.cycle === 'string' &&
      typeof c.reportDate === 'string' &&
      typeof c.master === 'string' &&
      Array.isArray(c.files),
  );
  return { format: MANIFEST_FORMAT, cycles };
}

/** `manifest` with `cycle` recorded: files of the same cycle are added to those issued before. */
export function recordCycle(manifest: Manifest | null, cycle: IssuedCycle): Manifest {
  const cycles = [...(manifest?.cycles ?? [])];
  const at = cycles.findIndex((c) => c.cycle === cycle.cycle && c.master === cycle.master);
  if (at >= 0) {
    const files = [...cycles[at].files];
    for (const f of cycle.files) if (!files.includes(f)) files.push(f);
    cycles[at] = { ...cycle, files };
  } else cycles.push(cycle);
  cycles.sort(
    (a, b) => a.reportDate.localeCompare(b.reportDate) || a.issuedAt.localeCompare(b.issuedAt),
  );
  return { format: MANIFEST_FORMAT, cycles };
}

/** The latest report date issued for `master` after `reportDate`, if any. */
export function laterCycle(manifest: Manifest, master: string, reportDate: Day): Day | null {
  let latest: Day | null = null;
  for (const c of manifest.cycles) {
    if (c.master !== master) continue;
    const d = parseTextDate(c.reportDate);
    if (d.kind !== 'date' || d.day <= reportDate) continue;
    if (latest === null || d.day > latest) latest = d.day;
  }
  return latest;
}

export function manifestText(manifest: Manifest): string {
  return JSON.stringify(manifest, null, 2) + '\n';
}
