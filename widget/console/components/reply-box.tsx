import type { RefObject } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { CannedResponse } from '../../../shared/events';
import { LIMITS } from '../../../shared/limits';
import { useI18n } from '../i18n/i18n-context';
import { useTypingSignal } from '../hooks/use-typing-signal';
import { findCannedQuery, insertCanned, matchCanned, type CannedVars } from '../state/canned';
import type { AssistSuggestion } from '../../../shared/events';
import type { Locale } from '../../../shared/model';
import { AssistBar, useSuggestions, type AssistHandlers } from './assist-bar';
import { CannedMenu } from './lazy-views';
import type { AttachmentRef } from '../../../shared/cases';
import { consoleFiles } from '../api/file-endpoint';
import { AttachButton } from '../../ui/attach-button';
import { PendingUploads } from '../../ui/pending-uploads';
import { uploadFile } from '../../ui/upload-file';
import { useUploads } from '../../ui/use-uploads';

const uploadToServer = (file: Blob, name: string, onProgress: (f: number) => void) => uploadFile(consoleFiles, file, name, onProgress);

interface Props {
  conversationId: string;
  canned: CannedResponse[];
  vars: CannedVars;
  initialDraft: string;
  inputRef: RefObject<HTMLTextAreaElement | null>;
  onDraftChange: (draft: string) => void;
  /** Resolves true when the server stored the message. */
  onSend: (text: string, isInternal: boolean, attachments?: AttachmentRef[]) => Promise<boolean>;
  onTyping: (isTyping: boolean) => void;
  onLeave: () => void;
  assist: AssistHandlers;
  /** The conversation's language: suggestions and searches come in it. */
  locale: Locale;
  lastShopperSeq: number;
}

/**
 * The composer: Enter sends, Shift+Enter breaks the line, `/` opens canned responses,
 * a toggle turns the text into an internal note. Typing is announced (throttled) only for replies.
 */
