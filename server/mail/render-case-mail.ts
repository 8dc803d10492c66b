/**
 * Builds the mails a customer gets about a case (created, a public reply, the "Did this solve it?" request)
 * as plain text plus a simple HTML alternative. Every value put into the HTML is escaped: subjects and
 * replies are user text.
 */
import type { Case, CaseMessage } from '../../shared/cases';
import type { Mail } from './mailer';
import { CASE_MAIL_TEXTS, type CaseMailKey } from './case-mail-texts';

export type CaseMailKind = 'created' | 'reply' | 'solved';

const DAY_MS = 86_400_000;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** Header values must stay on one line (no header injection through a case subject). */
function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
}

function fill(template: string, values: Record<string, string>, encode: (s: string) => string): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? encode(values[name] as string) : whole));
}

export function renderCaseMail(
  kind: CaseMailKind,
  c: Case,
  opts: { publicUrl: string; reply?: CaseMessage },
): Mail {
  const texts = CASE_MAIL_TEXTS[c.locale];
  const values: Record<string, string> = {
    number: String(c.number),
    subject: oneLine(c.subject),
    agent: opts.reply?.authorName?.trim() || texts['agent.fallback'],
    url: opts.publicUrl,
    days: String(c.confirmation ? Math.max(1, Math.round((c.confirmation.closesAt - c.confirmation.requestedAt) / DAY_MS)) : 3),
  };
  const text = (key: CaseMailKey) => fill(texts[key], values, (s) => s);
  const html = (key: CaseMailKey) => fill(escapeHtml(texts[key]), values, escapeHtml);

  const paragraphs: CaseMailKey[] =
    kind === 'created' ? ['created.intro', 'created.next'] : kind === 'reply' ? ['reply.intro'] : ['solved.intro', 'solved.ask'];
  const quoted = kind === 'reply' && opts.reply ? opts.reply.text : null;

  const plain = [
    ...paragraphs.map(text),
    ...(quoted === null ? [] : [quoted]),
    text('link.text'),
    '—',
    text('footer'),
  ].join('\n\n');
  const rich = [
    `<!doctype html><html lang="${c.locale === 'zh' ? 'zh-CN' : 'en'}"><body style="font-family:sans-serif;line-height:1.5">`,
    ...paragraphs.map((key) => `<p>${html(key)}</p>`),
    ...(quoted === null ? [] : [`<blockquote style="white-space:pre-wrap;border-left:3px solid #ccc;margin:0;padding-left:12px">${escapeHtml(quoted)}</blockquote>`]),
    `<p><a href="${escapeHtml(opts.publicUrl)}">${html('link.label')}</a></p>`,
    `<p style="color:#666;font-size:smaller">${html('footer')}</p>`,
    '</body></html>',
  ].join('\n');
  return { to: c.contactEmail ?? '', subject: oneLine(text(`${kind}.subject` as CaseMailKey)), text: plain, html: rich };
}
