/**
 * The parts chunk's entry (hooks/use-parts.ts imports it): what the chat needs only after its first answer, or
 * only for some shoppers. The screens of My requests, the forms and the rating; the composer's uploads; the
 * files on messages with their lightbox; the chime and the flashing title for replies the shopper has not seen;
 * the markdown of bot and agent messages (the chat shows their plain text until this chunk is in, which it
 * fetches as soon as the panel renders).
 */
export { flashTitle, playChime } from '../../attention';
export { AttachButton } from '../../../ui/attach-button';
export { AttachmentsView } from '../../../ui/attachments-view';
export { MessageBubble } from '../../../ui/message-bubble';
export { caseSync, loadCaseSync, placeCaseSync } from './case-sync';
export { CaseConfirmation, CasesView, PARTS_STYLES } from './cases-view';
export { ComposerUploads, FILES_STYLES } from './composer-uploads';
export { CHIPS_STYLES, QuickReplies, Typing } from './quick-replies';
export { RatingForm } from './rating-form';
export { Announcer, attend, Avatar, Cards, CasesDot, CasesScreen, Failed, Menu, PANEL_STYLES, Queue, Thumbs, TooLong, type TicketStep } from './panel-extras';
export { describeEvent } from '../../describe-event';
export { trapFocus } from '../../trap-focus';
export { initPartsRuntime } from './runtime';
export { TicketForm } from './ticket-form';
