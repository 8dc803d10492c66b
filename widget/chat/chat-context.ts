import { createContext } from 'preact';
import type { Translate } from './i18n/translate';
import type { Transport } from './transport';

export interface ChatContextValue {
  t: Translate;
  transport: Transport;
  /** Opens the composer's file picker (the bot's "attach a photo" button). */
  pickFile(): void;
}

/** The translator and transport, for components deep in the panel. */
export const ChatContext = createContext<ChatContextValue>(null as unknown as ChatContextValue);
