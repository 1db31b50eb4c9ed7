import { RAG_LABEL } from '../../rag.js';
import {
  declaredCell,
  finding,
  statusOfSubject,
  subjectLabel,
  subjects,
  type ReportRule,
} from './rule.js';

export const ragRollupMismatch: ReportRule = {
  id: 'rag-rollup-mismatch',
  severity: 'warning',
  description: 'A declared status differs from the status its tasks (or workstreams) roll up to.',
  check(ctx) {
    const out = [];
    for (const subject of subjects(ctx)) {
      const { declared, computed } = statusOfSubject(subject);
      const at = declaredCell(subject);
      if (declared === null || computed === null || declared === computed || !at) continue;
      const from = subject.kind === 'programme' ? 'its workstreams' : 'its tasks';
      out.push(
        finding(
          this,
          subject,
          at,
          `${subjectLabel(subject)} is declared ${RAG_LABEL[declared]}, but ${from} roll up to ${RAG_LABEL[computed]} (${ctx.report.rollup} of ${from}). Explain the difference in the report, or update the status.`,
        ),
      );
    }
    return out;
  },
};
