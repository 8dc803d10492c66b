/** Size limits both sides enforce: the widget refuses early, the server refuses for sure. */
export const LIMITS = {
  /** Characters in one chat message. */
  messageChars: 4000,
  /** Characters in a rating comment. */
  commentChars: 1000,
  /** Bytes in one Socket.IO packet (server maxHttpBufferSize). */
  packetBytes: 64 * 1024,
  /** Messages returned by one history fetch. */
  historyPage: 500,
  /** Messages in one page of the console's transcript: the detail's latest, then each earlier one. */
  transcriptPage: 200,
  /** Files on one chat message. */
  attachmentsPerMessage: 5,
  /** Default upload size when ATTACHMENT_MAX_BYTES is unset (the session tells clients the one in force). */
  attachmentBytes: 10 * 1024 * 1024,
} as const;
