// Generated from templates/digest.mjml and templates/partials/ by `npm run emails`: edit the .mjml and run that again.
// MJML source, not HTML: the digest planner compiles it with the articles of each digest (email/digest.ts).
export const digestSource = `<mjml lang="{{lang}}">
  <mj-head>
    <mj-title>{{title}}</mj-title>
    <mj-preview>{{preheader}}</mj-preview>
    <mj-attributes>
      <!-- System fonts only: no web-font request, and Hangul falls back to the platform's Korean font. -->
      <mj-all
        font-family="-apple-system, BlinkMacSystemFont, 'Apple SD Gothic Neo', 'Malgun Gothic', 'Noto Sans KR', 'Segoe UI', Helvetica, Arial, sans-serif"
      />
      <mj-text font-size="16px" line-height="26px" color="#1f2937" />
      <mj-class name="small-print" font-size="14px" line-height="22px" color="#4b5563" />
      <mj-class
        name="primary-button"
        background-color="#1d4ed8"
        color="#ffffff"
        font-size="17px"
        font-weight="700"
        line-height="24px"
        border-radius="6px"
        inner-padding="14px 28px"
        padding="20px 24px"
        align="center"
      />
    </mj-attributes>
    <!-- Dark mode. The colours are inline (mail clients drop or ignore most head styles), so these rules
         override them with !important, by class: dm-page marks what sits on the page background, dm-card a
         white box, dm-button a button (kept as it is). Head styles, not mj-style inline="inline": a media query
         or an attribute selector cannot be inlined. Three audiences: clients that honour
         prefers-color-scheme (Apple Mail, iOS, Outlook for Mac), Outlook.com, which marks what it recoloured
         with data-ogsc (text) and data-ogsb (backgrounds), and the Gmail apps (found by the <u></u> Gmail puts
         before the body, mj-body css-class="body"), which invert every colour themselves and honour no query:
         there a button's white label sits in gmail-screen and gmail-difference spans, whose blends over black
         change nothing in light mode and turn the inverted label white again in dark mode. -->
    <mj-raw>
      <meta name="color-scheme" content="light dark" />
      <meta name="supported-color-schemes" content="light dark" />
    </mj-raw>
    <mj-style>
      :root { color-scheme: light dark; supported-color-schemes: light dark; }
      @media (prefers-color-scheme: dark) {
        .body, .body > div { background-color: #111827 !important; }
        .dm-card, .dm-card > table { background-color: #1f2937 !important; }
        .dm-card div, .dm-card p, .dm-card li, .dm-card h1, .dm-card h2, .dm-card h3 { color: #e5e7eb !important; }
        .dm-card a, .dm-page a { color: #93c5fd !important; }
        .dm-card h1 a, .dm-card h2 a, .dm-card h3 a, .dm-page h2, .dm-page .dm-title a { color: #f9fafb !important; }
        .dm-page div, .dm-page p { color: #d1d5db !important; }
        .dm-card .dm-button a, .dm-card .dm-button p { color: #ffffff !important; }
      }
      [data-ogsb] .body, [data-ogsb] .body > div { background-color: #111827 !important; }
      [data-ogsb] .dm-card, [data-ogsb] .dm-card > table { background-color: #1f2937 !important; }
      [data-ogsc] .dm-card div, [data-ogsc] .dm-card p, [data-ogsc] .dm-card li { color: #e5e7eb !important; }
      [data-ogsc] .dm-card a, [data-ogsc] .dm-page a { color: #93c5fd !important; }
      [data-ogsc] .dm-card h2 a, [data-ogsc] .dm-card h3 a, [data-ogsc] .dm-page h2, [data-ogsc] .dm-page .dm-title a { color: #f9fafb !important; }
      [data-ogsc] .dm-page div, [data-ogsc] .dm-page p { color: #d1d5db !important; }
      [data-ogsc] .dm-card .dm-button a, [data-ogsc] .dm-card .dm-button p { color: #ffffff !important; }
      u + .body .gmail-screen { background: #000000; mix-blend-mode: screen; }
      u + .body .gmail-difference { background: #000000; mix-blend-mode: difference; }
    </mj-style>
  </mj-head>
  <!-- Paragraphs carry word-break:keep-all so Korean wraps between words; overflow-wrap:anywhere lets an
       unbroken run (a URL typed as a title) wrap instead of widening the email past a phone's screen. -->
  <mj-body css-class="body" background-color="#f3f4f6" width="600px">
    <!-- The web version's URL is the same for every reader of this variant: the planner fills it. The classes
         web-version-link, greeting and subscriber-links mark what the web version (email/web-version.ts)
         drops or replaces: it belongs to no reader. -->
    <mj-section css-class="dm-page" padding="16px 0 0">
      <mj-column>
        <mj-text align="center" mj-class="small-print" padding="0 24px">
          <a class="web-version-link" href="{{webVersionUrl}}" style="color:#4b5563;">{{viewInBrowser}}</a>
        </mj-text>
      </mj-column>
    </mj-section>
    <!-- The digest's masthead: the publication's logo (PUBLICATION_LOGO_URL) or, without one, its title as
         text. digest.ts keeps one of the two blocks. The confirmation and welcome emails, compiled ahead of
         time, cannot choose, and use header.mjml's title. -->
    <mj-section css-class="dm-page" padding="24px 0 8px">
      <mj-column>
        <!-- logo -->
        <mj-image
          src="{{logoUrl}}"
          alt="{{publicationName}}"
          href="{{siteUrl}}"
          width="200px"
          align="center"
          padding="0 24px"
        />
        <!-- /logo -->
        <!-- title -->
        <mj-text
          css-class="dm-title"
          align="center"
          font-size="20px"
          font-weight="700"
          line-height="28px"
          color="#111827"
          padding="0 24px"
        >
          <a href="{{siteUrl}}" style="color:#111827;text-decoration:none;">{{publicationName}}</a>
        </mj-text>
        <!-- /title -->
      </mj-column>
    </mj-section>
    <!-- The greeting names the subscriber: the sender fills greetingName in (personalise.ts). -->
    <mj-wrapper css-class="dm-card" background-color="#ffffff" border-radius="8px" padding="16px 8px">
      <mj-section padding="0">
        <mj-column>
          <mj-text padding="8px 24px">
            <p class="greeting" style="margin:0;word-break:keep-all;overflow-wrap:anywhere;">{{greeting}}</p>
            <p style="margin:8px 0 0;word-break:keep-all;">{{intro}}</p>
          </mj-text>
        </mj-column>
      </mj-section>
    </mj-wrapper>
    <!-- MJML has no loops: digest.ts puts one partials/article-card.mjml per article at the next line. -->
    <!-- article-cards -->
    <!-- When the cards would make the email too long for Gmail (digest.ts keeps it under a budget), the
         articles left over follow as titles with links, and the web version shows every card. -->
    <!-- more -->
    <mj-wrapper padding="16px 0 0">
      <mj-section css-class="dm-card" background-color="#ffffff" border-radius="8px" padding="8px 8px 16px">
        <mj-column>
          <mj-text padding="16px 24px 0">
            <h2 style="margin:0;font-size:18px;line-height:26px;font-weight:700;word-break:keep-all;">{{moreHeading}}</h2>
            <ul style="margin:8px 0 0;padding:0 0 0 20px;word-break:keep-all;overflow-wrap:anywhere;">
              <!-- more-link -->
              <li lang="{{moreLang}}" style="margin:4px 0;"><a href="{{moreUrl}}" style="color:#1d4ed8;">{{moreTitle}}</a></li>
              <!-- /more-link -->
            </ul>
            <p style="margin:12px 0 0;word-break:keep-all;"><a href="{{webVersionUrl}}" style="color:#1d4ed8;">{{moreInWebVersion}}</a></p>
          </mj-text>
        </mj-column>
      </mj-section>
    </mj-wrapper>
    <!-- /more -->
    <mj-section css-class="dm-page" padding="24px 0 0">
      <mj-column>
        <mj-text align="center" mj-class="small-print" padding="4px 24px">
          <p class="subscriber-links" style="margin:0;word-break:keep-all;">
            <a href="{{preferencesUrl}}" style="color:#1d4ed8;">{{preferences}}</a>
            &nbsp;&#183;&nbsp;
            <a href="{{unsubscribeUrl}}" style="color:#1d4ed8;">{{unsubscribe}}</a>
          </p>
        </mj-text>
      </mj-column>
    </mj-section>
    <mj-section css-class="dm-page" padding="8px 0 32px">
      <mj-column>
        <mj-text align="center" font-size="13px" line-height="20px" color="#4b5563" padding="4px 24px">
          <p class="recipient-note" style="margin:0 0 8px;word-break:keep-all;">{{footerNote}}</p>
          <p style="margin:0;">{{publicationName}}<br />{{postalAddress}}</p>
        </mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>
`

