/**
 * The file types the server takes as attachments. A module of its own because the chat's paperclip (in the chat
 * chunk) and the upload machinery (in the lazily loaded parts chunk) both need it: the parts borrow it at run time.
 */
export const ACCEPTED_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'];

/** The file picker's `accept`. */
export const ACCEPT_ATTRIBUTE = ACCEPTED_TYPES.join(',');
