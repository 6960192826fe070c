// A small SVG line plot for the benchmark reports: panels side by side, each with linear axes from
// zero, tick labels, one polyline with dots per series and a legend. No plotting library needed.

export interface Series {
  name: string
  points: [number, number][]
  color: string
  dashed?: boolean
}

export interface Panel {
  title: string
  series: Series[]
}

const W = 460
const PLOT_H = 190
const M = { left: 56, right: 26, top: 34 }
/** Legend rows start this far below the plot area; each row is LEGEND_ROW high. */
const LEGEND_TOP = 52
const LEGEND_ROW = 18
/** About how wide a character of the 12 px sans-serif labels is. */
const CHAR_W = 6.6

/** A "nice" step (1, 2 or 5 × 10^n) giving about `count` ticks up to `max`. */
function step(max: number, count = 5): number {
  const raw = max / count
  const mag = 10 ** Math.floor(Math.log10(raw))
  return ([1, 2, 5, 10].find((s) => s * mag >= raw) ?? 10) * mag
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;')
const num = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(Math.max(0, 2 - Math.floor(Math.log10(n)))))

/** Legend columns: two when every label fits in half the width, else one. */
function legendColumns(p: Panel): number {
  const widest = Math.max(...p.series.map((s) => s.name.length)) * CHAR_W + 34
  return widest <= (W - M.left - M.right) / 2 ? 2 : 1
}

const legendRows = (p: Panel) => Math.ceil(p.series.length / legendColumns(p))

function panel(p: Panel, dx: number): string {
  const xs = p.series.flatMap((s) => s.points.map(([x]) => x))
  const ys = p.series.flatMap((s) => s.points.map(([, y]) => y))
  const xStep = step(Math.max(...xs, 1))
  const yStep = step(Math.max(...ys, 1e-9))
  const xMax = Math.ceil(Math.max(...xs, 1) / xStep) * xStep
  const yMax = Math.ceil(Math.max(...ys, 1e-9) / yStep) * yStep
  const pw = W - M.left - M.right
  const ph = PLOT_H
  const columns = legendColumns(p)
  const X = (x: number) => dx + M.left + (x / xMax) * pw
  const Y = (y: number) => M.top + ph - (y / yMax) * ph
  const out: string[] = [
    `<text x="${dx + W / 2}" y="18" text-anchor="middle" font-weight="bold">${esc(p.title)}</text>`,
    `<rect x="${X(0)}" y="${Y(yMax)}" width="${pw}" height="${ph}" fill="none" stroke="#888"/>`
  ]
  for (let x = 0; x <= xMax + 1e-9; x += xStep)
    out.push(
      `<line x1="${X(x)}" y1="${Y(0)}" x2="${X(x)}" y2="${Y(yMax)}" stroke="#eee"/>`,
      `<text x="${X(x)}" y="${Y(0) + 16}" text-anchor="middle">${num(x)}</text>`
    )
  for (let y = 0; y <= yMax + 1e-9; y += yStep)
    out.push(
      `<line x1="${X(0)}" y1="${Y(y)}" x2="${X(xMax)}" y2="${Y(y)}" stroke="#eee"/>`,
      `<text x="${X(0) - 6}" y="${Y(y) + 4}" text-anchor="end">${num(y)}</text>`
    )
  out.push(`<text x="${dx + M.left + pw / 2}" y="${Y(0) + 34}" text-anchor="middle">hosts</text>`)
  p.series.forEach((s, i) => {
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : ''
    out.push(
      `<polyline fill="none" stroke="${s.color}" stroke-width="2"${dash} points="${s.points.map(([x, y]) => `${X(x).toFixed(1)},${Y(y).toFixed(1)}`).join(' ')}"/>`,
      ...s.points.map(([x, y]) => `<circle cx="${X(x).toFixed(1)}" cy="${Y(y).toFixed(1)}" r="3" fill="${s.color}"/>`)
    )
    const ly = Y(0) + LEGEND_TOP + Math.floor(i / columns) * LEGEND_ROW
    const lx = dx + M.left + (i % columns) * (pw / 2)
    out.push(
      `<line x1="${lx}" y1="${ly - 4}" x2="${lx + 22}" y2="${ly - 4}" stroke="${s.color}" stroke-width="2"${dash}/>`,
      `<text x="${lx + 28}" y="${ly}">${esc(s.name)}</text>`
    )
  })
  return out.join('\n')
}

export function plot(panels: Panel[]): string {
  const width = W * panels.length
  const H = M.top + PLOT_H + LEGEND_TOP + Math.max(...panels.map(legendRows)) * LEGEND_ROW
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${H}" viewBox="0 0 ${width} ${H}" font-family="sans-serif" font-size="12">
<rect width="${width}" height="${H}" fill="white"/>
${panels.map((p, i) => panel(p, i * W)).join('\n')}
</svg>
`
}
