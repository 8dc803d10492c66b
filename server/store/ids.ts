import { randomUUID } from 'node:crypto';

/**
 * A new record id: random and URL-safe, so ids can appear in links and socket rooms
 * and never reveal how many records exist or in what order they were made.
 */
export function newId(): string {
  return randomUUID();
}
