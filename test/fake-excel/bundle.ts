/**
 * Node only: the fake Office.js as one browser script (an IIFE), built from browser-entry.ts with
 * esbuild's JS API. Inject it into a page (e.g. playwright's addInitScript) after setting
 * `window.__FAKE_WORKBOOK__`.
 */

import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export async function bundleFakeOffice(): Promise<string> {
  const entry = fileURLToPath(new URL('./browser-entry.ts', import.meta.url));
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}
