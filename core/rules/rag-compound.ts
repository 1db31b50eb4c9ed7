import { RAG_LABEL } from '../rag.js';
import { taskLabel, taskFinding, type Rule } from './rule.js';

export const ragCompound: Rule = {
  id: 'rag-compound',
  severity: 'warning',
  description:
    'A status naming two statuses for sub-parts is not coloured: split the task or choose one status.',
  check(ctx) {
    const findings = [];
    for (const t of ctx.plan.tasks) {
      const parse = t.rag?.parse;
      if (parse?.kind !== 'compound') continue;
      const named = parse.statuses.map((s) => RAG_LABEL[s]).join(' and ');
      findings.push(
        taskFinding(
          this,
          ctx,
          t,
          'rag',
          `${taskLabel(t)} has status "${t.rag!.text}", which gives ${named} for different parts. It is left uncoloured: split the task into one row per part, or give one overall status.`,
        ),
      );
    }
    return findings;
  },
};
