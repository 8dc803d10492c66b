/** Case documents to the shared model: `_id` becomes `id`, the embedded history stays out, missing values read as null. */
import type { Case, CaseActor, CaseChange, CaseEvent, CaseMessage } from '../../../shared/cases';
import { newId } from '../ids';
import type { CaseDoc, CaseEventDoc, CaseMessageDoc } from './case-models';

export function toCase(d: Omit<CaseDoc, 'events'> & { events?: unknown }): Case {
  const { _id, events: _events, ...rest } = d;
  return { id: _id, ...rest, mergedInto: rest.mergedInto ?? null, confirmation: rest.confirmation ?? null };
}

export function toCaseMessage(d: CaseMessageDoc): CaseMessage {
  const { _id, ...rest } = d;
  return { id: _id, ...rest, attachments: rest.attachments ?? [], mergedFrom: rest.mergedFrom ?? null };
}

export function toCaseEvent(e: CaseEventDoc, caseId: string): CaseEvent {
  return { id: e._id, caseId, at: e.at, actor: e.actor, ...e.change };
}

/** History entries as embedded in the case document. */
export function eventDocs(changes: readonly CaseChange[], actor: CaseActor, at: number): CaseEventDoc[] {
  return changes.map((change) => ({ _id: newId(), at, actor, change }));
}
