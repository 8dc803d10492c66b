import type { CannedResponse } from '../../../shared/events';
import { useI18n } from '../i18n/i18n-context';

interface Props {
  id: string;
  items: CannedResponse[];
  activeIndex: number;
  onPick: (item: CannedResponse) => void;
}

/** The `/shortcut` suggestions above the reply box; the textarea keeps focus and drives it by keys. */
export function CannedMenu({ id, items, activeIndex, onPick }: Props) {
  const { t } = useI18n();
  return (
    <div class="canned" data-testid="canned-menu">
      <div class="canned-head">
        <strong>{t('reply.canned')}</strong>
        <span class="muted small">{t('reply.cannedHint')}</span>
      </div>
      {items.length === 0 ? (
        <p class="muted small canned-empty">{t('reply.noCanned')}</p>
      ) : (
        <ul id={id} role="listbox" aria-label={t('reply.canned')}>
          {items.map((item, i) => (
            <li
              key={item.shortcut}
              id={`${id}-${i}`}
              role="option"
              aria-selected={i === activeIndex}
              class={`canned-item ${i === activeIndex ? 'canned-on' : ''}`}
              data-testid="canned-item"
              onMouseDown={(e) => {
                // mousedown, not click: the textarea must not lose focus (and the caret) first.
                e.preventDefault();
                onPick(item);
              }}
            >
              <code>/{item.shortcut.replace(/^\//, '')}</code>
              <span class="canned-text">{item.text}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
