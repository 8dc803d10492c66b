import type { Ref, VNode } from 'preact';
import { useCallback, useContext, useEffect, useRef, useState } from 'preact/hooks';
import { LIMITS } from '../../../shared/limits';
import { AttachButton, PendingUploads } from '../../ui/attach-button';
import { SendIcon } from '../../ui/icons';
import { uploadFile } from '../../ui/upload-file';
import { useUploads } from '../../ui/use-uploads';
import { ChatContext } from '../chat-context';

/** Idle time after the last keystroke before "stopped typing" is sent. */
const TYPING_IDLE_MS = 3000;
/** Minimum gap between typing updates (the draft preview). */
const TYPING_THROTTLE_MS = 1000;

/** The message box: Enter sends, Shift+Enter breaks the line, IME composition (pinyin) is respected. */
export function Composer({ inputRef, fileRef, maxBytes }: { inputRef: Ref<HTMLTextAreaElement>; fileRef: Ref<HTMLInputElement>; maxBytes: number }): VNode {
  const { t, transport } = useContext(ChatContext);
  const [text, setText] = useState('');
  const upload = useCallback((file: Blob, name: string, onProgress: (f: number) => void) => uploadFile(transport.files, file, name, onProgress), [transport]);
  const uploads = useUploads(upload, maxBytes);
  const isEmpty = text.trim() === '' && uploads.refs.length === 0;
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
    if (over > 0 || uploads.isBusy || !transport.send(text, uploads.refs)) return;
    setText('');
    uploads.clear();
    stopTyping();
  };

  return (
    <>
      <PendingUploads uploads={uploads} t={t} maxMb={Math.round((maxBytes / (1024 * 1024)) * 10) / 10} />
      {over > 0 && (
        <p class="fe" role="alert">
          {t('composer.tooLong', { n: over })}
        </p>
      )}
    <form
      class="compose"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <AttachButton uploads={uploads} t={t} inputRef={fileRef} />
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
      <button type="submit" class="send" aria-label={t('composer.send')} disabled={isEmpty || over > 0 || uploads.isBusy}>
        <SendIcon />
      </button>
    </form>
    </>
  );
}
