import { ragCompoundSplit } from './rag-compound-split.js';
import { ragNotComputed } from './rag-not-computed.js';
import { ragRollupMismatch } from './rag-rollup-mismatch.js';
import { ragWatermelon } from './rag-watermelon.js';
import { reportPlaceholder } from './report-placeholder.js';
import { reportStale } from './report-stale.js';
import type { ReportRule } from './rule.js';

export type { ReportRule, ReportContext, SubjectFinding } from './rule.js';

/** Every highlight-report check, in the order their findings are listed at a cell. */
export const REPORT_RULES: readonly ReportRule[] = [
  ragRollupMismatch,
  ragWatermelon,
  ragNotComputed,
  ragCompoundSplit,
  reportStale,
  reportPlaceholder,
];
