import { PNG } from 'pngjs'

/**
 * The site's icon, drawn once from these shapes: a page (a headline and three lines of text) in white on the
 * theme colour, on a 64-unit square with rounded corners. Pages link the PNG; the manifest names the SVG.
 *
 * Why pages link a PNG (decision 025): Chromium builds a whole isolated SVG document, on the page's main
 * thread after first paint, to draw an SVG favicon: 15-55 ms in a trace of the home page, which Lighthouse's
 * 4x slowdown turns into most of the home page's Total Blocking Time. A PNG is decoded off that thread.
 */
const VIEW = 64
const RADIUS = 12
/** x, y, width, height of each white bar. */
const BARS = [
  [14, 14, 36, 9],
  [14, 30, 36, 5],
  [14, 40, 36, 5],
  [14, 50, 24, 5],
] as const

/** Shapes only, no <text>: a letter would cost font lookups wherever the SVG is drawn (decision 017). */
export function iconSvg(colour: string): string {
  const bars = BARS.map(([x, y, w, h]) => `M${x} ${y}h${w}v${h}H${x}z`).join('')
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${VIEW} ${VIEW}">` +
    `<rect width="${VIEW}" height="${VIEW}" rx="${RADIUS}" fill="${colour}"/>` +
    `<path fill="#fff" d="${bars}"/></svg>`
  )
}

const inRoundedSquare = (x: number, y: number) => {
  const nearestX = Math.min(Math.max(x, RADIUS), VIEW - RADIUS)
  const nearestY = Math.min(Math.max(y, RADIUS), VIEW - RADIUS)
  return (
    x >= 0 && y >= 0 && x <= VIEW && y <= VIEW && (x - nearestX) ** 2 + (y - nearestY) ** 2 <= RADIUS ** 2
  )
}
const inBar = (x: number, y: number) =>
  BARS.some(([bx, by, w, h]) => x >= bx && x < bx + w && y >= by && y < by + h)

/**
 * The same icon as a `size`-pixel PNG (RGBA), edges smoothed by 4 × 4 samples per pixel. `colour` is
 * `#rrggbb` (THEME_COLOR's one form).
 */
export function iconPng(colour: string, size: number): Buffer {
  const [red, green, blue] = [1, 3, 5].map((at) => Number.parseInt(colour.slice(at, at + 2), 16)) as [
    number,
    number,
    number,
  ]
  const png = new PNG({ width: size, height: size })
  const samples = 4
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let covered = 0
      let white = 0
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = ((px + (sx + 0.5) / samples) / size) * VIEW
          const y = ((py + (sy + 0.5) / samples) / size) * VIEW
          if (!inRoundedSquare(x, y)) continue
          covered++
          if (inBar(x, y)) white++
        }
      }
      const at = (py * size + px) * 4
      const share = covered === 0 ? 0 : white / covered
      png.data[at] = Math.round(red + (255 - red) * share)
      png.data[at + 1] = Math.round(green + (255 - green) * share)
      png.data[at + 2] = Math.round(blue + (255 - blue) * share)
      png.data[at + 3] = Math.round((covered / samples ** 2) * 255)
    }
  }
  return PNG.sync.write(png)
}
