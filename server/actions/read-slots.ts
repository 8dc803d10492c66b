/**
 * Reading slot values out of what a shopper typed: an order number (introduced or bare), an e-mail, item
 * choices and a return reason. Pure; patterns favour precision: text that could be anything fills nothing.
 */
import { RETURN_REASONS, type ReturnReason } from '../../shared/integrations';
import { extractEntities } from '../bot/extract-entities';
import { say } from './action-texts';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;
/** A bare number in a short question ("where is 48213?"): 4–12 digits, not part of a longer token. */
const BARE_ORDER = /(?<![\w@.#-])(\d{4,12})(?![\w@-]|\.\d)/u;

/** The order number the text names: one introduced as such ("order #48213"), else a lone 4–12 digit number. */
export function readOrderNumber(text: string): string | null {
  const entities = extractEntities(text);
  const order = entities.find((e) => e.kind === 'order');
  if (order) return order.value;
  // Digits that belong to a phone, an amount, a date or an e-mail are not an order number.
  const claimed = entities.filter((e) => e.kind !== 'name');
  for (const m of text.matchAll(new RegExp(BARE_ORDER, 'gu'))) {
    const start = m.index ?? 0;
    if (!claimed.some((e) => start < e.end && e.start < start + m[0].length)) return m[1] ?? null;
  }
  return null;
}

/** The e-mail address the text contains, lower-cased. */
export function readEmail(text: string): string | null {
  const email = extractEntities(text).find((e) => e.kind === 'email');
  return email && EMAIL.test(email.value) ? email.value : null;
}

/** The shopper's whole answer looks like an attempt at an e-mail (so a malformed one gets a format hint). */
export function looksLikeEmailAttempt(text: string): boolean {
  return text.includes('@');
}

/**
 * Items chosen from `choices`: "all"/"全部", numbers ("1", "1 and 2", "第2个"), or words of an item's name
 * ("the throw"). Returns the chosen skus, or null when nothing matched.
 */
export function readItems(text: string, choices: readonly { sku: string; name: string }[]): string[] | null {
  const t = text.trim().toLowerCase();
  if (choices.length === 0) return null;
  if (/^(all|both|everything|all of (them|it)|全部|都要|都退|所有)\b/u.test(t) || t === '全部' || t === '都退') return choices.map((c) => c.sku);
  const exact = choices.find((c) => c.name.toLowerCase() === t || c.sku.toLowerCase() === t);
  if (exact) return [exact.sku];
  const numbers = [...t.matchAll(/\d+/g)].map((m) => Number(m[0])).filter((n) => n >= 1 && n <= choices.length);
  if (numbers.length > 0 && t.replace(/\d+|and|,|&|\s|和|第|个|件/gu, '') === '') return [...new Set(numbers)].map((n) => choices[n - 1]!.sku);
  const words = t.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 3);
  const named = choices.filter((c) => {
    const name = c.name.toLowerCase();
    return words.some((w) => name.split(/[^\p{L}\p{N}]+/u).includes(w)) || (/\p{Script=Han}/u.test(t) && name.includes(t));
  });
  return named.length > 0 ? named.map((c) => c.sku) : null;
}

const REASON_WORDS: [ReturnReason, RegExp][] = [
  ['wrong_size', /\b(size|too (small|big|large|tight|loose)|fit|fits)\b|尺码|大小|太大|太小|不合身/u],
  ['damaged', /\b(damaged|broken|torn|ripped|cracked|stain(ed)?)\b|损坏|破了|坏了|破损/u],
  ['defective', /\b(defective|faulty|doesn'?t work|stopped working)\b|质量问题|故障|不能用/u],
  ['not_as_described', /\b(not as described|different|looks different|wrong (item|colou?r))\b|描述不符|不一样|发错/u],
  ['changed_mind', /\b(changed my mind|don'?t (want|like|need)|no longer)\b|不想要|不喜欢|不需要/u],
  ['other', /^(other|something else)$|其他/u],
];

/** The return reason an answer names: a reason id (a chip sends one) or words that say it. */
export function readReason(text: string): ReturnReason | null {
  const t = text.trim().toLowerCase();
  const id = RETURN_REASONS.find((r) => r === t);
  if (id) return id;
  return REASON_WORDS.find(([, re]) => re.test(t))?.[0] ?? null;
}

/** Yes or no to a confirmation question; null when it is neither. */
export function readYesNo(text: string): boolean | null {
  const t = text.trim().toLowerCase().replace(/[.!。！]+$/u, '');
  if (/^(yes|y|yeah|yep|sure|ok|okay|confirm|yes,? cancel( it)?|do it|是|是的|对|好|好的|确认|确定|确认取消)$/u.test(t)) return true;
  if (/^(no|n|nope|don'?t|keep it|no,? keep it|否|不|不要|不用|保留)$/u.test(t)) return false;
  return null;
}

/** Going on without a photo: the chip (either language) or words that say so. */
export function readNoPhoto(text: string): boolean {
  const t = text.trim().toLowerCase().replace(/[.!。！~]+$/u, '');
  if ((['en', 'zh'] as const).some((l) => say(l, 'chip.noPhoto').toLowerCase() === t)) return true;
  return /^(no|no photo|no thanks|skip|without( a)? photo|continue|continue without( a)? photo|不用|不要|没有|跳过|不附|没有照片|不附照片|继续)$/u.test(t);
}

/** "cancel", "stop", "算了", "取消": the shopper wants out of the dialogue (the whole message, nothing else). */
export function isStopWord(text: string): boolean {
  const t = text.trim().toLowerCase().replace(/[.!。！~]+$/u, '');
  return /^(cancel|stop|quit|exit|never ?mind|forget it|no thanks|算了|取消|不用了|不查了|停|退出)$/u.test(t);
}
