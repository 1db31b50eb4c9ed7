/** A workstream's or the programme's report flags (rule ids) in the words a board reads. */
import { ruleTitle } from '../findings.js';

const FLAG_WORDS: Record<string, string> = {
  'rag-rollup-mismatch': 'differs from roll-up',
  'rag-watermelon': 'watermelon?',
  'rag-not-computed': 'not computed',
  'rag-compound-split': 'two statuses',
  'report-stale': 'report out of date',
  'report-placeholder': 'return incomplete',
};

export function flagWord(flag: string): string {
  return FLAG_WORDS[flag] ?? ruleTitle(flag);
}

export function flagWords(flags: readonly string[]): string {
  return flags.map(flagWord).join('; ');
}
