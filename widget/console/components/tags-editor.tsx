import { useState } from 'preact/hooks';
import { useI18n } from '../i18n/i18n-context';
import { addTags, removeTag } from '../state/tags';

interface Props {
  tags: string[];
  isReadOnly: boolean;
  /** Saves the whole list; resolves when the server answered. */
  onSave: (tags: string[]) => Promise<void>;
}

/** Tag chips with remove buttons and an input that adds on Enter or comma. */
export function TagsEditor({ tags, isReadOnly, onSave }: Props) {
  const { t } = useI18n();
  const [input, setInput] = useState('');

  const commit = async (): Promise<void> => {
    const next = addTags(tags, input);
    setInput('');
    if (next.length !== tags.length) await onSave(next);
  };

  return (
    <section class="panel-section" data-testid="tags-editor">
      <h4>{t('tags.title')}</h4>
      <ul class="tags">
        {tags.length === 0 && <li class="muted small">{t('tags.none')}</li>}
        {tags.map((tag) => (
          <li key={tag} class="tag" data-testid="tag">
            <span>{tag}</span>
            {!isReadOnly && (
              <button type="button" class="icon-btn" aria-label={t('tags.remove', { tag })} onClick={() => void onSave(removeTag(tags, tag))}>
                ×
              </button>
            )}
          </li>
        ))}
      </ul>
      {!isReadOnly && (
        <input
          type="text"
          class="tag-input"
          aria-label={t('tags.add')}
          placeholder={t('tags.placeholder')}
          value={input}
          maxLength={200}
          data-testid="tag-input"
          onInput={(e) => {
            const v = e.currentTarget.value;
            if (v.endsWith(',')) {
              setInput(v);
              void onSave(addTags(tags, v)).then(() => setInput(''));
              return;
            }
            setInput(v);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              void commit();
            }
          }}
        />
      )}
    </section>
  );
}