/** One article of the digest: the mj-body content of templates/partials/article-card.mjml. */
export const articleCardSource = `<!-- One article of a digest. Not included by digest.mjml: digest.ts repeats it once per article.
         A pair of marker comments, "name" and "/name", encloses a block that digest.ts drops when the
         article has nothing for it (image, dek, takeaways, related) or repeats per item (takeaway,
         related-link). -->
    <mj-wrapper padding="16px 0 0">
      <mj-section css-class="dm-card" background-color="#ffffff" border-radius="8px" padding="8px 8px 16px">
        <mj-column>
          <!-- image -->
          <!-- A picture says nothing in the text part, so it is html-only there. -->
          <mj-image
            src="{{imageUrl}}"
            alt="{{imageAlt}}"
            href="{{articleUrl}}"
            css-class="html-only"
            width="536px"
            border-radius="6px"
            padding="16px 24px 0"
          />
          <!-- /image -->
          <mj-text padding="16px 24px 0">
            <h2 lang="{{articleLang}}" style="margin:0;word-break:keep-all;overflow-wrap:anywhere;font-size:20px;line-height:28px;font-weight:700;">
              <a href="{{articleUrl}}" style="color:#111827;text-decoration:none;">{{articleTitle}}</a>
            </h2>
          </mj-text>
          <!-- Author, date (in the publication's time zone) and reading time, joined by digest.ts. -->
          <mj-text mj-class="small-print" font-size="13px" line-height="20px" padding="4px 24px 0">
            <p style="margin:0;word-break:keep-all;">{{byline}}</p>
          </mj-text>
          <!-- dek -->
          <mj-text mj-class="small-print" font-size="15px" line-height="24px" padding="8px 24px 0">
            <p lang="{{articleLang}}" style="margin:0;word-break:keep-all;overflow-wrap:anywhere;">{{dek}}</p>
          </mj-text>
          <!-- /dek -->
          <!-- takeaways -->
          <mj-text padding="12px 24px 0">
            <p style="margin:0;font-size:14px;line-height:22px;font-weight:700;color:#1d4ed8;">{{takeawaysHeading}}</p>
            <ul lang="{{articleLang}}" style="margin:4px 0 0;padding:0 0 0 20px;">
              <!-- takeaway -->
              <li style="margin:2px 0;word-break:keep-all;overflow-wrap:anywhere;">{{takeaway}}</li>
              <!-- /takeaway -->
            </ul>
          </mj-text>
          <!-- /takeaways -->
          <!-- The title links the same URL, so the text part leaves the button out (css-class html-only). -->
          <mj-button
            mj-class="primary-button"
            css-class="html-only dm-button"
            href="{{articleUrl}}"
            align="left"
            font-size="15px"
            line-height="22px"
            inner-padding="10px 20px"
            padding="16px 24px 0"
          >
            <span class="gmail-screen"><span class="gmail-difference">{{readMore}}</span></span>
          </mj-button>
          <!-- related -->
          <mj-text mj-class="small-print" padding="16px 24px 0">
            <p style="margin:0;font-weight:700;">{{relatedHeading}}</p>
            <ul style="margin:4px 0 0;padding:0 0 0 20px;">
              <!-- related-link -->
              <li style="margin:2px 0;word-break:keep-all;overflow-wrap:anywhere;">
                <a href="{{relatedUrl}}" style="color:#1d4ed8;">{{relatedTitle}}</a>{{relatedBlurb}}
              </li>
              <!-- /related-link -->
            </ul>
          </mj-text>
          <!-- /related -->
        </mj-column>
      </mj-section>
    </mj-wrapper>`