export function ReplyBox({ conversationId, canned, vars, initialDraft, inputRef, onDraftChange, onSend, onTyping, onLeave, assist, locale, lastShopperSeq }: Props) {
  const { t } = useI18n();
  const [draft, setDraft] = useState(initialDraft);
  const [caret, setCaret] = useState(initialDraft.length);
  const [isInternal, setInternal] = useState(false);
  const [active, setActive] = useState(0);
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  const [isSending, setSending] = useState(false);
  const typing = useTypingSignal(onTyping);
  const menuId = `canned-${conversationId}`;
  const pendingCaret = useRef<number | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const uploads = useUploads(uploadToServer, LIMITS.attachmentBytes);
  const isEmpty = draft.trim() === '' && uploads.refs.length === 0;

  const query = useMemo(() => findCannedQuery(draft, caret), [draft, caret]);
  const isMenuOpen = query !== null && query.start !== dismissedAt && canned.length > 0;
  const matches = useMemo(() => (query === null ? [] : matchCanned(canned, query.query)), [canned, query]);
  const over = draft.length - LIMITS.messageChars;

  useEffect(() => setActive(0), [query?.query]);
  useEffect(() => {
    const el = inputRef.current;
    if (el !== null && pendingCaret.current !== null) {
      el.setSelectionRange(pendingCaret.current, pendingCaret.current);
      pendingCaret.current = null;
    }
  });

  const update = (next: string, nextCaret: number): void => {
    setDraft(next);
    setCaret(nextCaret);
    onDraftChange(next);
  };

  const pick = (item: CannedResponse): void => {
    if (query === null) return;
    const res = insertCanned(draft, query, item, vars);
    pendingCaret.current = res.caret;
    update(res.draft, res.caret);
    inputRef.current?.focus();
  };

  const suggestions = useSuggestions(assist, conversationId, lastShopperSeq);
  /** Inserts a KB answer (replacing an empty draft, else after it) and records that it was used. */
  const insertSuggestion = (s: AssistSuggestion): void => {
    const next = draft.trim() === '' ? s.text : `${draft.replace(/\s+$/, '')}\n${s.text}`;
    pendingCaret.current = next.length;
    update(next, next.length);
    assist.used(conversationId, s.intent);
    inputRef.current?.focus();
  };

  const send = async (): Promise<void> => {
    const text = draft.trim();
    if (isEmpty || over > 0 || isSending || uploads.isBusy) return;
    setSending(true);
    typing.stopped();
    update('', 0);
    const ok = await onSend(text, isInternal, uploads.refs);
    setSending(false);
    if (ok) uploads.clear();
    // Give the text back on failure so nothing the agent wrote is lost.
    if (!ok) update(draft, draft.length);
    inputRef.current?.focus();
  };

  const onKeyDown = (e: KeyboardEvent): void => {
    // Alt+1..3 inserts a suggestion; e.code, because Alt+digit types other characters on some layouts.
    const n = e.altKey && !e.ctrlKey && !e.metaKey ? /^Digit([1-3])$/.exec(e.code) : null;
    if (n) {
      const s = suggestions[Number(n[1]) - 1];
      if (s) {
        e.preventDefault();
        insertSuggestion(s);
      }
      return;
    }
    if (isMenuOpen && matches.length > 0) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const d = e.key === 'ArrowDown' ? 1 : -1;
        setActive((i) => (i + d + matches.length) % matches.length);
        return;
      }
      if ((e.key === 'Tab' || e.key === 'Enter') && !e.shiftKey) {
        e.preventDefault();
        const item = matches[active] ?? matches[0];
        if (item !== undefined) pick(item);
        return;
      }
    }
    if (e.key === 'Escape') {
      e.preventDefault();
      if (isMenuOpen && query !== null) {
        setDismissedAt(query.start);
        return;
      }
      typing.stopped();
      onLeave();
      return;
    }
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && !e.altKey) {
      e.preventDefault();
      void send();
    }
  };

  return (
    <div class={`composer ${isInternal ? 'composer-note' : ''}`}>
      <AssistBar suggestions={suggestions} assist={assist} locale={locale} onPick={insertSuggestion} />
      {isMenuOpen && <CannedMenu id={menuId} items={matches} activeIndex={active} onPick={pick} />}
      <PendingUploads uploads={uploads} t={t} maxMb={Math.floor(LIMITS.attachmentBytes / (1024 * 1024))} />
      <label class="sr-only" for={`reply-${conversationId}`}>
        {t('reply.label')}
      </label>
      <textarea
        id={`reply-${conversationId}`}
        ref={inputRef}
        class="reply-input"
        rows={3}
        value={draft}
        placeholder={isInternal ? t('reply.notePlaceholder') : t('reply.placeholder')}
        data-testid="reply-box"
        aria-autocomplete="list"
        aria-controls={isMenuOpen ? menuId : undefined}
        aria-activedescendant={isMenuOpen && matches.length > 0 ? `${menuId}-${active}` : undefined}
        onInput={(e) => {
          const el = e.currentTarget;
          update(el.value, el.selectionStart);
          if (!isInternal) typing.typed();
        }}
        onKeyDown={onKeyDown}
        onKeyUp={(e) => setCaret(e.currentTarget.selectionStart)}
        onClick={(e) => setCaret(e.currentTarget.selectionStart)}
        onBlur={() => typing.stopped()}
      />
      <div class="composer-bar">
        <button
          type="button"
          class={`toggle ${isInternal ? 'toggle-on' : ''}`}
          aria-pressed={isInternal}
          data-testid="internal-toggle"
          onClick={() => {
            setInternal((v) => !v);
            typing.stopped();
            inputRef.current?.focus();
          }}
        >
          <span class="toggle-knob" aria-hidden="true" />
          {t('reply.internal')}
        </button>
        {over > 0 && (
          <span class="over" role="alert">
            {t('reply.tooLong', { n: over })}
          </span>
        )}
        <AttachButton onPick={uploads.add} label={t('attach.label')} inputRef={fileRef} class="btn attach-btn" />
        <span class="composer-spacer" />
        <button
          type="button"
          class={`btn ${isInternal ? 'btn-note' : 'btn-primary'}`}
          disabled={isEmpty || over > 0 || isSending || uploads.isBusy}
          data-testid="send-button"
          onClick={() => void send()}
        >
          {isInternal ? t('reply.addNote') : t('reply.send')}
        </button>
      </div>
    </div>
  );
}
