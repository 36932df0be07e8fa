// The desk's one stylesheet, inline like the public pages'. One column at 390 px; from 60rem the editor and
// its preview sit side by side. `word-break: keep-all` keeps Korean words whole.
export const DESK_STYLES = `
:root { color-scheme: light dark; --fg: #1d1d1f; --muted: #5f5f64; --accent: #0b57d0; --rule: #c7c7cc; --bg: #fff; --danger: #b3261e; --ok: #137333; }
@media (prefers-color-scheme: dark) { :root { --fg: #f5f5f7; --muted: #b0b0b5; --accent: #8ab4f8; --rule: #48484a; --bg: #1c1c1e; --danger: #f2b8b5; --ok: #81c995; } }
* { box-sizing: border-box; }
body { margin: 0; padding: 0 1rem 3rem; font: 1rem/1.6 system-ui, -apple-system, "Apple SD Gothic Neo", "Noto Sans KR", "Malgun Gothic", sans-serif; color: var(--fg); background: var(--bg); word-break: keep-all; overflow-wrap: anywhere; }
a { color: var(--accent); }
.skip { position: absolute; left: -999px; } .skip:focus { left: 1rem; top: 1rem; background: var(--bg); padding: .5rem; }
header.desk { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; justify-content: space-between; border-bottom: 1px solid var(--rule); padding: .75rem 0; margin-bottom: 1rem; }
header.desk nav { display: flex; flex-wrap: wrap; gap: .25rem 1rem; align-items: center; }
header.desk form { display: inline; margin: 0; }
main { max-width: 90rem; margin: 0 auto; }
h1 { font-size: 1.5rem; line-height: 1.3; margin: .5rem 0 1rem; }
h2 { font-size: 1.15rem; }
label { display: block; font-weight: 600; font-size: .9rem; margin: .75rem 0 .25rem; }
input[type=text], input[type=password], input[type=search], input[type=url], input[type=number], input[type=datetime-local], input[type=file], select, textarea { font: inherit; width: 100%; padding: .45rem; border: 1px solid var(--muted); border-radius: 4px; background: var(--bg); color: var(--fg); }
.pair { display: flex; gap: 1rem; } .pair > span { flex: 1; }
textarea { min-height: 20rem; resize: vertical; line-height: 1.6; }
textarea.small { min-height: 5rem; }
button, .button { font: inherit; padding: .5rem 1rem; border: 1px solid var(--accent); border-radius: 4px; background: var(--accent); color: var(--bg); cursor: pointer; text-decoration: none; display: inline-block; }
button.secondary, .button.secondary { background: transparent; color: var(--accent); }
button.danger { background: var(--danger); border-color: var(--danger); color: var(--bg); }
button.link { background: none; border: none; color: var(--accent); text-decoration: underline; padding: 0; }
.actions { display: flex; flex-wrap: wrap; gap: .5rem; margin: 1rem 0; }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.notice { border-left: 4px solid var(--ok); padding: .25rem .75rem; }
.problems { border-left: 4px solid var(--danger); padding: .25rem .75rem; }
.muted, .hint { color: var(--muted); font-size: .9rem; }
.hint { margin: .25rem 0 0; }
.filters { display: flex; flex-wrap: wrap; gap: .5rem; align-items: end; margin-bottom: 1rem; }
.filters label { margin: 0 0 .25rem; }
.filters > div { flex: 1 1 10rem; }
table.list { width: 100%; border-collapse: collapse; }
table.list th, table.list td { text-align: left; padding: .5rem .25rem; border-bottom: 1px solid var(--rule); vertical-align: top; }
@media (max-width: 40rem) { table.list .wide { display: none; } }
.split { display: grid; grid-template-columns: 1fr; gap: 1rem; }
@media (min-width: 60rem) { .split { grid-template-columns: 1fr 1fr; } }
iframe.preview { width: 100%; min-height: 40rem; border: 1px solid var(--rule); border-radius: 4px; background: #fff; }
.version { border: 1px solid var(--rule); border-radius: 4px; padding: .75rem; }
.version pre { white-space: pre-wrap; word-break: keep-all; overflow-wrap: anywhere; font: inherit; }
pre.source { white-space: pre-wrap; overflow-wrap: anywhere; border: 1px solid var(--rule); border-radius: 4px; padding: .75rem; max-height: 30rem; overflow-y: auto; }
dl.feed-item dt { font-weight: 600; font-size: .9rem; } dl.feed-item dd { margin: 0 0 .5rem; overflow-wrap: anywhere; }
ol.audit { padding-left: 1.25rem; }
fieldset { border: 1px solid var(--rule); border-radius: 4px; margin: 1rem 0; }
`
