/**
 * Which notice a conversation:access-ended earns. A preview matters only while it is on screen (the socket
 * may still be watching one the agent has since left); the agent's own transfer or hand-back has its own notice.
 */
import type { MessageKey } from '../i18n/en';

export interface EndedAccess {
  /** What the console had: the whole chat, or a queue preview. */
  was: 'full' | 'preview';
  /** Was it the chat open on screen when the word came? */
  wasOpen: boolean;
  isOwnHandover: boolean;
}

export function accessEndedNotice({ was, wasOpen, isOwnHandover }: EndedAccess): MessageKey | null {
  if (isOwnHandover) return null;
  if (was === 'preview') return wasOpen ? 'notice.previewEnded' : null;
  return 'notice.accessEnded';
}
