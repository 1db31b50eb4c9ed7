import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { verifyPackage, xmlNestingProblem } from '../../sync/xlsx/verify.js';
import { writeZip, ZipReader } from '../../sync/xlsx/zip.js';
import { fidelityPath } from '../helpers/fidelity.js';

describe('xmlNestingProblem', () => {
  it.each([
    ['<?xml version="1.0"?><a><b x="1"/><c>t</c><!-- <d> --></a>', null],
    ['<x:a xmlns:x="u"><x:b></x:b></x:a>', null],
    ['<a><b></a>', '</a> closes <b>'],
    ['<a><b/>', '<a> is never closed'],
    ['<a><b', 'unterminated tag'],
    ['</a>', '</a> closes <nothing>'],
  ])('%s', (xml, problem) => {
    expect(xmlNestingProblem(xml)).toBe(problem);
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
});
