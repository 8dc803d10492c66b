import type { VNode } from 'preact';
import { useContext, useState } from 'preact/hooks';
import { LIMITS } from '../../../../shared/limits';
import { ChatContext } from '../../chat-context';
import { errorKey } from '../../i18n/error-key';
import { rate } from './requests';
import type { MessageKey } from '../../i18n/translate';

const SCORES = [1, 2, 3, 4, 5] as const;
const NPS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;

/**
 * The rating asked for after an agent closes the chat: native radios (arrow keys move between stars,
 * one tab stop) visually drawn as stars, the optional 0–10 "would you recommend us" question (sent
 * with the stars, so one command and one ack), an optional comment, then thanks.
 */
export function RatingForm(): VNode {
  const { t, transport } = useContext(ChatContext);
  const [score, setScore] = useState(0);
  const [nps, setNps] = useState(-1);
  const [comment, setComment] = useState('');
  const [isBusy, setBusy] = useState(false);
  const [failure, setFailure] = useState<MessageKey | null>(null);

  const onSubmit = async (e: Event): Promise<void> => {
    e.preventDefault();
    if (score === 0) return;
    setBusy(true);
    const ack = await rate(transport, score, comment, nps);
    setBusy(false);
    setFailure(ack.ok ? null : errorKey(ack.error));
  };

  return (
    <form class="card" onSubmit={(e) => void onSubmit(e)}>
      <fieldset>
        <legend>{t('rate.title')}</legend>
        {SCORES.map((n) => (
          <label class={n <= score ? 'star on' : 'star'}>
            <input type="radio" name="pl-score" value={n} checked={n === score} onChange={() => setScore(n)} />
            <span aria-hidden="true">★</span>
            <span class="sr">{t('rate.star', { n })}</span>
          </label>
        ))}
      </fieldset>
      <fieldset class="nps">
        <legend>{t('rate.nps')}</legend>
        {NPS.map((n) => (
          <label class={n === nps ? 'on' : ''}>
            <input type="radio" name="pl-nps" value={n} checked={n === nps} onChange={() => setNps(n)} />
            <span>{n}</span>
          </label>
        ))}
      </fieldset>
      <label for="pl-r-c">{t('rate.comment')}</label>
      <textarea id="pl-r-c" rows={2} maxLength={LIMITS.commentChars} value={comment} onInput={(e) => setComment(e.currentTarget.value)} />
      {failure && (
        <p class="fe" role="alert">
          {t(failure)}
        </p>
      )}
      <button type="submit" class="btn" disabled={score === 0 || isBusy}>
        {t('rate.submit')}
      </button>
    </form>
  );
}
