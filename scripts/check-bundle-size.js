#!/usr/bin/env node
/**
 * Checks the task pane's first load after `npm run build`: the scripts that dist/taskpane.html
 * loads itself (its <script src> tags; not chunks loaded later with import(), not Office.js from
 * Microsoft's CDN) must add up to at most 300 KB (300,000 bytes, as written to disk).
 *
 *   node scripts/check-bundle-size.js [dist] [--limit=BYTES]
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const args = process.argv.slice(2);
const dist = resolve(args.find((a) => !a.startsWith('--')) ?? 'dist');
const limitArg = args.find((a) => a.startsWith('--limit='));
const LIMIT = limitArg ? Number(limitArg.slice('--limit='.length)) : 300_000;

const kb = (n) => `${(n / 1000).toFixed(1)} KB`;

const htmlPath = join(dist, 'taskpane.html');
if (!existsSync(htmlPath)) {
  console.error(`${htmlPath} not found: run \`npm run build\` first.`);
  process.exit(2);
}
const html = readFileSync(htmlPath, 'utf8');

/** src of every <script> tag, in order. */
const sources = [...html.matchAll(/<script\b[^>]*?\bsrc\s*=\s*(["']?)([^"'\s>]+)\1[^>]*>/gi)].map(
  (m) => m[2],
);

let total = 0;
let totalGzip = 0;
const rows = [];
for (const src of sources) {
  if (/^(https?:)?\/\//i.test(src)) {
    rows.push([src, 'external (not counted)']);
    continue;
  }
  const file = join(dist, decodeURI(src.replace(/[?#].*$/, '').replace(/^\.?\//, '')));
  if (!existsSync(file)) {
    console.error(`taskpane.html loads ${src}, which is not in ${dist}`);
    process.exit(1);
  }
  const bytes = readFileSync(file);
  const gz = gzipSync(bytes).length;
  total += bytes.length;
  totalGzip += gz;
  rows.push([src, `${kb(bytes.length)} (${kb(gz)} gzipped)`]);
}

const initial = new Set(sources.map((s) => s.replace(/^\.?\//, '')));
const lazy = readdirSync(dist)
  .filter((f) => f.endsWith('.js') && !initial.has(f))
  .map((f) => [f, statSync(join(dist, f)).size]);

console.log('Scripts taskpane.html loads at start:');
for (const [src, size] of rows) console.log(`  ${src}  ${size}`);
console.log(`  total  ${kb(total)} (${kb(totalGzip)} gzipped); limit ${kb(LIMIT)}`);
if (lazy.length > 0) {
  console.log('Loaded on demand (not counted):');
  for (const [f, size] of lazy) console.log(`  ${f}  ${kb(size)}`);
}

if (total > LIMIT) {
  console.error(`Too big: the first load is ${kb(total)}, over the ${kb(LIMIT)} limit.`);
  process.exit(1);
}
console.log('OK');
