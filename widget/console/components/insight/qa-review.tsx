import { useEffect, useState } from 'preact/hooks';
import type { ClientResult } from '../../../../shared/errors';
import type { ConversationDetail, TranscriptPage } from '../../../../shared/events';
import type { QaCriterion, QaReviewItem, QaSampleItem, QaScores } from '../../../../shared/metrics';
import { createQaReview, fetchQaReviews, fetchQaSample } from '../../api/insight-api';
import { errorText } from '../../i18n/error-text';
import { formatDateTime } from '../../i18n/format-time';
import { useI18n } from '../../i18n/i18n-context';
import { RUBRIC } from '../../state/insight-keys';
import { prependPage } from '../../state/transcript-pages';
import { Transcript } from '../transcript';

const DAY_MS = 86_400_000;
const SCORES = [1, 2, 3, 4, 5] as const;

interface Props {
  token: string;
  /** Supervisors and admins review a sample; an agent reads the reviews of their own chats. */
  isLead: boolean;
  /** `conversation:get` over the console's socket (leads may read any chat, an agent their own). */
  loadConversation: (conversationId: string) => Promise<ClientResult<ConversationDetail>>;
  /** `message:list`: a long chat's earlier transcript pages, so the whole chat can be reviewed. */
  loadPage: (conversationId: string, beforeSeq: number) => Promise<ClientResult<TranscriptPage>>;
}

/**
 * Quality review: a supervisor picks a closed chat from the sample (every low-rated one plus a random
 * few), reads the transcript and scores the rubric with a comment; an agent sees their own reviews.
 */
