import { useState } from 'preact/hooks';
import type { Visitor } from '../../../shared/model';
import { eraseShopperData, exportShopperData, type ShopperRef } from '../api/privacy';
import { errorText } from '../i18n/error-text';
import { useI18n } from '../i18n/i18n-context';

interface Props {
  token: string;
  visitor: Visitor;
  /** The shopper's data is gone: the console closes what showed it. */
  onErased: () => void;
  onError: (text: string) => void;
  onDone: (text: string) => void;
}

/**
 * Shoppers whose id the shop proved are found by it (all their devices); the rest by this visitor, since the
 * server matches a customer id only where it was proven (a claimed one may be someone else's).
 */
function refOf(visitor: Visitor): ShopperRef {
  const { externalId, idVerified } = visitor.identity;
  return idVerified && externalId !== null ? { customerId: externalId } : { visitorId: visitor.id };
}

/** Saves text as a file through a temporary link: the export is a download, not a page. */
function download(text: string, name: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Admins only: export (a JSON download) or erase everything stored about this shopper, erasing after a confirm step. */
export function PrivacyActions({ token, visitor, onErased, onError, onDone }: Props) {
  const { t } = useI18n();
  const [isConfirming, setConfirming] = useState(false);
  const [isBusy, setBusy] = useState(false);
  const ref = refOf(visitor);

  const exportData = async (): Promise<void> => {
    setBusy(true);
    const res = await exportShopperData(token, ref);
    setBusy(false);
    if (!res.ok) return onError(errorText(res.error, t));
    download(res.data, `parley-shopper-${ref.customerId ?? ref.visitorId ?? 'export'}.json`.replace(/[^\w.-]/g, '_'));
    onDone(t('privacy.exported'));
  };

  const erase = async (): Promise<void> => {
    setBusy(true);
    const res = await eraseShopperData(token, ref);
    setBusy(false);
    setConfirming(false);
    if (!res.ok) return onError(errorText(res.error, t));
    onDone(t('privacy.erased'));
    onErased();
  };

  return (
    <section class="panel-section" data-testid="privacy-actions">
      <h4>{t('privacy.title')}</h4>
      <p class="muted small">{ref.customerId !== undefined ? t('privacy.byCustomer') : t('privacy.byVisitor')}</p>
      {isConfirming ? (
        <div role="alertdialog" aria-labelledby="privacy-confirm-text" data-testid="privacy-confirm">
          <p id="privacy-confirm-text" class="small">{t('privacy.confirm')}</p>
          <button type="button" class="btn btn-danger" disabled={isBusy} onClick={() => void erase()} data-testid="privacy-erase-confirm">
            {t('privacy.eraseForGood')}
          </button>{' '}
          <button type="button" class="btn" disabled={isBusy} onClick={() => setConfirming(false)}>
            {t('privacy.cancel')}
          </button>
        </div>
      ) : (
        <div>
          <button type="button" class="btn" disabled={isBusy} onClick={() => void exportData()} data-testid="privacy-export">
            {t('privacy.export')}
          </button>{' '}
          <button type="button" class="btn btn-danger" disabled={isBusy} onClick={() => setConfirming(true)} data-testid="privacy-erase">
            {t('privacy.erase')}
          </button>
        </div>
      )}
    </section>
  );
}
