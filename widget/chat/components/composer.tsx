import type { Ref, VNode } from 'preact';
import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import { LIMITS } from '../../../shared/limits';
import { SendIcon } from '../../ui/icons';
import type { Uploads } from '../../ui/use-uploads';
import { ChatContext } from '../chat-context';
import { loadFiles, useParts } from '../hooks/use-parts';

/** Idle time after the last keystroke before "stopped typing" is sent. */
const TYPING_IDLE_MS = 3000;
/** Minimum gap between typing updates (the draft preview). */
const TYPING_THROTTLE_MS = 1000;

/** The message box: Enter sends, Shift+Enter breaks the line, IME composition (pinyin) is respected. */
export function Composer({ inputRef, fileRef, maxBytes }: { inputRef: Ref<HTMLTextAreaElement>; fileRef: Ref<HTMLInputElement>; maxBytes: number }): VNode {
  const { t, transport } = useContext(ChatContext);
  const [text, setText] = useState('');
  // The paperclip and the upload machinery are in the parts chunk (requested as the panel first renders); until
  // it reports, nothing is pending.
  const picked = useRef<File[]>([]);
  const [, setPickCount] = useState(0);
  const parts = useParts(true, loadFiles);
  const [uploads, setUploads] = useState<Uploads | null>(null);
  const refs = uploads?.refs ?? [];
  const isBusy = (uploads?.isBusy ?? false) || picked.current.length > 0;
  const isEmpty = text.trim() === '' && refs.length === 0;
  const lastTypingAt = useRef(0);
  const idleTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const over = text.trim().length - LIMITS.messageChars;

  const stopTyping = (): void => {
    clearTimeout(idleTimer.current);
    if (lastTypingAt.current !== 0) transport.setTyping(false);
    lastTypingAt.current = 0;
  };
  useEffect(() => () => clearTimeout(idleTimer.current), []);

  const onInput = (value: string): void => {
    setText(value);
    const now = Date.now();
    if (now - lastTypingAt.current > TYPING_THROTTLE_MS) {
      lastTypingAt.current = now;
      transport.setTyping(true, value);
    }
    clearTimeout(idleTimer.current);
    idleTimer.current = setTimeout(stopTyping, TYPING_IDLE_MS);
  };

  const submit = (): void => {
    if (over > 0 || isBusy || !transport.send(text, refs)) return;
    setText('');
    uploads?.clear();
    stopTyping();
  };

  return (
    <>
      {parts && <parts.ComposerUploads maxBytes={maxBytes} picked={picked.current} onChange={setUploads} />}
      {parts && over > 0 && <parts.TooLong over={over} />}
    <form
      class="compose"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      {parts ? (
        <parts.AttachButton
          onPick={(files) => {
            picked.current.push(...files);
            setPickCount((n) => n + 1);
          }}
          label={t('attach.label')}
          inputRef={fileRef}
        />
      ) : (
        <span class="attach" />
      )}
      <textarea
        ref={inputRef}
        rows={1}
        value={text}
        aria-label={t('composer.label')}
        aria-invalid={over > 0}
        placeholder={t('composer.placeholder')}
        onInput={(e) => onInput(e.currentTarget.value)}
        onKeyDown={(e) => {
          // keyCode 229: Safari reports IME confirmation Enter without isComposing.
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
            e.preventDefault();
            submit();
          }
        }}
      />
      <button type="submit" class="send" aria-label={t('composer.send')} disabled={isEmpty || over > 0 || isBusy}>
        <SendIcon />
      </button>
    </form>
    </>
  );
}
