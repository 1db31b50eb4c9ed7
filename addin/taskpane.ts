/**
 * The task pane: wires taskpane.html to a PlanCommands implementation and renders what comes
 * back. Plain DOM, all text through textContent. It never touches Excel.* itself (that is the
 * Office.js adapter's job, behind commands.ts) and imports no engine module directly (only
 * core/findings.ts, the small helpers for showing findings), so the first load stays small:
 * commands.ts lazy-loads the heavy parts.
 */

import {
  ExcelFailure,
  NoPlanError,
  UnsupportedExcelError,
  type BoardRunOptions,
  type CommandResult,
  type PlanCommands,
  type ReportSummary,
  type RunOptions,
  type TimelineScale,
} from './commands-api.js';
import { createCommands } from './commands.js';
import { stopWarmUp, warmUpEngine } from './warm-up.js';
import {
  countBySeverity,
  locationOf,
  ruleTitle,
  sortFindings,
  SEVERITY_ORDER,
  type Finding,
  type Severity,
} from '../core/findings.js';
import { flagWords } from '../core/report/flags.js';

/** Findings rendered at most (a plan with thousands would make the pane sluggish). */
const MAX_SHOWN = 500;
/** A rule's findings are listed open up to this many; more are folded under their count. */
const OPEN_RULE_UP_TO = 3;

const SEVERITY_WORD: Record<Severity, string> = {
  error: 'Error',
  warning: 'Warning',
  info: 'Info',
};

const SEVERITY_PLURAL: Record<Severity, [string, string]> = {
  error: ['error', 'errors'],
  warning: ['warning', 'warnings'],
  info: ['note', 'notes'],
};

const SCALES: readonly TimelineScale[] = ['auto', 'week', 'month', 'quarter'];

type StatusKind = 'info' | 'busy' | 'success' | 'warning' | 'error';
type IconName = 'error' | 'warning' | 'info' | 'success';

function byId<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`taskpane.html has no #${id}`);
  return found as T;
}

const ui = {
  main: byId<HTMLElement>('main'),
  reportDate: byId<HTMLInputElement>('report-date'),
  reportDateHint: byId<HTMLElement>('report-date-hint'),
  ganttHint: byId<HTMLElement>('gantt-hint'),
  undoNote: byId<HTMLElement>('undo-note'),
  errorsOnly: byId<HTMLInputElement>('errors-only'),
  findingsSummary: byId<HTMLElement>('findings-summary'),
  validate: byId<HTMLButtonElement>('btn-validate'),
  rag: byId<HTMLButtonElement>('btn-rag'),
  scale: byId<HTMLSelectElement>('gantt-scale'),
  gantt: byId<HTMLButtonElement>('btn-gantt'),
  keep: byId<HTMLInputElement>('keep-up-to-date'),
  file: byId<HTMLInputElement>('budget-file'),
  budgetName: byId<HTMLInputElement>('budget-name'),
  import: byId<HTMLButtonElement>('btn-import'),
  returnFile: byId<HTMLInputElement>('return-file'),
  acceptNew: byId<HTMLInputElement>('return-accept-new'),
  mergeReturn: byId<HTMLButtonElement>('btn-merge-return'),
  newPlan: byId<HTMLButtonElement>('btn-new-plan'),
  adopt: byId<HTMLButtonElement>('btn-adopt'),
  report: byId<HTMLButtonElement>('btn-report'),
  boardPage: byId<HTMLSelectElement>('board-page'),
  boardWorkstreams: byId<HTMLInputElement>('board-workstreams'),
  board: byId<HTMLButtonElement>('btn-board'),
  boardDeck: byId<HTMLButtonElement>('btn-board-deck'),
  boardApiHint: byId<HTMLElement>('board-api-hint'),
  boardDownloadLine: byId<HTMLElement>('board-download-line'),
  boardDownload: byId<HTMLAnchorElement>('board-download'),
  reportSummary: byId<HTMLElement>('report-summary'),
  createPlan: byId<HTMLButtonElement>('btn-create-plan'),
  progress: byId<HTMLElement>('progress'),
  status: byId<HTMLElement>('status'),
  statusIcon: byId<HTMLElement>('status-icon'),
  statusText: byId<HTMLElement>('status-text'),
  noPlan: byId<HTMLElement>('notice-no-plan'),
  unsupported: byId<HTMLElement>('notice-unsupported'),
  unsupportedTitle: byId<HTMLElement>('unsupported-title'),
  unsupportedText: byId<HTMLElement>('unsupported-text'),
  unsupportedSetsLabel: byId<HTMLElement>('unsupported-sets-label'),
  unsupportedSets: byId<HTMLUListElement>('unsupported-sets'),
  unsupportedHint: byId<HTMLElement>('unsupported-hint'),
  findings: byId<HTMLElement>('findings'),
  findingsHeading: byId<HTMLElement>('findings-heading'),
  findingsHint: byId<HTMLElement>('findings-hint'),
  findingsList: byId<HTMLElement>('findings-list'),
  counts: {
    error: byId<HTMLElement>('count-error'),
    warning: byId<HTMLElement>('count-warning'),
    info: byId<HTMLElement>('count-info'),
  } satisfies Record<Severity, HTMLElement>,
};

