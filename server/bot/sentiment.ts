/**
 * Sentiment on a -1..1 scale, for the "angry shopper goes to a human" rule.
 * English: natural's SentimentAnalyzer (AFINN word scores) per word, with simple negation
 * ("not happy" is negative). Chinese: a small lexicon with negators and intensifiers, matched
 * longest first. Word scores are summed and squashed with tanh, so one mild word stays mild and
 * several strong ones approach -1.
 */
import { SentimentAnalyzer } from 'natural/lib/natural/sentiment';
import { PorterStemmer } from 'natural/lib/natural/stemmers';
import { normalise } from './normalise';

const EN_NEGATORS = new Set(['not', 'no', 'never', 'dont', 'doesnt', 'didnt', 'isnt', 'wasnt', 'cant', 'cannot', 'wont', 'aint', 'nothing']);
// Words AFINN scores that are neutral in a shop: "order" and "return" are not feelings.
const EN_NEUTRAL = new Set(['help', 'please', 'want', 'like', 'refund', 'cancel', 'return', 'problem', 'issue', 'ok', 'yes', 'no', 'pay', 'charged', 'missing', 'lost', 'wrong', 'broken', 'damaged', 'stuck', 'delay', 'delayed']);

const ZH_LEXICON: Record<string, number> = {
  垃圾: -3, 太差: -3, 很差: -3, 差劲: -3, 最差: -3, 差评: -3, 糟糕: -3, 烂: -3, 烂透: -4, 破东西: -3,
  生气: -3, 愤怒: -4, 气死: -4, 火大: -3, 恼火: -3, 骗子: -4, 欺骗: -4, 骗人: -4, 坑人: -3, 坑: -2,
  失望: -2, 太失望: -3, 恶心: -3, 无语: -2, 受不了: -3, 忍无可忍: -4, 不满: -2, 不满意: -2, 投诉: -2,
  滚: -4, 妈的: -4, 他妈: -4, 靠谱: 2, 废物: -4, 什么破: -3, 慢死: -3, 太慢: -2, 崩溃: -3, 烦死: -3, 烦: -2,
  谢谢: 2, 感谢: 2, 满意: 2, 很好: 2, 不错: 2, 棒: 3, 赞: 2, 喜欢: 2, 开心: 2, 好评: 3, 完美: 3, 太好了: 3,
};
const ZH_KEYS = Object.keys(ZH_LEXICON).sort((a, b) => b.length - a.length);
const ZH_NEGATORS = ['不', '没', '别', '不是', '没有'];
const ZH_INTENSIFIERS = ['太', '非常', '特别', '超级', '真', '极其'];

const analyzer = new SentimentAnalyzer('English', PorterStemmer, 'afinn');
const wordScores = new Map<string, number>();

/** Sentiment of `text` in -1..1 (0 neutral). */
export function sentiment(text: string): number {
  const clean = normalise(text);
  const total = /\p{Script=Han}/u.test(clean) ? chineseScore(clean) + englishScore(clean) : englishScore(clean);
  return Math.tanh(total / 6);
}

function englishScore(clean: string): number {
  const words = clean.match(/[a-z]+/g) ?? [];
  let total = 0;
  words.forEach((w, i) => {
    if (EN_NEUTRAL.has(w)) return;
    let score = wordScores.get(w);
    if (score === undefined) {
      score = analyzer.getSentiment([w]);
      if (wordScores.size < 50_000) wordScores.set(w, score);
    }
    if (score === 0) return;
    const isNegated = EN_NEGATORS.has(words[i - 1] ?? '') || EN_NEGATORS.has(words[i - 2] ?? '');
    total += isNegated ? -score / 2 : score;
  });
  return total;
}

function chineseScore(clean: string): number {
  let total = 0;
  for (let i = 0; i < clean.length; ) {
    const key = ZH_KEYS.find((k) => clean.startsWith(k, i));
    if (key === undefined) {
      i++;
      continue;
    }
    let score = ZH_LEXICON[key] as number;
    const before = clean.slice(Math.max(0, i - 2), i);
    if (score > 0 && ZH_NEGATORS.some((n) => before.endsWith(n))) score = -score / 1.5;
    if (ZH_INTENSIFIERS.some((n) => before.endsWith(n))) score *= 1.5;
    total += score;
    i += key.length;
  }
  return total;
}
