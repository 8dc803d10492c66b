/**
 * Who may see and act on a case. Agents: their departments' cases and the ones assigned to them;
 * supervisors and admins: all. Shoppers: the cases of their proven customer id (on any device, same site, or
 * opened by an agent for that id) and the ones opened from this visitor. The one rule, used by the services and
 * by the broadcaster.
 */
import type { Case } from '../../shared/cases';
import { AppError } from '../../shared/errors';
import type { Agent, Visitor } from '../../shared/model';
import { isSupervisor, servesDepartment } from '../conversations/agent-access';

/**
 * The site of the cases an agent opens by hand (a phone call, an e-mail): they belong to no widget site. The
 * customer id an agent types is the shop's, and IDENTITY_SECRET, which proves a shopper's id, is one per
 * deployment: so such a case is its proven customer's on whichever site they identify.
 */
export const CONSOLE_SITE = 'console';

/** May the agent see (and work) the case? */
export function canSeeCase(agent: Agent, c: Pick<Case, 'department' | 'assigneeId'>): boolean {
  return isSupervisor(agent) || c.assigneeId === agent.id || servesDepartment(agent, c.department);
}

/** @throws AppError('FORBIDDEN') unless the agent may see the case. */
export function assertCanSeeCase(agent: Agent, c: Case): void {
  if (!canSeeCase(agent, c)) throw new AppError('FORBIDDEN', { message: `Request #${c.number} belongs to another department.` });
}

/**
 * The customer id a shopper has proven (the signed identity token, or the id-only hash), or null. A claimed but
 * unproven id must not open anyone's cases.
 */
export function provenCustomerId(visitor: Pick<Visitor, 'identity'>): string | null {
  const { idVerified, externalId } = visitor.identity;
  return idVerified && externalId ? externalId : null;
}

/**
 * The e-mail address the shop vouched for (a signed identity carries it), or null. A typed one (the form, an
 * unsigned identify) may be anyone's: mail the system sends on its own must not go there.
 */
export function vouchedEmail(visitor: Pick<Visitor, 'identity'>): string | null {
  const { verified, email } = visitor.identity;
  return verified && email ? email : null;
}

/** Is the case the shopper's? */
export function isShoppersCase(visitor: Pick<Visitor, 'id' | 'siteId' | 'identity'>, c: Pick<Case, 'visitorId' | 'customerId' | 'siteId'>): boolean {
  if (c.visitorId === visitor.id) return true;
  const customerId = provenCustomerId(visitor);
  return customerId !== null && c.customerId === customerId && (c.siteId === visitor.siteId || c.siteId === CONSOLE_SITE);
}
