/**
 * The add-in as Excel runs it for real users: German desktop Excel (areas separated by `;`),
 * Excel on the web (5 MB requests and responses, oversized reads failing as GeneralException),
 * and older hosts at ExcelApi 1.9 and 1.14. Every pane command on plans of 50, 5,000 and 25,000
 * tasks takes at most 3 round trips, with every request and response under 5 MB (envelope
 * included), and leaves the same cells as on any other Excel.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { dayFromYMD } from '../../core/dates.js';
import { generatePlan } from '../../core/template.js';
import { createCommands } from '../../addin/commands.js';
import { UnsupportedExcelError } from '../../addin/commands-api.js';
import {
  installFakeOffice,
  removeFakeOffice,
  REQUEST_LIMIT,
  type FakeWorkbookInit,
} from '../fake-excel/index.js';
import { planInit } from '../helpers/plan-init.js';
import { TABLE_5 } from '../core/budget/seed-tables.js';

afterEach(removeFakeOffice);

const today = dayFromYMD(2025, 10, 1)!;

const CONFIGS: Record<string, Partial<FakeWorkbookInit>> = {
  'German desktop (list separator ;)': { platform: 'PC', locale: 'de-DE', apiVersion: '1.14' },
  'Excel on the web (5 MB, GeneralException)': {
    platform: 'OfficeOnline',
    locale: 'en-GB',
    apiVersion: '1.19',
  },
  'ExcelApi 1.9 (Czech desktop)': { platform: 'PC', locale: 'cs-CZ', apiVersion: '1.9' },
  'ExcelApi 1.14 (Mac)': { platform: 'Mac', locale: 'en-US', apiVersion: '1.14' },
};

const plans = new Map<number, FakeWorkbookInit>();
function plan(size: number): FakeWorkbookInit {
  let p = plans.get(size);
  if (!p) plans.set(size, (p = planInit(generatePlan(size, { seed: 7 }))));
  return p;
}

/** Round trips each command took, by configuration and plan size (printed for the record). */
const measured: string[] = [];

describe('every pane command in 3 round trips or fewer, under 5 MB', () => {
  for (const [config, host] of Object.entries(CONFIGS)) {
    for (const size of [50, 5000, 25000]) {
      it(`${config}, ${size.toLocaleString('en-GB')} tasks`, async () => {
        const fake = installFakeOffice({ ...plan(size), ...host });
        const commands = createCommands({ today });
        const gantt = host.apiVersion !== '1.9';
        const steps: [string, () => Promise<unknown>][] = [
          ['validate', () => commands.validate()],
          ['colour RAG', () => commands.colourRag()],
          ['build Gantt (monthly)', () => commands.buildGantt('auto')],
          ['colour RAG after the Gantt', () => commands.colourRag()],
          ['build Gantt (weekly, over the monthly)', () => commands.buildGantt('week')],
          ['validate after the Gantt', () => commands.validate()],
          [
            'import budget',
            () =>
              commands.importBudget({
                name: 'table5.csv',
                bytes: new TextEncoder().encode(TABLE_5),
              }),
          ],
          ['new plan', () => commands.newPlan()],
        ];
        const line: string[] = [];
        for (const [name, step] of steps) {
          const before = fake.stats.syncs;
          if (!gantt && name.startsWith('build Gantt')) {
            await expect(step()).rejects.toThrow(UnsupportedExcelError);
            await expect(step()).rejects.toThrow(/ExcelApi 1\.13/);
            expect(fake.stats.syncs - before).toBe(0);
            line.push(`${name} refused`);
            continue;
          }
          await step();
          const trips = fake.stats.syncs - before;
          line.push(`${name} ${trips}`);
          expect(trips, name).toBeLessThanOrEqual(3);
        }
        await fake.workbook.settle();
        let maxRequest = 0;
        let maxResponse = 0;
        for (const n of fake.stats.requestBytes) if (n > maxRequest) maxRequest = n;
        for (const n of fake.stats.responseBytes) if (n > maxResponse) maxResponse = n;
        expect(maxRequest).toBeLessThan(REQUEST_LIMIT);
        expect(maxResponse).toBeLessThan(REQUEST_LIMIT);
        measured.push(
          `${config}, ${size} tasks: ${line.join(', ')}; largest request ${Math.round(maxRequest / 1000)} kB, response ${Math.round(maxResponse / 1000)} kB`,
        );
        // The plan was really coloured and drawn (or only coloured where Build Gantt is refused).
        const sheet = fake.workbook.sheet('Plan');
        expect(sheet.cell('H2')?.format?.fill).toMatch(/^#[0-9A-F]{6}$/);
        expect(fake.workbook.names().some((n) => n.name === 'PlanSync_Timeline')).toBe(gantt);
        expect(fake.workbook.sheetNames()).toEqual([
          'Plan',
          'Budget',
          'Workstreams',
          'Settings',
          'RAG key',
        ]);
      }, 300_000);
    }
  }

  it('prints what was measured', () => {
    console.log(measured.join('\n'));
    expect(measured.length).toBe(Object.keys(CONFIGS).length * 3);
  });
});