export function QaReview({ token, isLead, loadConversation, loadPage }: Props) {
  const { t } = useI18n();
  const [sample, setSample] = useState<QaSampleItem[]>([]);
  const [reviews, setReviews] = useState<QaReviewItem[]>([]);
  const [openId, setOpenId] = useState<string | null>(null);
  const [detail, setDetail] = useState<ConversationDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [nonce, setNonce] = useState(0);

  useEffect(() => {
    let isCurrent = true;
    const to = Date.now();
    const load = isLead ? fetchQaSample(token, { from: to - 30 * DAY_MS, to, department: null, agentId: null }) : Promise.resolve(null);
    void Promise.all([load, fetchQaReviews(token, {})]).then(([s, r]) => {
      if (!isCurrent) return;
      if (s !== null) {
        if (s.ok) setSample(s.data);
        else setError(errorText(s.error, t));
      }
      if (r.ok) setReviews(r.data);
      else setError(r.error.message);
    });
    return () => {
      isCurrent = false;
    };
  }, [token, isLead, nonce]);

  useEffect(() => {
    setDetail(null);
    if (openId === null) return;
    let isCurrent = true;
    void loadConversation(openId).then((res) => {
      if (!isCurrent) return;
      if (res.ok) setDetail(res.data);
      else setError(res.error.message);
    });
    return () => {
      isCurrent = false;
    };
  }, [openId, loadConversation]);

  const loadEarlier = async (): Promise<void> => {
    if (detail === null) return;
    const res = await loadPage(detail.conversation.id, detail.fromSeq);
    if (!res.ok) setError(res.error.message);
    else setDetail((d) => (d !== null && d.conversation.id === detail.conversation.id ? prependPage(d, res.data) : d));
  };

  const ofOpen = reviews.filter((r) => r.review.conversationId === openId);
  return (
    <section class="qa" data-testid="qa-screen">
      <aside class="qa-list">
        <h2>{t(isLead ? 'qa.title' : 'qa.titleOwn')}</h2>
        {error !== null && (
          <p class="insight-error" role="alert">
            {t('qa.loadFailed', { message: error })}
          </p>
        )}
        {isLead ? (
          <>
            <h3>{t('qa.sample')}</h3>
            {sample.length === 0 ? (
              <p class="muted">{t('qa.emptySample')}</p>
            ) : (
              <ul class="plain-list" data-testid="qa-sample">
                {sample.map((s) => (
                  <li key={s.conversationId}>
                    <button
                      type="button"
                      class={`qa-item ${s.conversationId === openId ? 'is-open' : ''}`}
                      data-testid="qa-sample-item"
                      data-conversation-id={s.conversationId}
                      aria-current={s.conversationId === openId}
                      onClick={() => setOpenId(s.conversationId)}
                    >
                      <span class="qa-item-head">
                        <strong>{s.agentName ?? s.agentId}</strong>
                        <span class={`badge ${s.reason === 'low_rated' ? 'badge-off' : ''}`}>{t(`qa.reason.${s.reason}`)}</span>
                        {s.isReviewed && <span class="badge badge-ok">{t('qa.reviewed')}</span>}
                      </span>
                      <span class="small muted">
                        {[s.department, s.rating === null ? null : t('qa.rating', { n: s.rating }), s.nps === null ? null : t('qa.nps', { n: s.nps })].filter(Boolean).join(' · ')}
                      </span>
                      {s.preview !== null && <span class="small qa-preview">{s.preview}</span>}
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </>
        ) : (
          <ReviewList items={reviews} onOpen={setOpenId} openId={openId} />
        )}
      </aside>
      <div class="qa-main">
        {openId === null ? (
          <p class="empty center">{t('qa.pick')}</p>
        ) : (
          <>
            <div class="qa-transcript">
              <h3>{t('qa.transcript')}</h3>
              {detail !== null && (
                <Transcript
                  messages={detail.messages}
                  myAgentId={null}
                  shopperReadSeq={0}
                  typingDraft={undefined}
                  shopperName={detail.visitor.identity.name ?? t('inbox.anonymous')}
                  hasEarlier={detail.hasEarlier}
                  onLoadEarlier={loadEarlier}
                />
              )}
            </div>
            <div class="qa-side">
              {isLead && (
                <RubricForm
                  key={openId}
                  onSubmit={async (scores, comment) => {
                    const res = await createQaReview(token, { conversationId: openId, scores, ...(comment.trim() !== '' && { comment }) });
                    if (res.ok) setNonce((n) => n + 1);
                    return res.ok ? null : res.error.message;
                  }}
                />
              )}
              {isLead && ofOpen.length > 0 && <ReviewList items={ofOpen} openId={null} onOpen={() => undefined} />}
              {!isLead && ofOpen.map((r) => <ReviewCard key={r.review.id} item={r} />)}
            </div>
          </>
        )}
      </div>
    </section>
  );
}

/** The rubric: each criterion 1–5 as a radio group, a comment, submit; says when saved. */
function RubricForm({ onSubmit }: { onSubmit: (scores: QaScores, comment: string) => Promise<string | null> }) {
  const { t } = useI18n();
  const [scores, setScores] = useState<Partial<Record<QaCriterion, number>>>({});
  const [comment, setComment] = useState('');
  const [status, setStatus] = useState<'idle' | 'saving' | 'saved' | 'incomplete' | { failed: string }>('idle');
  const isComplete = RUBRIC.every((c) => scores[c] !== undefined);

  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    if (!isComplete) return setStatus('incomplete');
    setStatus('saving');
    const failure = await onSubmit(scores as QaScores, comment);
    setStatus(failure === null ? 'saved' : { failed: failure });
  };

  return (
    <form class="card qa-form" data-testid="qa-form" onSubmit={(e) => void submit(e)}>
      <h3>{t('qa.rubric')}</h3>
      {RUBRIC.map((c) => (
        <fieldset class="qa-criterion" data-testid={`qa-${c}`}>
          <legend>{t(`qa.criterion.${c}`)}</legend>
          {SCORES.map((n) => (
            <label class={`qa-score ${scores[c] === n ? 'is-on' : ''}`}>
              <input type="radio" name={`qa-${c}`} value={n} checked={scores[c] === n} onChange={() => setScores((s) => ({ ...s, [c]: n }))} />
              <span aria-hidden="true">{n}</span>
              <span class="sr-only">{t('qa.scoreOf', { n })}</span>
            </label>
          ))}
        </fieldset>
      ))}
      <label class="field">
        <span>{t('qa.comment')}</span>
        <textarea rows={3} maxLength={2000} value={comment} data-testid="qa-comment" onInput={(e) => setComment(e.currentTarget.value)} />
      </label>
      <button type="submit" class="btn btn-primary" data-testid="qa-submit" disabled={status === 'saving'}>
        {t(status === 'saving' ? 'qa.saving' : 'qa.submit')}
      </button>
      {status === 'saved' && (
        <p class="small" role="status" data-testid="qa-saved">
          {t('qa.saved')}
        </p>
      )}
      {status === 'incomplete' && (
        <p class="small insight-error" role="alert">
          {t('qa.incomplete')}
        </p>
      )}
      {typeof status === 'object' && (
        <p class="small insight-error" role="alert">
          {t('qa.failed', { message: status.failed })}
        </p>
      )}
    </form>
  );
}

function ReviewList({ items, openId, onOpen }: { items: QaReviewItem[]; openId: string | null; onOpen: (conversationId: string) => void }) {
  const { t } = useI18n();
  return (
    <>
      <h3>{t('qa.reviews')}</h3>
      {items.length === 0 ? (
        <p class="muted">{t('qa.emptyReviews')}</p>
      ) : (
        <ul class="plain-list" data-testid="qa-reviews">
          {items.map((r) => (
            <li key={r.review.id}>
              <button type="button" class={`qa-item ${r.review.conversationId === openId ? 'is-open' : ''}`} data-testid="qa-review-item" onClick={() => onOpen(r.review.conversationId)}>
                <ReviewSummary item={r} />
              </button>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function ReviewSummary({ item }: { item: QaReviewItem }) {
  const { t, locale } = useI18n();
  const r = item.review;
  return (
    <>
      <span class="qa-item-head">
        <strong>{t('qa.score', { score: r.score.toFixed(1) })}</strong>
        <span class="small muted">{formatDateTime(r.createdAt, locale)}</span>
      </span>
      <span class="small muted">{t('qa.reviewOf', { agent: item.agentName ?? r.agentId, reviewer: item.reviewerName ?? r.reviewerId })}</span>
      <span class="small">{RUBRIC.map((c) => `${t(`qa.criterion.${c}`)} ${r.scores[c]}`).join(' · ')}</span>
      {r.comment !== null && <span class="small qa-comment">{r.comment}</span>}
    </>
  );
}

/** One review of the agent's own chat, beside its transcript. */
function ReviewCard({ item }: { item: QaReviewItem }) {
  return (
    <div class="card qa-item" data-testid="qa-review-card">
      <ReviewSummary item={item} />
    </div>
  );
}
