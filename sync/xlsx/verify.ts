/**
 * The last check on a package before it is written: every part is where it should be, every part
 * we changed or added reads back as exactly what we meant, is text in the encoding it declares
 * and well-formed XML (no attribute twice, nothing unclosed), and a changed worksheet addresses
 * no cell outside Excel's grid, in the order Excel reads rows and cells. A file that fails is
 * never written. Runs the same checks as the reader: a 50,000-task sheet takes well under a second.
 */

import { decodePart, PartEncodingError } from '../../core/xlsx/part-encoding.js';
import { xmlProblem } from '../../core/xlsx/xml-check.js';
import { rootName } from '../../core/xlsx/xml-scan.js';
import { worksheetPositionsProblem } from '../../core/xlsx/worksheet-part.js';
import { ZipReader } from './zip.js';

/** Why the bytes of an XML part are not what may be written; null when they are fine. */
export function xmlPartProblem(bytes: Uint8Array): string | null {
  let text: string;
  try {
    text = decodePart(bytes).text;
  } catch (e) {
    if (e instanceof PartEncodingError) return e.message;
    throw e;
  }
  const problem = xmlProblem(text);
  if (problem) return `it is not well-formed XML: ${problem}`;
  if (rootName(text)?.local === 'worksheet') {
    const where = worksheetPositionsProblem(text);
    if (where) return where;
  }
  return null;
}

export function verifyPackage(
  bytes: Buffer,
  source: ZipReader,
  changed: ReadonlyMap<string, Buffer>,
  added: ReadonlyMap<string, Buffer> = new Map(),
): void {
  const written = ZipReader.withLimits(bytes, source.limits);
  const names = written.entries.map((e) => e.name).join('\n');
  const expected = [...source.entries.map((e) => e.name), ...added.keys()].join('\n');
  if (names !== expected) throw new Error('the parts of the workbook changed');
  for (const [name, content] of [...changed, ...added]) {
    if (!written.read(name).equals(content))
      throw new Error(`part ${name} did not read back as written`);
    if (/\.(xml|rels|vml)$/i.test(name)) {
      const problem = xmlPartProblem(content);
      if (problem) throw new Error(`part ${name}: ${problem}`);
    }
  }
}
