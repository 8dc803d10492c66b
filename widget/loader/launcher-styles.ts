import type { WidgetSettings } from '../protocol/types';
import { contrastText } from './contrast-text';

/** The launcher's CSS; the chat chunk adds the panel's. `--parley-*` variables are shared with it. */
export function launcherStyles(s: WidgetSettings): string {
  const side = s.position === 'left' ? 'left' : 'right';
  return `:host{all:initial;--parley-primary:${s.primaryColor};--parley-on-primary:${contrastText(s.primaryColor)};--parley-z:${s.zIndex}}
.pl-l{position:fixed;${side}:20px;bottom:max(20px,env(safe-area-inset-bottom));z-index:var(--parley-z);display:flex;align-items:center;gap:8px;min-width:56px;height:56px;padding:0 15px;border:0;border-radius:28px;background:var(--parley-primary);color:var(--parley-on-primary);font:600 15px system-ui,sans-serif;box-shadow:0 4px 14px #0005;cursor:pointer}
.pl-l:focus-visible{outline:3px solid #111;outline-offset:3px;box-shadow:0 0 0 3px #fff}
.pl-l svg{width:26px;height:26px;fill:currentColor}
.pl-x{stroke:currentColor;stroke-width:2.5}
.pl-l .pl-x,[aria-expanded=true] .pl-c,.pl-l[hidden],.pl-b[hidden]{display:none}
[aria-expanded=true] .pl-x{display:block}
.pl-b{position:absolute;top:-4px;${side}:-4px;min-width:22px;height:22px;padding:0 6px;box-sizing:border-box;border-radius:11px;background:#c62828;color:#fff;font:700 12px/22px system-ui,sans-serif}
@media (max-width:479px){.pl-l[aria-expanded=true]{display:none}}`;
}
