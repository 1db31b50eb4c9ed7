import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { xmlProblem } from '../../core/xlsx/xml-check.js';
import { verifyPackage } from '../../sync/xlsx/verify.js';
import { writeZip, ZipReader } from '../../sync/xlsx/zip.js';
import { fidelityPath } from '../helpers/fidelity.js';

describe('xmlProblem', () => {
  it.each([
    ['<?xml version="1.0"?><a><b x="1"/><c>t</c><!-- <d> --></a>', null],
    ['<x:a xmlns:x="u"><x:b></x:b></x:a>', null],
    ['<a x="&amp;&#x41;&#65;">&lt;&quot;</a>', null],
    ['<a><![CDATA[ & < ]]></a>', null],
    ['<a><b></a>', '<b> is closed by "</a>"'],
    ['<a><b/>', '<a> is never closed'],
    ['<a><b', 'a tag is never closed at "<b"'],
    ['</a>', 'an end tag with no start tag at "</a>"'],
    ['<a r="1" r="2"/>', 'the attribute r twice in "<a r="1" r="2"/>"'],
    ['<a r=""r="2"/>', 'attributes XML does not allow in "<a r=""r="2"/>"'],
    ['<a x="<"/>', 'a "<" inside an attribute value in "<a x="<"/>"'],
    ['<a x="1" y="a<b"/>', 'a "<" inside an attribute value in "<a x="1" y="a<b"/>"'],
    ['<a><b/><c x="a>b"/>t<d/></a>', null],
    ['<a>&nbsp;</a>', 'a "&" that starts no valid reference at "&nbsp;</a>"'],
    ['<a>&#0;</a>', 'a reference to a character XML does not allow: &#0;'],
    ['<a>\u0000</a>', 'a character XML does not allow (U+0000) at position 3'],
    ['<a>\ud800</a>', 'a character XML does not allow (U+D800) at position 3'],
    ['<a/><b/>', 'a second root element at "<b/>"'],
    ['<a/>text', 'text outside the root element at "text"'],
    ['<!DOCTYPE a [<!ENTITY x "y">]><a/>', 'a DOCTYPE declaration, which Office files never have'],
    ['<a/><?xml version="1.0"?>', 'an XML declaration that is not at the start'],
    ['', 'no root element'],
    ['<x:a/>', 'an undeclared namespace prefix in "<x:a/>"'],
    ['<a y:b="1"/>', 'an undeclared namespace prefix in "<a y:b="1"/>"'],
    ['<a xmlns:y="u"><b y:c="1"/></a><!-- -->', null],
    ['<a xmlns:y="u"/>', null],
    ['<a><b xmlns:y="u"/><y:c/></a>', 'an undeclared namespace prefix in "<y:c/></a>"'],
    ['<a xml:space="preserve"/>', null],
    [
      '<?xml versinn="1.0"?><a/>',
      'an XML declaration XML does not allow: "<?xml versinn="1.0"?><a/>"',
    ],
    ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<a/>', null],
  ])('%s', (xml, problem) => {
    expect(xmlProblem(xml)).toBe(problem);
  });
});

describe('verifyPackage', () => {
  const source = ZipReader.open(readFileSync(fidelityPath('xw_full.xlsx')));
  const part = 'xl/workbook.xml';

  it('accepts a package whose changed parts read back as written', () => {
    const changed = new Map([
      [part, Buffer.from(source.readText(part).replace('<calcPr', '<definedNames/><calcPr'))],
    ]);
    expect(() => verifyPackage(writeZip(source, changed), source, changed)).not.toThrow();
  });

  it('refuses malformed XML and a part that differs from what was meant', () => {
    const broken = new Map([[part, Buffer.from(source.readText(part).replace('</sheets>', ''))]]);
    expect(() => verifyPackage(writeZip(source, broken), source, broken)).toThrow(
      /not well-formed XML/,
    );
    const meant = new Map([[part, Buffer.from('<workbook/>')]]);
    expect(() =>
      verifyPackage(writeZip(source, new Map([[part, Buffer.from('<other/>')]])), source, meant),
    ).toThrow(/did not read back/);
  });

  it('checks the text it is given, once, and the written sizes and CRCs', () => {
    const text = source.readText(part).replace('</sheets>', '');
    const bytes = Buffer.from(text);
    const changed = new Map([[part, bytes]]);
    const texts = new Map([[part, text]]);
    expect(() =>
      verifyPackage(writeZip(source, changed), source, changed, new Map(), texts),
    ).toThrow(/not well-formed XML/);
    // Same length, other bytes: the CRC in the written directory does not match.
    const good = Buffer.from(source.readText(part));
    const other = Buffer.from(good);
    other[other.length - 2] = 0x41;
    expect(() =>
      verifyPackage(writeZip(source, new Map([[part, other]])), source, new Map([[part, good]])),
    ).toThrow(/did not read back/);
    // A damaged local header of a changed part.
    const out = writeZip(source, new Map([[part, good]]));
    const e = ZipReader.open(out).entries.find((x) => x.name === part)!;
    out.writeUInt32LE(0, e.localHeaderOffset + 14);
    expect(() => verifyPackage(out, source, new Map([[part, good]]))).toThrow(/did not read back/);
  });
});
