/** Builders shared by the store contract sections; each call makes records no other test touches. */
import { randomUUID } from 'node:crypto';
import type { Conversation, Visitor } from '../../../shared/model';
import type { NewConversation, Store } from '../../../server/store/store';

/** The store under test, set by the contract's beforeAll. */
export type GetStore = () => Store;

export const uid = (): string => randomUUID();

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A site id of its own, so list queries filtered by it see only this test's conversations. */
export const newSite = (): string => `site-${uid()}`;

export async function makeVisitor(store: Store, siteId = newSite()): Promise<Visitor> {
  return store.visitors.create({ siteId, tokenHash: uid().replace(/-/g, ''), locale: 'en' });
}

export async function makeConversation(
  store: Store,
  over: Partial<NewConversation> = {},
): Promise<Conversation> {
  const siteId = over.siteId ?? newSite();
  const visitorId = over.visitorId ?? (await makeVisitor(store, siteId)).id;
  return store.conversations.create({ siteId, visitorId, locale: 'en', ...over });
}

/** A time window far from every other test's, for the analytics queries that filter by time only. */
export function timeWindow(): number {
  return 1_000_000_000_000 + Math.floor(Math.random() * 1_000_000) * 1_000_000;
}