type Control = HTMLButtonElement | HTMLInputElement | HTMLSelectElement;

/** Everything that starts a command: disabled together while one runs. */
const CONTROLS: readonly Control[] = [
  ui.reportDate,
  ui.validate,
  ui.rag,
  ui.scale,
  ui.gantt,
  ui.keep,
  ui.file,
  ui.budgetName,
  ui.import,
  ui.returnFile,
  ui.acceptNew,
  ui.mergeReturn,
  ui.newPlan,
  ui.createPlan,
  ui.adopt,
  ui.report,
  ui.boardPage,
  ui.boardWorkstreams,
  ui.board,
  ui.boardDeck,
];

let commands: PlanCommands | undefined;
let busy = false;
/** An automatic update (Keep up to date) is working with the workbook. */
let autoBusy = false;
/** The report date was typed in the pane (not filled in from the last command). */
let reportDateChosen = false;
/** The findings last shown, for the "errors only" filter. */
let lastFindings: readonly Finding[] = [];
/** Set when Excel lacks a required API set: nothing can run. */
let blockedAll = false;
/** Controls whose command reported an unsupported API set. */
const blocked = new Set<Control>();

// ---------------------------------------------------------------------------------------------
// Small DOM helpers

/** Each icon's SVG in taskpane.html, found once (findings show hundreds of them). */
const ICONS = new Map<IconName, Element | null>();

function icon(name: IconName): SVGElement | null {
  let svg = ICONS.get(name);
  if (svg === undefined) {
    const template = document.getElementById(`icon-${name}`);
    svg = template instanceof HTMLTemplateElement ? template.content.firstElementChild : null;
    ICONS.set(name, svg);
  }
  return svg ? (svg.cloneNode(true) as SVGElement) : null;
}

function setIcon(holder: HTMLElement, name: IconName | null): void {
  holder.replaceChildren();
  const svg = name ? icon(name) : null;
  if (svg) holder.append(svg);
}

function make<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The nodes in one fragment: one DOM change, and no spread argument however long the list. */
function fragmentOf(nodes: Iterable<Node>): DocumentFragment {
  const fragment = document.createDocumentFragment();
  for (const node of nodes) fragment.append(node);
  return fragment;
}

function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message.trim() || err.name || 'Unknown error.';
  if (typeof err === 'string' && err.trim()) return err.trim();
  return 'Unknown error.';
}

function sentence(text: string): string {
  return /[.!?…]$/.test(text) ? text : `${text}.`;
}

// ---------------------------------------------------------------------------------------------
// Status, progress, notices

const STATUS_ICON: Record<StatusKind, IconName | null> = {
  info: 'info',
  busy: null,
  success: 'success',
  warning: 'warning',
  error: 'error',
};

