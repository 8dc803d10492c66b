import type { SystemEvent } from '../../shared/model';
import type { MessageKey, Translate } from './i18n/translate';

/**
 * The catalogue text of a system notice (the server's own text is not shown, so it is always localised).
 * Empty for a chat queued with no place in line: nobody can come, and the bot and the form already say so.
 */
export function describeEvent(ev: SystemEvent, t: Translate): string {
  if (ev.kind === 'queued' && ev.position == null) return '';
  return t(`ev.${ev.kind}` as MessageKey, { name: ev.agentName ?? ev.departmentName ?? ev.department ?? t('agent') });
}
