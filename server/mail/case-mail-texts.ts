/**
 * What the case mails say, in English and Chinese: one catalogue, so a translator finds every phrase here.
 * `{name}` placeholders are filled (and, for HTML, escaped) by render-case-mail.ts.
 */
import type { Locale } from '../../shared/model';

const en = {
  'created.subject': 'We have your request: case #{number}',
  'created.intro': 'Thank you for writing to us. Your request is case #{number}: “{subject}”.',
  'created.next': 'Our team will reply here by e-mail and in the chat on our website.',
  'reply.subject': 'Re: {subject} (case #{number})',
  'reply.intro': '{agent} replied to your request, case #{number}:',
  'solved.subject': 'Did this solve it? (case #{number})',
  'solved.intro': 'We think your request, case #{number} (“{subject}”), is solved.',
  'solved.ask': 'Did this solve it? Please answer “Yes” or “No, still a problem” in the chat. Without an answer the case closes in {days} days.',
  'link.text': 'Back to the chat: {url}',
  'link.label': 'Back to the chat',
  'footer': 'Replies to this e-mail are not read: please write to us in the chat.',
  'agent.fallback': 'Our team',
};

type Key = keyof typeof en;

const zh: Record<Key, string> = {
  'created.subject': '我们已收到您的请求：工单 #{number}',
  'created.intro': '感谢您的来信。您的请求编号为 #{number}：“{subject}”。',
  'created.next': '我们的团队会通过电子邮件和网站上的在线聊天回复您。',
  'reply.subject': '回复：{subject}（工单 #{number}）',
  'reply.intro': '{agent}回复了您的请求（工单 #{number}）：',
  'solved.subject': '问题解决了吗？（工单 #{number}）',
  'solved.intro': '我们认为您的请求（工单 #{number}，“{subject}”）已经解决。',
  'solved.ask': '问题解决了吗？请在聊天中回答“是”或“没有，问题仍在”。如未回复，工单将在 {days} 天后关闭。',
  'link.text': '返回聊天：{url}',
  'link.label': '返回聊天',
  'footer': '此邮件的回复无人查看：请在聊天中联系我们。',
  'agent.fallback': '我们的团队',
};

export type CaseMailKey = Key;
export const CASE_MAIL_TEXTS: Record<Locale, Record<Key, string>> = { en, zh };
