/**
 * status.css: light and dark themes, status colours from the palette (one source with the
 * bars and badges), a single column that crops the uptime bars to 30 days below 640px.
 */
import { COMPONENT_STATUSES } from "../types";
import { STATUS_COLOURS, THEME } from "./palette";

type Theme = keyof typeof THEME;

function variables(theme: Theme): string {
  const t = THEME[theme];
  const statuses = COMPONENT_STATUSES.map((s) => `--${s}:${STATUS_COLOURS[s][theme]};`).join("");
  return `--bg:${t.bg};--card:${t.card};--text:${t.text};--muted:${t.muted};--border:${t.border};--none:${t.none};--link:${STATUS_COLOURS.under_maintenance[theme]};${statuses}`;
}

// Banners and buttons keep the light palette in both themes: white text on it passes AA.
// An unknown status gets the light theme's grey, never a colour that would claim a state.
const solids =
  COMPONENT_STATUSES.map((s) => `--solid-${s}:${STATUS_COLOURS[s].light};`).join("") +
  `--solid-unknown:${THEME.light.muted};`;

const perStatus = COMPONENT_STATUSES.map(
  (s) =>
    `.banner.st-${s}{background:var(--solid-${s})}` +
    `.st-text.st-${s}{color:var(--${s})}` +
    `.bar .st-${s}{fill:var(--${s})}` +
    `.incident.st-${s}{border-left-color:var(--${s})}`,
).join("\n");

export const statusCss = `:root{color-scheme:light dark;${variables("light")}${solids}}
@media (prefers-color-scheme:dark){:root{${variables("dark")}}}
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0 auto;max-width:52rem;padding:0 1rem 2rem;overflow-wrap:anywhere;background:var(--bg);color:var(--text);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans",sans-serif}
a{color:var(--link);text-underline-offset:.15em}
a:focus-visible,summary:focus-visible,button:focus-visible,input:focus-visible{outline:3px solid var(--link);outline-offset:2px;border-radius:2px}
.sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}
.skip{position:absolute;left:-9999px;top:.5rem;background:var(--bg);padding:.5rem 1rem;z-index:1}
.skip:focus{left:1rem}
header.site{padding:1.5rem 0 .5rem}
.accent{display:block;width:100%;height:6px;margin-bottom:1rem;border-radius:3px}
.brand{display:flex;align-items:center;gap:.75rem;flex-wrap:wrap}
.logo{max-height:2.5rem;max-width:12rem;width:auto}
h1{font-size:1.75rem;line-height:1.2;margin:0}
h2{font-size:1.25rem;margin:2rem 0 .75rem}
h3{font-size:1.05rem;margin:1.25rem 0 .5rem}
h4{font-size:1rem;margin:0 0 .25rem}
.site-title{margin:0;font-weight:600;font-size:1.1rem}
.desc,.meta,.note,.legend,.hint,footer.site{color:var(--muted)}
.desc,.meta{margin:.25rem 0}
.meta,.note,.more{font-size:.9rem}
.banner{color:#fff;background:var(--solid-unknown);border-radius:8px;padding:1rem 1.25rem;margin:1rem 0}
.banner h2{margin:0;font-size:1.3rem}
.banner p{margin:.25rem 0 0}
.st-text,.tag,.name{font-weight:600}
.tag{color:var(--text)}
.bar .st-none{fill:var(--none)}
${perStatus}
.incident,.maintenance,.component{background:var(--card);border:1px solid var(--border);border-radius:6px;padding:.75rem 1rem;margin:.75rem 0}
.incident,.maintenance{border-left-width:4px}
.maintenance{border-left-color:var(--under_maintenance)}
.updates{list-style:none;margin:.5rem 0 0;padding:0}
.updates li{border-top:1px solid var(--border);padding:.5rem 0 0;margin-top:.5rem}
.update-head{margin:0;font-size:.9rem}
.text{margin:.25rem 0;white-space:pre-line}
details>summary{cursor:pointer}
.components{list-style:none;margin:0;padding:0}
.components .components .component{background:none;border-width:1px 0 0;border-radius:0;margin:0;padding:.75rem 0 .5rem}
.group summary{display:flex;gap:.5rem;align-items:baseline;list-style:none}
.group summary::-webkit-details-marker{display:none}
.group summary::before{content:"\\25B8";width:1em}
.group details[open]>summary::before{content:"\\25BE"}
.row{display:flex;flex:1;justify-content:space-between;align-items:baseline;flex-wrap:wrap;gap:.25rem 1rem}
.bar{overflow:hidden;margin-top:.5rem}
.bar svg{display:block;width:100%;height:2rem}
.bar.large svg{height:3.5rem}
.legend{display:flex;align-items:center;gap:.5rem;font-size:.8rem;margin:.25rem 0 0}
.legend .sep{flex:1;height:0;border-top:1px solid var(--border);font-size:0}
.response-time{margin:.5rem 0 0;color:var(--link)}
.response-time svg{display:block;width:100%;height:7rem}
.response-time .legend{justify-content:space-between}
.d30{display:none}
footer.site{border-top:1px solid var(--border);margin-top:2.5rem;padding-top:1rem;font-size:.9rem}
footer h2{color:var(--text);font-size:1.1rem;margin-top:1.5rem}
.links{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.5rem 1.25rem}
.field{display:flex;flex-direction:column;gap:.25rem;max-width:24rem}
label{color:var(--text);font-weight:600}
input{font:inherit;padding:.5rem;border:1px solid var(--muted);border-radius:6px;background:var(--bg);color:var(--text)}
button{font:inherit;font-weight:600;padding:.5rem 1rem;border:0;border-radius:6px;background:var(--solid-under_maintenance);color:#fff;cursor:pointer}
@media (max-width:640px){body{padding:0 .75rem 1.5rem}h1{font-size:1.4rem}.bar svg{width:300%;margin-left:-200%}.d90{display:none}.d30{display:inline}}
`;
