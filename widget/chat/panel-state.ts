import type { Catalogue, IdentifyInput, WidgetLocale } from '../protocol/types';

/** View state shared by the mount code (public API) and the panel. */
export interface PanelState {
  isOpen: boolean;
  /** Incremented when the shopper opens the panel: the composer takes focus (not on a restored open). */
  focusRequest: number;
  locale: WidgetLocale;
  catalogue: Catalogue;
  identity: IdentifyInput | null;
  isSoundOn: boolean;
}
