/**
 * The panel's CSS and the launcher's open and unread states (its cross and badge; the loader styles the closed
 * launcher), adopted into the shadow root (the host page's styles stay out, ours stay in).
 * Colours: text #1b1b1b / muted #595959 on white (≥7:1); brand surfaces use --parley-on-primary,
 * chosen by luminance (≥4.5:1 for any brand colour). Inputs are 16px so iOS does not zoom on focus.
 */
export const CHAT_STYLES = `
.pl-l[aria-expanded=true]:before{clip-path:path("M7 5l5 5 5-5 2 2-5 5 5 5-2 2-5-5-5 5-2-2 5-5-5-5z")}
.pl-l[data-unread]:after{content:attr(data-unread);position:absolute;top:-4px;right:-4px;min-width:10px;height:22px;padding:0 6px;border-radius:11px;background:#c62828;color:#fff;font:700 12px/22px system-ui}
.pl-l.left:after{right:auto;left:-4px}
.panel{position:fixed;bottom:92px;right:20px;z-index:var(--parley-z);display:flex;flex-direction:column;width:380px;height:min(640px,calc(100vh - 112px));background:#fff;color:#1b1b1b;border-radius:16px;box-shadow:0 12px 40px #0004;overflow:hidden;font:15px/1.45 system-ui,sans-serif}
.left{right:auto;left:20px}
[hidden]{display:none!important}
*{box-sizing:border-box}
button,input,textarea{font:inherit;color:inherit}
button{cursor:pointer}
:focus-visible{outline:2px solid #0b57d0;outline-offset:2px}
.head{display:flex;align-items:center;gap:10px;padding:12px 8px 12px 16px;background:var(--parley-primary);color:var(--parley-on-primary)}
.head :focus-visible{outline-color:currentColor}
h2,p{margin:0}
h2{font-size:16px}
.head p{font-size:13px}
.ht{flex:1}
.hb{padding:6px 10px;border:1.5px solid;border-radius:16px;background:none;font-size:13px;white-space:nowrap}
.ib,.send,.attach{width:40px;height:40px;padding:0;border:0;border-radius:50%;background:none}
.ib{position:relative;font-size:24px;line-height:1}
svg{width:22px;height:22px;fill:currentColor;vertical-align:middle}
.log{flex:1;overflow-y:auto;padding:12px}
.row{display:flex;flex-direction:column;align-items:flex-start;margin:2px 0}
.me{align-items:flex-end}
.name,.mark,.sys{font-size:12px;color:#595959;margin:6px 4px 2px}
.sys{text-align:center;font-size:13px}
.bub{max-width:80%;padding:8px 12px;border-radius:16px;background:#f0f2f5;overflow-wrap:anywhere;white-space:pre-line}
.me .bub{background:var(--parley-primary);color:var(--parley-on-primary);white-space:pre-wrap}
a{color:#0b57d0}
[disabled]{opacity:.55}
.compose{display:flex;align-items:flex-end;gap:8px;padding:10px 12px max(10px,env(safe-area-inset-bottom));border-top:1px solid #e3e6ea}
textarea{padding:8px 10px;border:1px solid #8a8f98;font-size:16px}
.compose textarea{flex:1;max-height:120px;border-radius:20px;resize:none;field-sizing:content}
.send{margin:0;background:var(--parley-primary);color:var(--parley-on-primary)}
.attach{color:#595959}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (max-width:479px){.panel{inset:0;width:100%;height:100%;border-radius:0;padding:env(safe-area-inset-top) env(safe-area-inset-right) 0 env(safe-area-inset-left)}.pl-l[aria-expanded=true]{display:none}}
`;