function setStatus(text: string, kind: StatusKind): void {
  ui.status.hidden = false;
  ui.status.dataset.kind = kind;
  setIcon(ui.statusIcon, STATUS_ICON[kind]);
  ui.statusText.textContent = text;
}

function refreshControls(): void {
  for (const control of CONTROLS) {
    control.disabled = busy || autoBusy || blockedAll || !commands || blocked.has(control);
  }
}

/**
 * Progress and disabled controls while a command works. The status line (a live region) is not
 * inside anything marked busy, so that screen readers announce "Working…" as it appears.
 */
function setBusy(on: boolean): void {
  busy = on;
  ui.progress.hidden = !(busy || autoBusy);
  ui.findings.setAttribute('aria-busy', String(busy || autoBusy));
  refreshControls();
}

/** An automatic update started or finished: the buttons wait for it. */
function setAutoBusy(on: boolean): void {
  if (autoBusy === on) return;
  autoBusy = on;
  if (on && !busy) setStatus('Updating the plan after your change…', 'busy');
  setBusy(busy);
}

function showNoPlan(show: boolean): void {
  ui.noPlan.hidden = !show;
}

const UPDATE_HINT = 'Update Office, or use Excel on the web, then open plan-sync again.';

function showUnsupported(
  missing: readonly string[],
  detail?: string,
  title = 'plan-sync needs a newer Excel',
  hint: string | null = UPDATE_HINT,
): void {
  ui.unsupportedTitle.textContent = title;
  ui.unsupportedText.textContent = detail
    ? sentence(detail)
    : 'This version of Excel lacks features plan-sync needs:';
  ui.unsupportedSets.replaceChildren(fragmentOf(missing.map((set) => make('li', undefined, set))));
  ui.unsupportedSetsLabel.hidden = missing.length === 0;
  ui.unsupportedHint.textContent = hint ?? '';
  ui.unsupportedHint.hidden = !hint;
  ui.unsupported.hidden = false;
}

/** Nothing can run: says why in the notice (once: the status line is hidden), disables everything. */
function block(title: string, detail: string): void {
  showUnsupported([], detail, title, null);
  blockedAll = true;
  refreshControls();
  hideStatus();
}

function hideStatus(): void {
  ui.status.hidden = true;
}

function showNotInExcel(): void {
  block(
    'Open plan-sync in Excel',
    'This pane works inside Excel: open it from Plan sync on the Home tab.',
  );
}

// ---------------------------------------------------------------------------------------------
// Findings

function plural(n: number, severity: Severity): string {
  const [one, many] = SEVERITY_PLURAL[severity];
  return `${n} ${n === 1 ? one : many}`;
}

