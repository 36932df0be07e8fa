// One small stylesheet inline: no extra request, and pages stay readable at 375 px (cards fall to one column).
// The background is set, not left to the browser's canvas, so every text colour is paired with a known one
// (axe and Lighthouse check contrast against it; an unset background counts as white, even in dark mode).
// "Noto Sans CJK KR" is the name Linux distributions give Noto's Korean (Debian's fonts-noto-cjk): named,
// it is found at once, where system-ui (DejaVu there) made Chromium look up a fallback for Hangul glyphs,
// about half of the article page's style and layout time in a paired measurement.
// `word-break: keep-all` keeps Korean words whole when lines wrap, as Korean typesetting expects.
export const STYLES = `
:root { color-scheme: light dark; --bg: #fff; --fg: #1d1d1f; --muted: #6e6e73; --accent: #0b57d0; --rule: #d2d2d7; --box: #f2f5fc; --callout: #fff7e6; --callout-rule: #b06000; }
@media (prefers-color-scheme: dark) { :root { --bg: #121212; --fg: #f5f5f7; --muted: #a1a1a6; --accent: #8ab4f8; --rule: #424245; --box: #1c2333; --callout: #2b2113; --callout-rule: #f3b35c; } }
* { box-sizing: border-box; }
html { background: var(--bg); }
body { margin: 0 auto; max-width: 46rem; padding: 1rem 1.25rem 4rem; font: 1.0625rem/1.75 system-ui, -apple-system, "Apple SD Gothic Neo", "Noto Sans KR", "Noto Sans CJK KR", "Malgun Gothic", sans-serif; color: var(--fg); word-break: keep-all; overflow-wrap: anywhere; }
a { color: var(--accent); }
header.site { display: flex; justify-content: space-between; align-items: baseline; flex-wrap: wrap; gap: .5rem; border-bottom: 1px solid var(--rule); padding-bottom: .5rem; margin-bottom: 2rem; }
header.site .brand { font-weight: 700; text-decoration: none; color: var(--fg); }
header.site nav { font-size: .875rem; color: var(--muted); }
h1 { font-size: 1.9rem; line-height: 1.3; margin: 0 0 .5rem; }
.dek { font-size: 1.2rem; color: var(--muted); margin: 0 0 1rem; }
.meta { font-size: .875rem; color: var(--muted); }
.tags { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .5rem; }
.tags a { font-size: .875rem; text-decoration: none; }
article img { max-width: 100%; height: auto; }
.meta > * + *::before { content: " · "; }
img.cover { display: block; width: 100%; margin: 1rem 0; border-radius: .5rem; }
img.cover.unsized { aspect-ratio: 16 / 9; object-fit: cover; }
.takeaways { background: var(--box); border-radius: .5rem; padding: .75rem 1.25rem; margin: 1.5rem 0; }
.takeaways h2 { font-size: 1.05rem; margin: .25rem 0 .5rem; }
.takeaways ul, .takeaways ol { margin: 0; padding-left: 1.25rem; }
.toc { border-left: 3px solid var(--rule); padding-left: 1rem; margin: 1.5rem 0; }
.toc h2 { font-size: 1rem; margin: 0 0 .25rem; color: var(--muted); }
.toc ol { list-style: none; margin: 0; padding: 0; }
.toc li { margin: .25rem 0; }
.body h2, .body h3 { scroll-margin-top: 1rem; line-height: 1.4; }
.callout { background: var(--callout); border-left: 4px solid var(--callout-rule); border-radius: 0 .5rem .5rem 0; padding: .25rem 1.25rem; margin: 2rem 0; }
.callout h2, .callout h3 { margin-top: .75rem; }
.conclusion { border-top: 1px solid var(--rule); margin-top: 2rem; }
article pre { overflow-x: auto; }
article table { display: block; overflow-x: auto; border-collapse: collapse; }
article th, article td { border: 1px solid var(--rule); padding: .25rem .5rem; }
blockquote { margin-left: 0; padding-left: 1rem; border-left: 3px solid var(--rule); color: var(--muted); }
.related { border-top: 1px solid var(--rule); margin-top: 3rem; }
.cards { list-style: none; padding: 0; display: grid; gap: 1rem; grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr)); }
.card { border: 1px solid var(--rule); border-radius: .5rem; padding: .75rem 1rem; }
.card h3 { font-size: 1.05rem; line-height: 1.45; margin: 0 0 .25rem; }
.card p { margin: .25rem 0; font-size: .95rem; }
.card .source { color: var(--muted); font-size: .8rem; }
ol.articles { list-style: none; padding: 0; }
ol.articles li { margin-bottom: 2rem; }
ol.articles h2 { font-size: 1.3rem; margin: 0 0 .25rem; line-height: 1.4; }
ol.articles p { margin: .25rem 0; }
.subscribe { border-top: 1px solid var(--rule); margin-top: 3rem; padding-top: 1rem; }
form label { display: block; font-size: .9rem; margin-bottom: .25rem; }
form label.choice { display: inline-block; margin-right: 1rem; }
input[type=email], input[type=text], input[type=number], select { font: inherit; width: 100%; max-width: 24rem; padding: .4rem; }
button { font: inherit; padding: .5rem 1.25rem; cursor: pointer; }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
fieldset { border: 1px solid var(--rule); margin: 0 0 1rem; }
.problems { border-left: 4px solid #c5221f; padding-left: 1rem; }
.saved { border-left: 4px solid #188038; padding-left: 1rem; font-weight: 600; }
input[type=number] { max-width: 6rem; }
nav.pagination { display: flex; justify-content: space-between; align-items: baseline; gap: 1rem; margin: 2rem 0; }
.article-nav { border-top: 1px solid var(--rule); margin-top: 3rem; padding-top: 1rem; }
.article-nav p { margin: .25rem 0; }
ul.archive, ul.tag-index, ol.archive-month { padding-left: 1.25rem; }
ul.tag-index p { margin: 0 0 .5rem; }
`
