/**
 * Which intents a clarify reply offers as chips. Offering the top three whatever their scores put
 * "Hello" or "Create an account" beside an order question; a chip should be a real alternative:
 * above a floor, and within reach of the top candidate. An intent from another department (small
 * talk, account, complaints beside an order question) must come closer still to earn a chip.
 */
import type { KbIntent } from './kb-schema';

export interface ChipCandidate {
  intent: string;
  confidence: number;
}

export interface ChipRules {
  /** At most this many chips. */
  max: number;
  /** A candidate below this confidence is never offered. */
  floor: number;
  /** A candidate from the top's department needs at least this share of the top's confidence. */
  sameDepartmentRatio: number;
  /** A candidate from another department needs at least this share. */
  otherDepartmentRatio: number;
}

export const DEFAULT_CHIP_RULES: ChipRules = { max: 3, floor: 0.04, sameDepartmentRatio: 0.05, otherDepartmentRatio: 0.4 };

/** The candidates (best first) worth a chip; the top one always is. */
export function chooseClarifyChips(
  candidates: readonly ChipCandidate[],
  byId: ReadonlyMap<string, Pick<KbIntent, 'department' | 'category'>>,
  rules: ChipRules = DEFAULT_CHIP_RULES,
): ChipCandidate[] {
  const [top, ...rest] = candidates;
  if (top === undefined) return [];
  const topIntent = byId.get(top.intent);
  const chosen = [top];
  for (const c of rest) {
    if (chosen.length >= rules.max) break;
    if (c.confidence < rules.floor) break;
    const intent = byId.get(c.intent);
    const isNear = intent !== undefined && topIntent !== undefined && (intent.department === topIntent.department || intent.category === topIntent.category);
    const ratio = isNear ? rules.sameDepartmentRatio : rules.otherDepartmentRatio;
    if (c.confidence >= ratio * top.confidence) chosen.push(c);
  }
  return chosen;
}