/** `2 errors, 20 warnings and 1 note`, or `no errors or warnings`. */
function countsText(counts: Record<Severity, number>): string {
  const parts = SEVERITY_ORDER.filter((s) => counts[s] > 0).map((s) => plural(counts[s], s));
  if (!parts.length) return 'no errors or warnings';
  return parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

/** A finding's list item up to its severity word, by severity and whether it is a button. */
const FINDING_ITEMS = new Map<string, HTMLLIElement>();

/** `li > .ps-finding > .ps-finding__head > (icon, severity word)`: cloned for each finding. */
function findingShell(severity: Severity, selectable: boolean): HTMLLIElement {
  const key = `${severity}:${selectable}`;
  let shell = FINDING_ITEMS.get(key);
  if (!shell) {
    shell = make('li');
    const item = selectable ? make('button', 'ps-finding') : make('div', 'ps-finding');
    item.dataset.severity = severity;
    const head = make('span', 'ps-finding__head');
    const mark = make('span', 'ps-icon');
    setIcon(mark, severity);
    head.append(mark, make('span', 'ps-finding__severity', SEVERITY_WORD[severity]));
    item.append(head);
    shell.append(item);
    FINDING_ITEMS.set(key, shell);
  }
  return shell.cloneNode(true) as HTMLLIElement;
}

function findingItem(f: Finding, multiSheet: boolean): HTMLLIElement {
  // CSV findings point at the cell the value was imported to, when there is one.
  // A cell of another file (a lead's return, `[Governance return.xlsx]Return`) cannot be selected here.
  const selectable = Boolean(f.sheet) && Boolean(f.cell) && !f.sheet.startsWith('[');
  const li = findingShell(f.severity, selectable);
  const item = li.firstElementChild as HTMLElement;
  const head = item.firstElementChild as HTMLElement;
  const where = f.source
    ? `${locationOf(f)}${selectable ? ` (${f.sheet}!${f.cell})` : ''}`
    : multiSheet && f.sheet && f.cell
      ? `${f.sheet}!${f.cell}`
      : locationOf(f);
  if (where) head.append(make('span', 'ps-finding__location', where));
  item.append(make('span', 'ps-finding__message', f.message));
  if (item instanceof HTMLButtonElement) {
    item.type = 'button';
    item.title = `Go to ${f.sheet}!${f.cell}`;
    item.dataset.cell = f.cell;
    item.addEventListener('click', () => void selectFinding(f));
  }
  return li;
}

/** A folding section: `<details>` with a heading-like summary and a count. */
function fold(className: string, title: string, count: number, open: boolean): HTMLDetailsElement {
  const details = make('details', className);
  details.open = open;
  const summary = make('summary', `${className}__summary`);
  summary.append(
    make('span', `${className}__title`, title),
    make('span', `${className}__count`, String(count)),
  );
  details.append(summary);
  return details;
}

/**
 * Findings by severity, then by rule: repeated findings (20 overdue tasks) fold under one line
 * with their count; errors are open, warnings open only when there are no errors.
 */
function renderFindings(findings: readonly Finding[]): void {
  lastFindings = findings;
  // Keep keyboard users where they were when the list is redrawn (automatic updates).
  const focused = document.activeElement;
  const buttons = [...ui.findingsList.querySelectorAll('button')];
  const focusIndex = focused instanceof HTMLButtonElement ? buttons.indexOf(focused) : -1;

  const counts = countBySeverity(findings);
  for (const severity of SEVERITY_ORDER) ui.counts[severity].textContent = String(counts[severity]);
  const said = countsText(counts);
  ui.findingsSummary.textContent =
    counts.error + counts.warning + counts.info > 0
      ? `${said.charAt(0).toUpperCase()}${said.slice(1)} to look at.`
      : 'No errors or warnings.';

  const sorted = sortFindings(findings);
  const shown = sorted.slice(0, MAX_SHOWN);
  const multiSheet = new Set(shown.filter((f) => !f.source).map((f) => f.sheet)).size > 1;
  const errorsOnly = ui.errorsOnly.checked;
  const blocks: HTMLElement[] = [];
  if (findings.length === 0) blocks.push(make('p', 'ps-findings__empty', 'No findings.'));
  for (const severity of SEVERITY_ORDER) {
    const ofSeverity = shown.filter((f) => f.severity === severity);
    if (!ofSeverity.length || (errorsOnly && severity !== 'error')) continue;
    const section = fold(
      'ps-severity',
      `${SEVERITY_WORD[severity]}s`,
      counts[severity],
      severity === 'error' || (severity === 'warning' && counts.error === 0),
    );
    section.dataset.severity = severity;
    const byRule = new Map<string, Finding[]>();
    for (const f of ofSeverity) {
      const list = byRule.get(f.rule);
      if (list) list.push(f);
      else byRule.set(f.rule, [f]);
    }
    for (const [rule, list] of byRule) {
      const group = fold('ps-rule', ruleTitle(rule), list.length, list.length <= OPEN_RULE_UP_TO);
      group.dataset.rule = rule;
      const ul = make('ul', 'ps-group__list');
      ul.append(fragmentOf(list.map((f) => findingItem(f, multiSheet))));
      group.append(ul);
      section.append(group);
    }
    blocks.push(section);
  }
  if (errorsOnly && counts.error === 0 && findings.length > 0) {
    blocks.push(
      make('p', 'ps-findings__empty', 'No errors. Clear “Show errors only” to see the rest.'),
    );
  }
  if (sorted.length > shown.length) {
    blocks.push(
      make(
        'p',
        'ps-findings__more',
        `Showing the first ${shown.length} of ${sorted.length} findings. Fix these and validate again to see the rest.`,
      ),
    );
  }
  ui.findingsList.replaceChildren(fragmentOf(blocks));
  ui.findingsHint.hidden = !shown.some((f) => f.sheet && f.cell);
  ui.findings.hidden = false;

  if (focusIndex >= 0) {
    const again = [...ui.findingsList.querySelectorAll('button')];
    (again[Math.min(focusIndex, again.length - 1)] ?? ui.findingsHeading).focus();
  }
}

/** Fills the report date from the command's, unless the user typed one. */
function showReportDate(result: CommandResult): void {
  const used = result.reportDate;
  if (!used || reportDateChosen) return;
  ui.reportDate.value = used.iso;
  ui.reportDateHint.textContent =
    used.from === 'settings'
      ? 'From the Settings sheet. Overdue tasks are judged against it; choose another date to try it.'
      : 'Today: the Settings sheet has no report date. Overdue tasks are judged against it.';
}

/**
 * The programme and each workstream: declared and computed status, trend and flags in words (the
 * colours never carry the meaning alone); each line goes to its declared status's cell.
 */
function renderReport(report: ReportSummary): void {
  const box = ui.reportSummary;
  box.replaceChildren();
  const list = make('ul', 'ps-report__list');
  for (const line of [report.programme, ...report.workstreams]) {
    const li = make('li', 'ps-report__item');
    const text = `${line.name}: declared ${line.declared ?? 'none'}, computed ${line.computed ?? 'none'}, ${line.trend}`;
    const flags = line.flags.length ? ` — ${flagWords(line.flags)}` : '';
    const item: HTMLElement =
      line.sheet && line.cell ? make('button', 'ps-report__line') : make('span', 'ps-report__line');
    item.append(make('span', 'ps-report__status', text));
    if (flags) item.append(make('span', 'ps-report__flags', flags));
    item.dataset.flagged = String(line.flags.length > 0);
    if (item instanceof HTMLButtonElement && line.sheet && line.cell) {
      const { sheet, cell } = line;
      item.type = 'button';
      item.title = `Go to ${sheet}!${cell}`;
      item.addEventListener('click', () => void selectCellOf(sheet, cell));
    }
    li.append(item);
    list.append(li);
  }
  box.append(list);
  box.hidden = false;
}

async function selectCellOf(sheet: string, cell: string): Promise<void> {
  if (!commands) return;
  try {
    await commands.selectCell(sheet, cell);
  } catch (err) {
    console.error(err);
    setStatus(`Could not select ${sheet}!${cell}: ${sentence(messageOf(err))}`, 'error');
  }
}

function renderResult(result: CommandResult, prefix = ''): void {
  if (result.report) renderReport(result.report);
  const counts = countBySeverity(result.findings);
  // A tick only when there is nothing to look at: the words say how many errors and warnings.
  const kind: StatusKind = result.refused
    ? 'error'
    : counts.error > 0
      ? 'error'
      : counts.warning > 0
        ? 'warning'
        : 'success';
  setStatus(`${prefix}${sentence(result.summary || 'Done')}`, kind);
  renderFindings(result.findings);
  showReportDate(result);
  showNoPlan(false);
}

async function selectFinding(f: Finding): Promise<void> {
  if (!commands) return;
  try {
    await commands.selectCell(f.sheet, f.cell);
  } catch (err) {
    console.error(err);
    setStatus(`Could not select ${f.sheet}!${f.cell}: ${sentence(messageOf(err))}`, 'error');
  }
}

// ---------------------------------------------------------------------------------------------
// Running commands

function handleError(err: unknown, control: Control, failure: string): void {
  console.error(err);
  if (err instanceof NoPlanError) {
    showNoPlan(true);
    setStatus(`${failure}: this workbook has no plan sheet.`, 'warning');
    return;
  }
  if (err instanceof UnsupportedExcelError) {
    // Said once, in the notice; the status line only points to it.
    blocked.add(control);
    showUnsupported([], messageOf(err), 'This needs a newer version of Excel', null);
    refreshControls();
    setStatus(`${failure}: see the note above.`, 'error');
    return;
  }
  if (err instanceof ExcelFailure) {
    setStatus(`${failure}. ${sentence(messageOf(err))}`, 'error');
    return;
  }
  setStatus(`${failure}: ${sentence(messageOf(err))}`, 'error');
}

/** The pane's fields as a command takes them. */
function runOptions(): RunOptions {
  return reportDateChosen && ui.reportDate.value ? { reportDate: ui.reportDate.value } : {};
}

/**
 * Runs one command: disables every control, shows progress, renders the result or the error,
 * and gives focus back to the control that started it (disabling it dropped the focus).
 */
/** The User Timing measure each command leaves: start to result rendered. */
const COMMAND_MEASURE = 'plan-sync command';

async function run(
  control: Control,
  working: string,
  failure: string,
  task: (c: PlanCommands) => Promise<CommandResult | string>,
): Promise<void> {
  if (busy || !commands) return;
  const current = commands;
  stopWarmUp();
  const started = performance.now();
  setBusy(true);
  setStatus(working, 'busy');
  try {
    const result = await task(current);
    if (typeof result === 'string') setStatus(result, 'info');
    else renderResult(result);
  } catch (err) {
    handleError(err, control, failure);
  } finally {
    // For timing a command in the browser's performance panel (and the pane's benchmark).
    try {
      performance.measure(COMMAND_MEASURE, { start: started, detail: working });
    } catch {
      // A webview without User Timing level 3: nothing to time.
    }
    setBusy(false);
    const active = document.activeElement;
    if (!active || active === document.body) {
      if (!control.disabled) control.focus();
      else if (!ui.unsupported.hidden) ui.unsupportedTitle.focus();
    }
  }
}

/** Board timeline's fields as the command takes them. */
function boardOptions(): BoardRunOptions {
  const page = ui.boardPage.value;
  const workstreams = ui.boardWorkstreams.value.trim();
  return {
    ...runOptions(),
    page: page === 'a4' || page === 'a3' ? page : '16:9',
    ...(workstreams ? { workstreams } : {}),
  };
}

/** The last deck's object URL, released when a new one replaces it. */
let deckUrl: string | null = null;

/** Offers the deck as a link the user clicks (hosts that block scripted downloads allow that). */
function offerDeck(fileName: string, bytes: Uint8Array): void {
  if (deckUrl) URL.revokeObjectURL(deckUrl);
  const blob = new Blob([bytes as BlobPart], {
    type: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  });
  deckUrl = URL.createObjectURL(blob);
  ui.boardDownload.href = deckUrl;
  ui.boardDownload.download = fileName;
  ui.boardDownload.textContent = `Download ${fileName}`;
  ui.boardDownloadLine.hidden = false;
}

function selectedScale(): TimelineScale {
  const value = ui.scale.value;
  return (SCALES as readonly string[]).includes(value) ? (value as TimelineScale) : 'auto';
}

function onAutomaticUpdate(update: CommandResult | Error): void {
  if (update instanceof Error) handleError(update, ui.keep, 'Automatic update failed');
  else renderResult(update, 'Updated: ');
}

function wire(): void {
  ui.reportDate.addEventListener('change', () => {
    reportDateChosen = ui.reportDate.value !== '';
    ui.reportDateHint.textContent = reportDateChosen
      ? 'Chosen here: commands judge overdue tasks against it. Clear it to use the Settings sheet’s.'
      : 'The Settings sheet’s report date, else today. Overdue tasks are judged against it.';
  });
  ui.errorsOnly.addEventListener('change', () => renderFindings(lastFindings));
  ui.validate.addEventListener(
    'click',
    () =>
      void run(ui.validate, 'Validating the plan…', 'Could not validate the plan', (c) =>
        c.validate(runOptions()),
      ),
  );
  ui.rag.addEventListener(
    'click',
    () =>
      void run(ui.rag, 'Colouring RAG status cells…', 'Could not colour RAG status', (c) =>
        c.colourRag(runOptions()),
      ),
  );
  ui.gantt.addEventListener(
    'click',
    () =>
      void run(
        ui.gantt,
        'Building the Gantt timeline…',
        'Could not build the Gantt timeline',
        (c) => c.buildGantt(selectedScale(), runOptions()),
      ),
  );
  const newPlan = (control: Control) => () =>
    void run(control, 'Adding the plan template sheets…', 'Could not create the plan', (c) =>
      c.newPlan(),
    );
  ui.report.addEventListener(
    'click',
    () =>
      void run(
        ui.report,
        'Building the highlight report…',
        'Could not build the highlight report',
        (c) => c.highlightReport(runOptions()),
      ),
  );
  ui.board.addEventListener(
    'click',
    () =>
      void run(ui.board, 'Drawing the board timeline…', 'Could not draw the board timeline', (c) =>
        c.boardTimeline(boardOptions()),
      ),
  );
  ui.boardDeck.addEventListener(
    'click',
    () =>
      void run(
        ui.boardDeck,
        'Making the slide deck…',
        'Could not make the slide deck',
        async (c) => {
          const deck = await c.boardDeck(boardOptions());
          offerDeck(deck.fileName, deck.bytes);
          return `${sentence(deck.summary)} Use the download link below.`;
        },
      ),
  );
  ui.newPlan.addEventListener('click', newPlan(ui.newPlan));
  ui.adopt.addEventListener(
    'click',
    () =>
      void run(
        ui.adopt,
        'Reading the painted timeline…',
        'Could not adopt the painted timeline',
        (c) => c.adoptPaintedTimeline(),
      ),
  );
  ui.createPlan.addEventListener('click', newPlan(ui.createPlan));

  ui.import.addEventListener('click', () => {
    const file = ui.file.files?.[0];
    if (!file) {
      setStatus('Choose a CSV or Excel file to import first.', 'warning');
      ui.file.focus();
      return;
    }
    const name = ui.budgetName.value.trim();
    void run(ui.import, `Importing ${file.name}…`, `Could not import ${file.name}`, async (c) => {
      const bytes = new Uint8Array(await file.arrayBuffer());
      return c.importBudget({ name: file.name, bytes }, name ? { name } : undefined);
    });
  });

  ui.mergeReturn.addEventListener('click', () => {
    const file = ui.returnFile.files?.[0];
    if (!file) {
      setStatus('Choose a return (.xlsx) to merge first.', 'warning');
      ui.returnFile.focus();
      return;
    }
    const acceptNew = ui.acceptNew.checked;
    void run(ui.mergeReturn, `Merging ${file.name}…`, `Could not merge ${file.name}`, async (c) => {
      const bytes = new Uint8Array(await file.arrayBuffer());
      return c.mergeReturn({ name: file.name, bytes }, { acceptNew });
    });
  });

  ui.keep.addEventListener('change', () => {
    const on = ui.keep.checked;
    if (busy || !commands) {
      ui.keep.checked = !on;
      return;
    }
    void run(
      ui.keep,
      on ? 'Turning on automatic updates…' : 'Turning off automatic updates…',
      on ? 'Could not turn on automatic updates' : 'Could not turn off automatic updates',
      async (c) => {
        try {
          await c.setKeepUpToDate(on, onAutomaticUpdate, runOptions);
        } catch (err) {
          ui.keep.checked = !on;
          throw err;
        }
        return on
          ? 'Keeping the plan up to date: your changes to dates or RAG re-colour and redraw it.'
          : 'Automatic updates are off.';
      },
    );
  });
}

function safeMissing(c: PlanCommands): string[] {
  try {
    return c.missingRequirements();
  } catch (err) {
    console.error(err);
    return [];
  }
}

// ---------------------------------------------------------------------------------------------
// Start

/** Follows Office's theme (Dark Grey, Black) when the host tells it; else the system setting. */
function applyTheme(): void {
  let dark = window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;
  try {
    const theme = Office.context?.officeTheme;
    const bg = theme?.bodyBackgroundColor;
    if (bg && /^#?[0-9a-f]{6}$/i.test(bg)) {
      const hex = bg.replace('#', '');
      const [r, g, b] = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
      dark = 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.4;
    }
  } catch {
    // officeTheme is not available on every platform.
  }
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
}

function start(host: unknown): void {
  applyTheme();
  if (String(host) !== 'Excel') {
    showNotInExcel();
    return;
  }
  try {
    commands = createCommands();
  } catch (err) {
    console.error(err);
    blockedAll = true;
    refreshControls();
    setStatus(`plan-sync could not start: ${sentence(messageOf(err))}`, 'error');
    return;
  }
  wire();
  commands.onBusy(setAutoBusy);
  const missing = safeMissing(commands);
  if (missing.length > 0) {
    blockedAll = true;
    showUnsupported(missing);
    hideStatus();
  } else {
    showCapabilities(commands);
    setStatus('Ready. Validate the plan to check it for problems.', 'info');
    warmUpEngine();
  }
  refreshControls();
}

/** What this Excel cannot do, said where the control is (and the control disabled). */
function showCapabilities(c: PlanCommands): void {
  let caps;
  try {
    caps = c.capabilities();
  } catch (err) {
    console.error(err);
    return;
  }
  if (caps.ganttNeeds) {
    blocked.add(ui.gantt);
    blocked.add(ui.scale);
    ui.ganttHint.textContent = `Build Gantt needs ${caps.ganttNeeds}, which this version of Excel does not have (it must see merged cells before drawing). Update Excel, or use Excel on the web.`;
    ui.ganttHint.hidden = false;
  }
  if (caps.boardNeeds) {
    blocked.add(ui.board);
    ui.boardApiHint.textContent = `Board timeline needs ${caps.boardNeeds}, which this version of Excel does not have (it inserts the board as a picture). Update Excel, or use Excel on the web.`;
    ui.boardApiHint.hidden = false;
  }
  if (caps.liveNeeds) {
    blocked.add(ui.keep);
    ui.undoNote.textContent = `Keep up to date needs ${caps.liveNeeds}, which this version of Excel does not have. Update Excel, or use Excel on the web.`;
  } else if (caps.undoKept) {
    ui.undoNote.textContent =
      'Each update is a change made by plan-sync; Undo (Ctrl+Z) can take it back like your own edits.';
  }
}

/** Fills the decorative icon placeholders (`<span data-icon="...">`) of taskpane.html. */
function fillIcons(): void {
  for (const holder of document.querySelectorAll<HTMLElement>('[data-icon]')) {
    const name = holder.dataset.icon;
    if (name === 'error' || name === 'warning' || name === 'info' || name === 'success') {
      setIcon(holder, name);
    }
  }
}

function boot(): void {
  fillIcons();
  if (typeof Office === 'undefined' || typeof Office.onReady !== 'function') {
    block(
      'Office.js could not be loaded',
      'plan-sync needs Office.js from Microsoft. Check the network connection, then close and reopen the pane.',
    );
    return;
  }
  Office.onReady((info) => start(info?.host)).catch((err: unknown) => {
    console.error(err);
    setStatus(`plan-sync could not start: ${sentence(messageOf(err))}`, 'error');
  });
}

boot();
