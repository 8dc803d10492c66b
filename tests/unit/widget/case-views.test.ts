import type { CaseMessage, ShopperCaseView } from '../../../shared/cases';
import type { Message } from '../../../shared/model';
import { applyCaseReply, countCaseUnread, draftFromTranscript, upsertCase } from '../../../widget/chat/case-views';
import { catalogue as en } from '../../../widget/chat/i18n/en';
import { translate } from '../../../widget/chat/i18n/translate';
import { catalogue as zh } from '../../../widget/chat/i18n/zh';
import { replyTime } from '../../../widget/chat/reply-time';
import type { Catalogue } from '../../../widget/protocol/types';

const view = (id: string, patch: Partial<ShopperCaseView> = {}): ShopperCaseView => ({
  id,
  number: 1,
  status: 'new',
  subject: '',
  createdAt: 1,
  updatedAt: 1,
  replyTargetMinutes: 240,
  expectedReplyBy: null,
  confirmation: null,
  unread: 0,
  lastSeq: 1,
  ...patch,
});

const reply = (caseId: string, seq: number, kind: CaseMessage['kind'] = 'reply'): CaseMessage => ({
  id: `${caseId}-${seq}`,
  caseId,
  seq,
  kind,
  authorId: kind === 'reply' ? 'a1' : null,
  authorName: null,
  text: 'hello',
  attachments: [],
  createdAt: 100 + seq,
  mergedFrom: null,
});

describe('reply time in words', () => {
  const say = (minutes: number, locale: Catalogue = en): string => {
    const { key, n } = replyTime(minutes);
    return translate(locale)(key, { n });
  };

  it('words the service standard targets as a shopper would say them', () => {
    expect(say(5)).toBe('usually within 5 minutes');
    expect(say(30)).toBe('usually within 30 minutes');
    expect(say(60)).toBe('usually within an hour');
    expect(say(120)).toBe('usually within 2 hours');
    expect(say(240)).toBe('usually within 4 hours');
    expect(say(24 * 60)).toBe('usually within 24 hours');
    expect(say(3 * 24 * 60)).toBe('usually within 3 days');
  });

  it('in Chinese too', () => {
    expect(say(120, zh)).toBe('通常在2小时内回复');
    expect(say(5, zh)).toBe('通常在5分钟内回复');
    expect(say(60, zh)).toBe('通常在1小时内回复');
  });

  it('rounds up: the promise is never shorter than the target', () => {
    expect(replyTime(61)).toEqual({ key: 'reply.hours', n: 2 });
    expect(replyTime(0.2)).toEqual({ key: 'reply.minutes', n: 1 });
    expect(replyTime(47 * 60 + 1)).toEqual({ key: 'reply.hours', n: 48 });
    expect(replyTime(48 * 60 + 1)).toEqual({ key: 'reply.days', n: 3 });
  });
});

describe('case unread counting', () => {
  it('a team reply to a case the shopper is not looking at is unread; their own message and a looked-at case are not', () => {
    let cases: readonly ShopperCaseView[] = [view('a'), view('b', { unread: 2 })];
    expect(countCaseUnread(cases)).toBe(2);
    cases = applyCaseReply(cases, reply('a', 2), null);
    expect(countCaseUnread(cases)).toBe(3);
    cases = applyCaseReply(cases, reply('a', 3, 'shopper'), null);
    cases = applyCaseReply(cases, reply('b', 2), 'b');
    expect(countCaseUnread(cases)).toBe(3);
    expect(cases.find((c) => c.id === 'a')?.lastSeq).toBe(3);
  });

  it('case:updated and case:replied in either order count a reply once', () => {
    const server = view('a', { lastSeq: 2, unread: 1 });
    // updated first, then the reply it already counted
    expect(countCaseUnread(applyCaseReply(upsertCase([view('a')], server), reply('a', 2), null))).toBe(1);
    // the reply first, then the server's view
    expect(countCaseUnread(upsertCase(applyCaseReply([view('a')], reply('a', 2), null), server))).toBe(1);
    // the same reply twice (a reconnect) counts once
    const twice = applyCaseReply(applyCaseReply([view('a')], reply('a', 2), null), reply('a', 2), null);
    expect(countCaseUnread(twice)).toBe(1);
  });

  it('a new case goes first; a reply to an unknown case is ignored until the list has it', () => {
    const cases = upsertCase([view('a')], view('b'));
    expect(cases.map((c) => c.id)).toEqual(['b', 'a']);
    expect(applyCaseReply(cases, reply('zz', 5), null)).toBe(cases);
  });
});

describe('prefilling the message form', () => {
  let seq = 0;
  const msg = (sender: Message['sender'], text: string, decision?: 'answer' | 'fallback' | 'handoff'): Message => ({
    id: `m${++seq}`,
    conversationId: 'c',
    seq,
    clientId: null,
    sender,
    agentId: null,
    senderName: null,
    text,
    internal: false,
    bot: decision ? ({ decision, intent: null, confidence: 0, quickReplies: [] } as Message['bot']) : null,
    event: null,
    createdAt: seq,
    attachments: [],
  });

  it('takes what the shopper wrote since the bot last answered (fallbacks and handoffs are no answer)', () => {
    const transcript = [
      msg('shopper', 'hi'),
      msg('bot', 'Hello!', 'answer'),
      msg('shopper', 'Do you restock the linen overshirt in XXL?'),
      msg('bot', 'Sorry?', 'fallback'),
      msg('shopper', 'talk to a human'),
      msg('bot', 'No one is available right now.', 'handoff'),
      msg('system', ''),
    ];
    expect(draftFromTranscript(transcript)).toBe('Do you restock the linen overshirt in XXL?\ntalk to a human');
  });

  it('else the last thing the shopper wrote, or nothing', () => {
    expect(draftFromTranscript([msg('shopper', 'first'), msg('shopper', 'where is 48213'), msg('bot', 'It ships today.', 'answer')])).toBe('where is 48213');
    expect(draftFromTranscript([])).toBe('');
  });
});
