/**
 * Checks a package we are about to write: every part is where it should be, every part we changed
 * reads back as exactly what we meant, and every changed XML part is well formed. A file that
 * fails is never written.
 */

import { ZipReader } from './zip.js';

/** Returns a problem description, or null when the XML's tags nest properly. */
export function xmlNestingProblem(xml: string): string | null {
  const stack: string[] = [];
  let pos = xml.indexOf('<');
  while (pos >= 0) {
    const next = xml.charCodeAt(pos + 1);
    if (next === 63 /* ? */) {
      pos = xml.indexOf('?>', pos);
      if (pos < 0) return 'unterminated processing instruction';
    } else if (next === 33 /* ! */) {
      const cdata = xml.startsWith('<![CDATA[', pos);
      pos = xml.indexOf(cdata ? ']]>' : '-->', pos);
      if (pos < 0) return 'unterminated comment or CDATA';
    } else {
      const end = xml.indexOf('>', pos);
      if (end < 0) return 'unterminated tag';
      if (next === 47 /* / */) {
        const name = xml.slice(pos + 2, end).trim();
        const open = stack.pop();
        if (open !== name) return `</${name}> closes <${open ?? 'nothing'}>`;
      } else if (xml.charCodeAt(end - 1) !== 47) {
        let nameEnd = pos + 1;
        while (nameEnd < end && !' \t\r\n/'.includes(xml[nameEnd])) nameEnd++;
        stack.push(xml.slice(pos + 1, nameEnd));
      }
      pos = end;
    }
    pos = xml.indexOf('<', pos);
  }
  return stack.length ? `<${stack[stack.length - 1]}> is never closed` : null;
}

export function verifyPackage(
  bytes: Buffer,
  source: ZipReader,
  changed: ReadonlyMap<string, Buffer>,
  added: ReadonlyMap<string, Buffer> = new Map(),
): void {
  const written = ZipReader.open(bytes);
  const names = written.entries.map((e) => e.name).join('\n');
  const expected = [...source.entries.map((e) => e.name), ...added.keys()].join('\n');
  if (names !== expected) throw new Error('the parts of the workbook changed');
  for (const [name, content] of [...changed, ...added]) {
    if (!written.read(name).equals(content))
      throw new Error(`part ${name} did not read back as written`);
    if (name.endsWith('.xml') || name.endsWith('.rels')) {
      const problem = xmlNestingProblem(content.toString('utf8'));
      if (problem) throw new Error(`part ${name} is not well-formed XML: ${problem}`);
    }
  }
}
