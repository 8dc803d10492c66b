/** A KB change's diff: the intent as YAML before and after, as a unified diff (jsdiff), for review and history. */
import { createTwoFilesPatch } from 'diff';
import { stringify } from 'yaml';
import type { KbIntentDoc } from '../../shared/kb';

export function intentDiff(intentId: string, before: KbIntentDoc | null, after: KbIntentDoc | null): string {
  const text = (doc: KbIntentDoc | null) => (doc === null ? '' : stringify(doc, { lineWidth: 0 }));
  const patch = createTwoFilesPatch(`a/${intentId}`, `b/${intentId}`, text(before), text(after), undefined, undefined, { context: 3 });
  // The "===" header line says nothing a reviewer needs.
  return patch.replace(/^=+\n/, '');
}
