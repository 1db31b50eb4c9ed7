import { describe, expect, it } from 'vitest';
import { xmlProblem } from '../../core/xlsx/xml-check.js';

// The check remembers the last attribute prefix it found bound: these cases make sure it forgets
// when the prefixes in scope change, and never takes one prefix for another that starts alike.
describe('attribute prefixes in and out of scope', () => {
  it.each([
    ['<a xmlns:p="u"><b p:x="1"/><c p:y="1"/></a>', null],
    [
      '<a><b xmlns:p="u" p:x="1"/><c p:y="1"/></a>',
      'an undeclared namespace prefix in "<c p:y="1"/></a>"',
    ],
    [
      '<a><b xmlns:p="u"><c p:x="1"/></b><d p:y="1"/></a>',
      'an undeclared namespace prefix in "<d p:y="1"/></a>"',
    ],
    ['<a xmlns:p="u"><b xmlns:p="v"><c p:x="1"/></b><d p:y="1"/></a>', null],
    ['<a xmlns:p="u" xmlns:q="v"><b p:x="1" q:y="1" p:z="2"/></a>', null],
    [
      '<a xmlns:pp="u"><b pp:x="1"/><c p:y="1"/></a>',
      'an undeclared namespace prefix in "<c p:y="1"/></a>"',
    ],
    [
      '<a xmlns:p="u"><b p:x="1"/><c pq:y="1"/></a>',
      'an undeclared namespace prefix in "<c pq:y="1"/></a>"',
    ],
    [
      '<a xmlns:p="u"><b p:x="1"/><c xmlns:q="v" q:y="1"/><d q:z="1"/></a>',
      'an undeclared namespace prefix in "<d q:z="1"/></a>"',
    ],
  ])('%s', (xml, problem) => {
    expect(xmlProblem(xml)).toBe(problem);
  });

  it('50,000 rows that each carry the same prefixed attribute are fine', () => {
    const rows = '<row r="1" x14ac:dyDescent="0.25"><c r="A1"/></row>'.repeat(50_000);
    const xml = `<worksheet xmlns:x14ac="u"><sheetData>${rows}</sheetData></worksheet>`;
    expect(xmlProblem(xml)).toBeNull();
    expect(xmlProblem(xml.replace('xmlns:x14ac', 'xmlns:x14'))).toMatch(
      /undeclared namespace prefix/,
    );
  });
});
