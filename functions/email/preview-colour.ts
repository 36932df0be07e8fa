/** The colour in the style of MJML's preheader div (mjml-core/lib/helpers/preview.js). */
const PREVIEW_STYLE = /(<div style="display:none;font-size:1px;color:)#ffffff;/

/**
 * MJML writes the hidden preheader in white, which SpamAssassin scores as hidden text
 * (HTML_FONT_LOW_CONTRAST, 0.7 points); it is display:none and transparent, so its colour shows nowhere.
 * Used on every compiled email: the digest at plan time, the others by `npm run emails`.
 */
export function greyPreview(html: string): string {
  return html.replace(PREVIEW_STYLE, '$1#4b5563;')
}
