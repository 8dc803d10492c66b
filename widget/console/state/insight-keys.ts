import type { CasePriority } from '../../../shared/cases';
import type { HandoffReasonKey, QaCriterion } from '../../../shared/metrics';

/**
 * The contract's key lists, restated for the browser: importing a value from shared/metrics or
 * shared/cases runs their zod schemas at load and pulls zod (~85 KB gzip) into the dashboard's chunk.
 * Each list is built from a record typed against the contract, so a key added there fails the type check here.
 */
const keys = <K extends string>(record: Record<K, true>): K[] => Object.keys(record) as K[];

export const HANDOFF_REASONS = keys<HandoffReasonKey>({ button: true, request: true, fallbacks: true, sentiment: true, intent: true, other: true });
export const PRIORITIES = keys<CasePriority>({ A: true, B: true, C: true });
export const RUBRIC = keys<QaCriterion>({ greeting: true, accuracy: true, tone: true, resolution: true, notes: true });
