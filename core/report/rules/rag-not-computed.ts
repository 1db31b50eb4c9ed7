import { RAG_LABEL } from '../../rag.js';
import {
  declaredCell,
  finding,
  statusOfSubject,
  subjectLabel,
  subjects,
  type ReportRule,
} from './rule.js';

/**
 * A declared status with nothing computed to check it against, because every task (or
 * workstream) is Complete or Not started, a mix of the two: said, so the silence is not read as
 * agreement.
 */
export const ragNotComputed: ReportRule = {
  id: 'rag-not-computed',
  severity: 'info',
  description:
    'A declared status that could not be checked: its tasks (or workstreams) are a mix of Complete and Not started only, which roll up to nothing.',
  check(ctx) {
    const out = [];
    for (const subject of subjects(ctx)) {
      const { declared, computed } = statusOfSubject(subject);
      const at = declaredCell(subject);
      const s = subject.kind === 'programme' ? subject.programme : subject.ws;
      const mixed = s.mixedDoneAndNotStarted;
      if (declared === null || computed !== null || !mixed || !at) continue;
      const of = subject.kind === 'programme' ? 'workstream' : 'task';
      out.push(
        finding(
          this,
          subject,
          at,
          `${subjectLabel(subject)} is declared ${RAG_LABEL[declared]}, but nothing was computed to check it against: its ${of}s with a status are all Complete (${mixed.complete}) or Not started (${mixed.notStarted}), and those count only when every ${of} is so. Check the status by hand.`,
        ),
      );
    }
    return out;
  },
};
