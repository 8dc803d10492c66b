/**
 * The follow-up case's subject, in English and Chinese: the shopper reads it in "My requests" (and in the
 * case mail), so it is in their chat's language. One catalogue, so a translator finds every phrase here.
 * `{score}` is filled by follow-up.ts.
 */
import type { Locale } from '../../shared/model';

const en = {
  'subject.stars': 'Follow up: {score} of 5 stars',
  'subject.nps': 'Follow up: you rated us {score} of 10',
};

type Key = keyof typeof en;

const zh: Record<Key, string> = {
  'subject.stars': '回访：您的评分为 {score} 星（满分 5 星）',
  'subject.nps': '回访：您的推荐评分为 {score} 分（满分 10 分）',
};

export type FollowUpTextKey = Key;
export const FOLLOW_UP_TEXTS: Record<Locale, Record<Key, string>> = { en, zh };
