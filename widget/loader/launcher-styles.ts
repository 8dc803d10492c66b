import type { LauncherSettings } from '../protocol/types';
import { contrastText } from './contrast-text';

/**
 * The speech bubble (24×24). Icons are CSS shapes, not SVG elements: no DOM to build, no markup strings.
 * Their colour is the border's (currentColor), which forced-colors mode keeps visible.
 */
const BUBBLE = 'M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z';

/**
 * The closed launcher's CSS; the chat chunk adds its open and unread states (the cross, the badge: the top of
 * widget/chat/chat-styles.ts) and the panel's. The `--parley-*` variables are for the chat's CSS.
 */
export function launcherStyles({ primaryColor, zIndex, position }: LauncherSettings): string {
  const text = contrastText(primaryColor);
  return `:host{all:initial;--parley-primary:${primaryColor};--parley-on-primary:${text};--parley-z:${zIndex}}
.pl-l{position:fixed;${position}:20px;bottom:max(20px,env(safe-area-inset-bottom));z-index:${zIndex};display:flex;align-items:center;gap:8px;min-width:56px;height:56px;padding:0 15px;border:0;border-radius:28px;background:${primaryColor};color:${text};font:600 15px system-ui;box-shadow:0 4px 14px #0005;cursor:pointer}
.pl-l:focus-visible{outline:3px solid #111;outline-offset:3px;box-shadow:0 0 0 3px #fff}
.pl-l:before{content:"";border:12px solid;margin:1px;clip-path:path("${BUBBLE}")}`;
}
