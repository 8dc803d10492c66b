import type { SystemEvent } from '../../shared/model';
import type { MessageKey, Translate } from './i18n/translate';

/** The catalogue text of a system notice (the server's own text is not shown, so it is always localised). */
export function describeEvent(ev: SystemEvent, t: Translate): string {
  return t(`ev.${ev.kind}` as MessageKey, { name: ev.agentName ?? ev.departmentName ?? ev.department ?? t('agent') });
}
