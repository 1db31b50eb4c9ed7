import { RAG_LABEL, RAG_STATUSES } from '../rag.js';
import { taskLabel, taskFinding, type Rule } from './rule.js';

export const ragUnknown: Rule = {
  id: 'rag-unknown',
  severity: 'error',
  description: 'RAG statuses must be one of the programme’s statuses.',
  check(ctx) {
    const allowed = RAG_STATUSES.map((s) => RAG_LABEL[s]).join(', ');
    return ctx.plan.tasks
      .filter((t) => t.rag?.parse.kind === 'unknown')
      .map((t) =>
        taskFinding(
          this,
          ctx,
          t,
          'rag',
          `${taskLabel(t)} has status "${t.rag!.text}", which is not a RAG status. Use one of: ${allowed}.`,
        ),
      );
  },
};
