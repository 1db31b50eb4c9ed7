import { RAG_LABEL } from '../../rag.js';
import {
  declaredCell,
  finding,
  subjectLabel,
  subjects,
  type ReportRule,
  type SubjectFinding,
} from './rule.js';

export const ragCompoundSplit: ReportRule = {
  id: 'rag-compound-split',
  severity: 'info',
  description:
    'A declared status naming several parts (AMBER OLA / GREEN) is split and its worse part used.',
  check(ctx) {
    const out: SubjectFinding[] = [];
    for (const subject of subjects(ctx)) {
      const s = subject.kind === 'programme' ? subject.programme : subject.ws;
      const at = declaredCell(subject);
      if (!s.declaredParts || s.declared === null || !at) continue;
      out.push(
        finding(
          this,
          subject,
          at,
          `${subjectLabel(subject)}: "${s.declaredText}" gives ${s.declaredParts.map((p) => RAG_LABEL[p]).join(' and ')} for different parts; the report uses the worse, ${RAG_LABEL[s.declared]}. Give one overall status, or report the parts as separate workstreams.`,
        ),
      );
    }
    return out;
  },
};
