/**
 * Browser entry of the fake (bundled by bundle.ts): reads `window.__FAKE_WORKBOOK__` and installs
 * `window.Office`, `window.Excel` and `window.__fake = { workbook, stats }`, so a page that uses
 * Office.js (the task pane) runs against the fake. Load it before the page's own scripts.
 */

import { createFakeOffice, type FakeWorkbookInit } from './index.js';

declare const window: {
  __FAKE_WORKBOOK__?: FakeWorkbookInit;
  Office?: unknown;
  Excel?: unknown;
  OfficeExtension?: unknown;
  __fake?: unknown;
};

const init = window.__FAKE_WORKBOOK__;
if (!init)
  throw new Error(
    'fake Excel: set window.__FAKE_WORKBOOK__ (a FakeWorkbookInit) before loading the fake.',
  );
const fake = createFakeOffice(init);
window.Office = fake.Office;
window.Excel = fake.Excel;
window.OfficeExtension = fake.OfficeExtension;
window.__fake = { workbook: fake.workbook, stats: fake.stats };
