import { ukOf } from '../../dates.js';
import { RAG_LABEL } from '../../rag.js';
import { stepsBetter } from '../rollup.js';
import type { DatedTask, RiskRef } from '../model.js';
import {
  declaredCell,
  finding,
  statusOfSubject,
  subjectLabel,
  subjects,
  typedStatus,
  type ReportRule,
} from './rule.js';

const list = (items: string[]) =>
  items.length <= 3
    ? items.join(', ')
    : `${items.slice(0, 3).join(', ')} and ${items.length - 3} more`;

/** "Green outside, red inside": a declared status better than its evidence. */
export const ragWatermelon: ReportRule = {
  id: 'rag-watermelon',
  severity: 'warning',
  description:
    'A declared status two or more steps better than the computed one, or Green/Amber-Green with an overdue milestone or an open Red risk or issue.',
  check(ctx) {
    const out = [];
    for (const subject of subjects(ctx)) {
      const { declared, computed } = statusOfSubject(subject);
      const at = declaredCell(subject);
      if (declared === null || !at) continue;
      // Green or Amber-Green as declared, whatever the scale reports it as.
      const typed = typedStatus(subject) ?? declared;
      const reasons: string[] = [];
      const steps = stepsBetter(declared, computed, ctx.report.scale);
      if (steps !== null && steps >= 2 && computed !== null)
        reasons.push(
          `${steps} steps better than the ${RAG_LABEL[computed]} its ${subject.kind === 'programme' ? 'workstreams' : 'tasks'} roll up to`,
        );
      if (typed === 'green' || typed === 'amber-green') {
        const streams = subject.kind === 'programme' ? ctx.report.workstreams : [subject.ws];
        const milestones: DatedTask[] = streams.flatMap((w) => w.overdueMilestones);
        const red: RiskRef[] = streams.flatMap((w) => w.risks.filter((r) => r.status === 'red'));
        if (milestones.length)
          reasons.push(
            `overdue milestone${milestones.length === 1 ? '' : 's'} ${list(milestones.map((m) => `${m.id} (due ${ukOf(m.date)})`))}`,
          );
        if (red.length)
          reasons.push(
            `open Red risk${red.length === 1 ? '' : 's'} or issue${red.length === 1 ? '' : 's'} ${list(red.map((r) => r.id))}`,
          );
      }
      if (!reasons.length) continue;
      out.push(
        finding(
          this,
          subject,
          at,
          `${subjectLabel(subject)} is declared ${RAG_LABEL[typed]} despite ${reasons.join('; and ')}. Check the status is not better than the evidence ("watermelon" reporting).`,
        ),
      );
    }
    return out;
  },
};
