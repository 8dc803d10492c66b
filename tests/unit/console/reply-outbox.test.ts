/**
 * Issue 15, item 8: the console's retry of a reply whose ack was lost used a new clientId and stored the reply
 * twice. The reply outbox keeps the clientId until the server has answered for it.
 */
import { clientFailure, type ClientError } from '../../../shared/errors';
import { createReplyOutbox } from '../../../widget/console/state/reply-outbox';

let seq = 0;
const ids = () => `c${(seq += 1)}`;
const refused: ClientError = { code: 'INVALID_STATE', message: 'closed' } as ClientError;

describe('reply outbox', () => {
  test('a retry after a timeout or while offline reuses the clientId', () => {
    const outbox = createReplyOutbox(ids);
    const first = outbox.idFor('conv1', 'Your refund is on its way', false);
    outbox.settle(first, clientFailure('TIMEOUT').error);
    expect(outbox.idFor('conv1', 'Your refund is on its way', false)).toBe(first);
    outbox.settle(first, clientFailure('OFFLINE').error);
    expect(outbox.idFor('conv1', 'Your refund is on its way', false)).toBe(first);
  });

  test('an acknowledged or refused reply is forgotten: the same words again are a new message', () => {
    const outbox = createReplyOutbox(ids);
    const first = outbox.idFor('conv1', 'Thanks!', false);
    outbox.settle(first, null);
    const second = outbox.idFor('conv1', 'Thanks!', false);
    expect(second).not.toBe(first);
    outbox.settle(second, refused);
    expect(outbox.idFor('conv1', 'Thanks!', false)).not.toBe(second);
  });

  test('other text, another conversation or a note instead of a reply is another message', () => {
    const outbox = createReplyOutbox(ids);
    const first = outbox.idFor('conv1', 'Hello', false);
    outbox.settle(first, clientFailure('TIMEOUT').error);
    expect(new Set([
      first,
      outbox.idFor('conv1', 'Hello!', false),
      outbox.idFor('conv2', 'Hello', false),
      outbox.idFor('conv1', 'Hello', true),
    ]).size).toBe(4);
    expect(outbox.pending()).toHaveLength(4);
  });
});
