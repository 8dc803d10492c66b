import { useEffect, useState } from 'preact/hooks';
import type { AssistSuggestion } from '../../../shared/events';
import type { Locale } from '../../../shared/model';
import { useI18n } from '../i18n/i18n-context';

export interface AssistHandlers {
  suggest: (conversationId: string) => Promise<AssistSuggestion[]>;
  search: (query: string, locale: Locale) => Promise<AssistSuggestion[]>;
  used: (conversationId: string, intent: string) => void;
}

/** Suggestions for a conversation, fetched again whenever the shopper writes. */
export function useSuggestions(assist: AssistHandlers, conversationId: string, lastShopperSeq: number): AssistSuggestion[] {
  const [suggestions, setSuggestions] = useState<AssistSuggestion[]>([]);
  useEffect(() => {
    let isCurrent = true;
    void assist.suggest(conversationId).then((s) => isCurrent && setSuggestions(s));
    return () => {
      isCurrent = false;
    };
  }, [conversationId, lastShopperSeq]);
  return suggestions;
}

interface Props {
  suggestions: AssistSuggestion[];
  assist: AssistHandlers;
  locale: Locale;
  onPick: (s: AssistSuggestion) => void;
}

/**
 * Above the reply box: the KB answers that best match the conversation (Alt+1..3 inserts one, see
 * reply-box.tsx) and a word search over the KB whose results insert the same way.
 */
export function AssistBar({ suggestions, assist, locale, onPick }: Props) {
  const { t } = useI18n();
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<AssistSuggestion[] | null>(null);
  const run = async (e: Event) => {
    e.preventDefault();
    setResults(query.trim() === '' ? null : await assist.search(query.trim(), locale));
  };
  const shown = results ?? suggestions;
  return (
    <div class="assist" data-testid="assist-bar" aria-label={t('assist.title')}>
      <span class="muted small">{t('assist.title')}</span>
      {shown.length === 0 && results !== null && <span class="muted small">{t('assist.none')}</span>}
      {shown.slice(0, results ? 10 : 3).map((s, i) => (
        <button key={s.intent} type="button" class="pill assist-pick" data-testid="assist-suggestion" data-intent={s.intent} title={s.text} onClick={() => onPick(s)}>
          {results === null && <kbd>{t('assist.key', { n: i + 1 })}</kbd>} {s.title}
        </button>
      ))}
      <form class="assist-search" onSubmit={(e) => void run(e)}>
        <input
          type="search"
          value={query}
          placeholder={t('assist.search')}
          aria-label={t('assist.searchLabel')}
          data-testid="assist-search"
          onInput={(e) => {
            setQuery(e.currentTarget.value);
            if (e.currentTarget.value === '') setResults(null);
          }}
        />
      </form>
    </div>
  );
}
