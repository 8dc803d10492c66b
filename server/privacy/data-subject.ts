/**
 * Who a data-subject request (export, erase) is about. The person is who the admin names: a visitor id, the
 * retailer's customer id (its visitors), and an e-mail address the admin has checked is the requester's. Their
 * e-mail is also the one a signed identity carries (the retailer vouched for it); a shopper's own claim (the
 * form, an unsigned identify) is not, since anyone can type someone else's address. The e-mails find the cases
 * agents opened by hand for that contact, which have no visitor; nothing else is matched by e-mail. So do the
 * customer ids: the one the admin names (an agent typed it on the case: staff, trusted, even when no visitor
 * ever proved it) and the ones the subject's visitors proved; a shopper's claimed id finds no visitor.
 */
import { vouchedEmail } from '../cases/case-access';
import { emailKey } from '../store/common/email-key';
import type { DataSubject, Store } from '../store/store';

export interface DataSubjectRef {
  visitorId?: string;
  customerId?: string;
  email?: string;
}

/** The request's subject; empty lists when the ref names nobody stored (the caller answers NOT_FOUND). */
export async function findDataSubject(store: Pick<Store, 'privacy' | 'visitors'>, ref: DataSubjectRef): Promise<DataSubject> {
  const visitorIds = await store.privacy.findVisitorIds(ref);
  const emails = new Set<string>();
  const customerIds = new Set<string>();
  if (ref.email) emails.add(normaliseEmail(ref.email));
  if (ref.customerId) customerIds.add(ref.customerId);
  for (const id of visitorIds) {
    const identity = (await store.visitors.get(id))?.identity;
    const email = identity ? vouchedEmail({ identity }) : null;
    if (email) emails.add(normaliseEmail(email));
    if (identity?.idVerified && identity.externalId) customerIds.add(identity.externalId);
  }
  return { visitorIds, emails: [...emails], customerIds: [...customerIds] };
}

/**
 * Addresses compare trimmed and lower-cased (all of Unicode): an agent may type "ÉLODIE@Example.com" for
 * élodie@example.com. The stores compare stored addresses under the same emailKey.
 */
export function normaliseEmail(email: string): string {
  return emailKey(email);
}
