/**
 * The add-in manifest read with Python's XML parser (an independent reader), and the structural
 * checks `npm test` makes on it offline: what the Office schemas and Office itself require of a
 * task pane manifest (element order, ids, versions, lengths, hosts, requirement sets, resource
 * references), and that every URL points at the add-in's own site and every icon exists at the
 * size it is declared. Microsoft's online validator (`npm run validate`) checks more.
 */
import { existsSync, readFileSync } from 'node:fs';
import { runPython } from './python.js';

export interface ManifestElement {
  /** Local name, e.g. `Image`; `prefix` says which namespace (`bt`, `ov` or `` for the root's). */
  tag: string;
  prefix: string;
  attrs: Record<string, string>;
  text: string;
  /** Parent's local name. */
  parent: string;
}

export interface Manifest {
  rootTag: string;
  rootNamespace: string;
  rootType: string;
  /** Local names of the root's children, in order. */
  children: string[];
  /** Text of the root's simple children (Id, Version, ...). */
  values: Record<string, string>;
  /** Every element, document order. */
  elements: ManifestElement[];
}

const NS: Record<string, string> = {
  'http://schemas.microsoft.com/office/appforoffice/1.1': '',
  'http://schemas.microsoft.com/office/officeappbasictypes/1.0': 'bt',
  'http://schemas.microsoft.com/office/taskpaneappversionoverrides': 'ov',
};

/** Parse a manifest with Python's xml.etree (fails on XML that is not well formed). */
export function readManifest(file: string): Manifest {
  const raw = JSON.parse(
    runPython(
      String.raw`
import json, sys, xml.etree.ElementTree as ET
XSI = '{http://www.w3.org/2001/XMLSchema-instance}type'
root = ET.parse(sys.argv[1]).getroot()
def split(tag):
    ns, _, name = tag[1:].partition('}')
    return ns, name
def attrs(e):
    return {('xsi:type' if k == XSI else k): v for k, v in e.attrib.items()}
elements = []
def walk(e, parent):
    for c in e:
        ns, name = split(c.tag)
        elements.append({'ns': ns, 'tag': name, 'attrs': attrs(c), 'text': (c.text or '').strip(), 'parent': parent})
        walk(c, name)
walk(root, split(root.tag)[1])
ns, name = split(root.tag)
print(json.dumps({
    'rootNamespace': ns, 'rootTag': name, 'rootType': root.attrib.get(XSI, ''),
    'children': [split(c.tag)[1] for c in root],
    'values': {split(c.tag)[1]: (c.text or '').strip() for c in root if len(c) == 0},
    'elements': elements,
}))
`,
      [file],
    ),
  ) as Omit<Manifest, 'elements'> & {
    elements: (Omit<ManifestElement, 'prefix'> & { ns: string })[];
  };
  return {
    ...raw,
    elements: raw.elements.map(({ ns, ...e }) => ({ ...e, prefix: NS[ns] ?? ns })),
  };
}

/** The schema's sequence for a TaskPaneApp (OfficeApp, then TaskPaneApp's own); * = required. */
const ORDER = [
  '*Id',
  'AlternateId',
  '*Version',
  '*ProviderName',
  '*DefaultLocale',
  '*DisplayName',
  '*Description',
  'IconUrl',
  'HighResolutionIconUrl',
  'SupportUrl',
  'AppDomains',
  'Hosts',
  'Requirements',
  '*DefaultSettings',
  '*Permissions',
  'VersionOverrides',
];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const VERSION = /^\d{1,5}(\.\d{1,5}){0,3}$/;
const CULTURE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/;
const PERMISSIONS = [
  'Restricted',
  'ReadDocument',
  'ReadAllDocument',
  'WriteDocument',
  'ReadWriteDocument',
];
/** Which resource list an element's `resid` must point into. */
const RESID_KIND: Record<string, 'Images' | 'Urls' | 'ShortStrings' | 'LongStrings'> = {
  Image: 'Images',
  SourceLocation: 'Urls',
  LearnMoreUrl: 'Urls',
  Label: 'ShortStrings',
  Title: 'ShortStrings',
  Description: 'LongStrings',
};

/** Width and height of a PNG file (null when it is not one). */
export function pngSize(file: string): [number, number] | null {
  const png = readFileSync(file);
  if (png.length < 24 || png.toString('latin1', 1, 4) !== 'PNG') return null;
  return [png.readUInt32BE(16), png.readUInt32BE(20)];
}

/**
 * What is wrong with a manifest, one line each (empty when nothing). `base` is the URL every
 * add-in URL must start with; `fileFor` gives the local file the site serves at a path below it
 * (e.g. `assets/icon-32.png`), which must exist.
 */
