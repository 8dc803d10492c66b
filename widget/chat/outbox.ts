import type { AttachmentRef } from '../../shared/cases';
import type { ClientError } from '../../shared/errors';
import { STORAGE_KEYS, type KeyValueStore } from '../protocol/storage-keys';

/** A message the shopper sent that the server has not acknowledged yet. */
export interface OutboxItem {
  clientId: string;
  text: string;
  createdAt: number;
  /** Files already uploaded, sent by reference with the text. */
  attachments?: AttachmentRef[];
  /** Set when the server refused it for good (not a timeout): the shopper may retry or delete it. */
  error: ClientError | null;
}

function isItem(v: unknown): v is OutboxItem {
  const o = v as Partial<OutboxItem> | null;
  return !!o && typeof o.clientId === 'string' && typeof o.text === 'string' && typeof o.createdAt === 'number';
}

/** Reads the outbox; a corrupt or missing value is an empty outbox. */
export function readOutbox(storage: KeyValueStore): OutboxItem[] {
  try {
    const parsed: unknown = JSON.parse(storage.get(STORAGE_KEYS.outbox) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter(isItem).map((i) => ({ ...i, error: i.error ?? null })) : [];
  } catch {
    return [];
  }
}

function write(storage: KeyValueStore, items: OutboxItem[]): OutboxItem[] {
  if (items.length === 0) storage.remove(STORAGE_KEYS.outbox);
  else storage.set(STORAGE_KEYS.outbox, JSON.stringify(items));
  return items;
}

/**
 * Each change re-reads storage first, so two tabs sharing the outbox do not overwrite each other's
 * items (a message both tabs resend is deduplicated by the server on its clientId).
 */
export function addToOutbox(storage: KeyValueStore, item: OutboxItem): OutboxItem[] {
  const items = readOutbox(storage).filter((i) => i.clientId !== item.clientId);
  return write(storage, [...items, item]);
}

export function removeFromOutbox(storage: KeyValueStore, clientId: string): OutboxItem[] {
  return write(storage, readOutbox(storage).filter((i) => i.clientId !== clientId));
}

/** Marks an item failed (error) or ready to send again (null). */
export function setOutboxError(storage: KeyValueStore, clientId: string, error: ClientError | null): OutboxItem[] {
  return write(storage, readOutbox(storage).map((i) => (i.clientId === clientId ? { ...i, error } : i)));
}

/** Items to (re)send, oldest first: failed ones wait for the shopper's retry. */
export function sendable(items: readonly OutboxItem[]): OutboxItem[] {
  return items.filter((i) => i.error === null).sort((a, b) => a.createdAt - b.createdAt);
}
