/**
 * The KB-gap report: the bot's misses grouped by similarity (group-misses.ts) and ranked by how many
 * shoppers asked, and each intent's deflection rate, weakest first. Bounded: the newest MISS_LIMIT misses
 * of the period are grouped; the per-intent counts are aggregated in the store.
 */
import type { GapReport, IntentDeflection } from '../../shared/kb';
import type { Bot } from '../bot/create-bot';
import type { FeatureBlocks } from '../bot/extract-features';
import type { Store } from '../store/store';
import { groupMisses } from './group-misses';

/** Misses read per report: enough for weeks of a busy shop's gaps, bounded in memory and time. */
export const MISS_LIMIT = 3000;
const GROUP_LIMIT = 100;

/** The KB's utterances as features, once per loaded KB (the idf background of the grouping). */
const backgrounds = new WeakMap<Bot, readonly FeatureBlocks[]>();
export function utteranceFeatures(bot: Bot): readonly FeatureBlocks[] {
  let found = backgrounds.get(bot);
  if (!found) {
    found = bot.kb.intents.flatMap((i) => [...i.utterances.en, ...i.utterances.zh]).map((u) => bot.features(u));
    backgrounds.set(bot, found);
  }
  return found;
}

export async function gapReport(store: Store, bot: Bot, from: number, to: number): Promise<GapReport> {
  const [misses, outcomes] = await Promise.all([store.analytics.misses(from, to, MISS_LIMIT), store.analytics.intentOutcomes(from, to)]);
  const intents: IntentDeflection[] = outcomes
    .filter((o) => o.answered > 0)
    .map((o) => {
      const missed = Math.min(o.missed, o.answered);
      return { ...o, missed, deflectionRate: (o.answered - missed) / o.answered };
    })
    .sort((a, b) => a.deflectionRate - b.deflectionRate || b.answered - a.answered || (a.intent < b.intent ? -1 : 1));
  return { from, to, groups: groupMisses(misses, bot, { background: utteranceFeatures(bot) }).slice(0, GROUP_LIMIT), intents };
}