export function manifestProblems(
  m: Manifest,
  base: string,
  fileFor: (sitePath: string) => string,
): string[] {
  const problems: string[] = [];
  const fail = (message: string) => problems.push(message);

  if (
    m.rootTag !== 'OfficeApp' ||
    m.rootNamespace !== 'http://schemas.microsoft.com/office/appforoffice/1.1'
  )
    fail(`root is {${m.rootNamespace}}${m.rootTag}, not an appforoffice 1.1 OfficeApp`);
  if (m.rootType !== 'TaskPaneApp') fail(`xsi:type is "${m.rootType}", not TaskPaneApp`);

  // Element order and the required elements.
  const names = ORDER.map((n) => n.replace('*', ''));
  let last = -1;
  for (const child of m.children) {
    const at = names.indexOf(child);
    if (at < 0) fail(`<${child}> is not allowed in a task pane manifest`);
    else if (at <= last) fail(`<${child}> is out of order (the schema wants ${names.join(', ')})`);
    else last = at;
  }
  for (const n of ORDER.filter((o) => o.startsWith('*')).map((o) => o.slice(1)))
    if (!m.children.includes(n)) fail(`<${n}> is missing`);

  const v = m.values;
  if (!UUID.test(v.Id ?? '')) fail(`Id "${v.Id}" is not a GUID`);
  if (!VERSION.test(v.Version ?? '')) fail(`Version "${v.Version}" is not n.n.n.n`);
  if (!CULTURE.test(v.DefaultLocale ?? ''))
    fail(`DefaultLocale "${v.DefaultLocale}" is not a culture name`);
  if (!v.ProviderName || v.ProviderName.length > 125)
    fail('ProviderName must be 1 to 125 characters');
  if (v.Permissions !== undefined && !PERMISSIONS.includes(v.Permissions))
    fail(`Permissions "${v.Permissions}" is not a permission`);

  const top = (tag: string) => m.elements.find((e) => e.tag === tag && e.parent === 'OfficeApp');
  const displayName = top('DisplayName')?.attrs.DefaultValue ?? '';
  if (displayName.length < 1 || displayName.length > 125)
    fail('DisplayName must be 1 to 125 characters');
  const description = top('Description')?.attrs.DefaultValue ?? '';
  if (description.length < 1 || description.length > 250)
    fail('Description must be 1 to 250 characters');

  // Hosts: Excel workbooks, in the manifest and in its version overrides.
  const hosts = m.elements
    .filter((e) => e.tag === 'Host' && e.prefix === '')
    .map((e) => e.attrs.Name);
  if (hosts.join() !== 'Workbook') fail(`Hosts are [${hosts.join(', ')}], not [Workbook]`);
  const ovHosts = m.elements.filter((e) => e.tag === 'Host' && e.prefix === 'ov');
  if (ovHosts.some((h) => h.attrs['xsi:type'] !== 'Workbook'))
    fail('a VersionOverrides host is not xsi:type="Workbook"');

  // URLs: https, on the add-in's site; AppDomains are its origin.
  const origin = new URL(base).origin;
  const urls: [string, string][] = [];
  for (const e of m.elements) {
    const value = e.attrs.DefaultValue ?? '';
    if (/^[a-z]+:\/\//i.test(value))
      urls.push([`${e.prefix ? e.prefix + ':' : ''}${e.tag}`, value]);
    if (e.tag === 'AppDomain') {
      if (e.text !== origin) fail(`AppDomain "${e.text}" is not the add-in's origin ${origin}`);
    }
  }
  for (const [where, url] of urls) {
    if (!url.startsWith('https://')) fail(`${where} ${url} is not https`);
    else if (!url.startsWith(base)) fail(`${where} ${url} is not under ${base}`);
    else if (url.length > 2048) fail(`${where} URL is longer than 2048 characters`);
    else if (!existsSync(fileFor(url.slice(base.length))))
      fail(`${where} ${url}: the add-in has no ${fileFor(url.slice(base.length))}`);
  }

  // Icons exist at the size they are declared.
  const iconSize = (where: string, url: string | undefined, size: number) => {
    if (!url?.startsWith(base)) return; // reported above
    const file = fileFor(url.slice(base.length));
    if (!existsSync(file)) return; // reported above
    const got = pngSize(file);
    if (!got) fail(`${where} ${url} is not a PNG`);
    else if (got[0] !== size || got[1] !== size)
      fail(`${where} ${url} is ${got[0]}x${got[1]}, not ${size}x${size}`);
  };
  iconSize('IconUrl', top('IconUrl')?.attrs.DefaultValue, 32);
  iconSize('HighResolutionIconUrl', top('HighResolutionIconUrl')?.attrs.DefaultValue, 64);

  // Resources: unique ids of at most 32 characters, strings within their lengths, every resid
  // pointing at a resource of the right kind.
  const resources = new Map<string, { kind: string; value: string }>();
  for (const e of m.elements.filter((x) => x.prefix === 'bt' && x.attrs.id !== undefined)) {
    const kind = e.parent;
    if (resources.has(e.attrs.id)) fail(`resource id "${e.attrs.id}" is used twice`);
    if (e.attrs.id.length > 32) fail(`resource id "${e.attrs.id}" is longer than 32 characters`);
    resources.set(e.attrs.id, { kind, value: e.attrs.DefaultValue ?? '' });
    const max = kind === 'ShortStrings' ? 125 : kind === 'LongStrings' ? 250 : 2048;
    if (!e.attrs.DefaultValue || e.attrs.DefaultValue.length > max)
      fail(`resource "${e.attrs.id}" must be 1 to ${max} characters`);
  }
  for (const e of m.elements.filter((x) => x.attrs.resid !== undefined)) {
    const res = resources.get(e.attrs.resid);
    const want = RESID_KIND[e.tag];
    if (!res) fail(`<${e.tag} resid="${e.attrs.resid}"> names no resource`);
    else if (want && res.kind !== want)
      fail(`<${e.tag} resid="${e.attrs.resid}"> should name one of ${want}, not ${res.kind}`);
    else if (e.tag === 'Image' && e.attrs.size)
      iconSize(`bt:Image size ${e.attrs.size}`, res.value, Number(e.attrs.size));
  }
  const ids = m.elements.filter((e) => ['Group', 'Control'].includes(e.tag)).map((e) => e.attrs.id);
  if (new Set(ids).size !== ids.length) fail(`control ids repeat: ${ids.join(', ')}`);
  return problems;
}

/** `ExcelApi` → minimum version, from the manifest's requirement sets. */
export function requirementSets(m: Manifest): Record<string, string> {
  return Object.fromEntries(
    m.elements.filter((e) => e.tag === 'Set').map((e) => [e.attrs.Name, e.attrs.MinVersion]),
  );
}
