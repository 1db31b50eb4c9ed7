/**
 * The three-way rule for one field: base (what was issued), theirs (the return), ours (the
 * master now). Only a change the lead made to a value nobody else has touched is applied.
 */

export type MergeOutcome =
  /** The lead left it as issued. */
  | 'unchanged'
  /** The master already has what the lead wrote. */
  | 'same'
  /** Only the lead changed it: the master takes the lead's value. */
  | 'apply'
  /** Both changed it, differently: the master keeps its value and the conflict is reported. */
  | 'conflict';

export function merge3(base: string, theirs: string, ours: string): MergeOutcome {
  if (theirs === base) return 'unchanged';
  if (ours === theirs) return 'same';
  if (ours === base) return 'apply';
  return 'conflict';
}
