/**
 * The parts chunk's entry (hooks/use-parts.ts imports it): what the chat panel's first screen does not draw. The
 * panel requests it as it first renders, so it is in before the shopper's first answer (or a resumed transcript):
 * the markdown of bot and agent messages (plain text until then), the paperclip and uploads, the files on
 * messages, quick replies and typing dots, the ⋯ menu, the agent's avatar and the queue line, the thumbs, the
 * notices' texts, the leave-a-message form, the rating and My requests, the live region and the focus trap, the
 * chime and the flashing title for replies the shopper has not seen, and the rest of `window.Parley` (its events,
 * identify, setLocale, the replay of the queued calls).
 */
export { AttachButton } from '../../../ui/attach-button';
export { AttachmentsView } from '../../../ui/attachments-view';
export { MessageBubble } from '../../../ui/message-bubble';
export { describeEvent } from '../../describe-event';
export { trapFocus } from '../../trap-focus';
export { caseSync, loadCaseSync, placeCaseSync } from './case-sync';
export { PARTS_STYLES } from './cases-view';
export { ComposerUploads, FILES_STYLES } from './composer-uploads';
export { Announcer, attend, Avatar, Cards, CasesDot, CasesScreen, Failed, Menu, PANEL_STYLES, Queue, Thumbs, TooLong } from './panel-extras';
export { installApi } from './install-api';
export { CHIPS_STYLES, QuickReplies, Typing } from './quick-replies';
export { initPartsRuntime } from './runtime';
