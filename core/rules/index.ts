import { completeProgress } from './complete-progress.js';
import { dateAsText } from './date-as-text.js';
import { dateInvalid } from './date-invalid.js';
import { dateMissing } from './date-missing.js';
import { dependencyCycle } from './dependency-cycle.js';
import { dependencyOverlap } from './dependency-overlap.js';
import { dependencyUnknown } from './dependency-unknown.js';
import { endBeforeStart } from './end-before-start.js';
import { idDuplicate } from './id-duplicate.js';
import { idEmpty } from './id-empty.js';
import { overdue } from './overdue.js';
import { progressRange } from './progress-range.js';
import { ragCompound } from './rag-compound.js';
import { ragUnknown } from './rag-unknown.js';
import type { Rule } from './rule.js';
import { slippage } from './slippage.js';
import { workstreamUnknown } from './workstream-unknown.js';

export type { Rule, RuleContext } from './rule.js';

/** Every rule `validate` runs, in the order their findings are listed within a row. */
export const RULES: readonly Rule[] = [
  idEmpty,
  idDuplicate,
  dateInvalid,
  dateAsText,
  dateMissing,
  endBeforeStart,
  ragUnknown,
  ragCompound,
  dependencyUnknown,
  dependencyCycle,
  dependencyOverlap,
  progressRange,
  completeProgress,
  workstreamUnknown,
  overdue,
  slippage,
];
