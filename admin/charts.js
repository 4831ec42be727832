const SVG = "http://www.w3.org/2000/svg";
const WIDTH = 600;
const HEIGHT = 140;
const PAD = 18;
const COLORS = ["#3b6ef5", "#e5484d", "#f5a524", "#1a7f37"];

function svgEl(tag, attributes = {}, text) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

function frame(container, empty) {
  container.replaceChildren();
  if (empty) {
    const note = document.createElement("p");
    note.className = "empty";
    note.textContent = "No data in this period yet.";
    container.append(note);
    return null;
  }
  const svg = svgEl("svg", {
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
    preserveAspectRatio: "none",
    role: "img",
  });
  container.append(svg);
  return svg;
}

/** Lines over time: `series` is [{ label, values: number|null[] }], all of one length. */
export function lineChart(container, series) {
  const length = series[0]?.values.length ?? 0;
  const max = Math.max(1, ...series.flatMap((s) => s.values.filter((v) => v !== null)));
  const svg = frame(container, length === 0);
  if (!svg) return;
  const x = (i) => PAD + (length === 1 ? 0 : (i * (WIDTH - 2 * PAD)) / (length - 1));
  const y = (v) => HEIGHT - PAD - (v / max) * (HEIGHT - 2 * PAD);
  svg.append(
    svgEl("text", { x: 2, y: 12, "font-size": 10, fill: "#5b6476" }, `max ${Math.round(max)}`),
  );
  series.forEach((s, index) => {
    const color = COLORS[index % COLORS.length];
    const points = s.values.map((v, i) => (v === null ? null : [x(i), y(v)])).filter(Boolean);
    svg.append(svgEl("polyline", {
      points: points.map(([px, py]) => `${px},${py}`).join(" "),
      fill: "none",
      stroke: color,
      "stroke-width": 2,
    }));
    // Dots keep a lone minute visible, which a line of one point would not be.
    for (const [px, py] of points) {
      svg.append(svgEl("circle", { cx: px, cy: py, r: 2.5, fill: color }));
    }
    svg.append(svgEl("text", {
      x: WIDTH - PAD - 60 * (series.length - index),
      y: 12,
      "font-size": 10,
      fill: COLORS[index % COLORS.length],
    }, s.label));
  });
}

/** Labelled bars: `bars` is [{ label, value }]. */
export function barChart(container, bars) {
  const svg = frame(container, bars.length === 0);
  if (!svg) return;
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const slot = (WIDTH - 2 * PAD) / bars.length;
  bars.forEach((bar, i) => {
    const height = (bar.value / max) * (HEIGHT - 3 * PAD);
    const left = PAD + i * slot + slot * 0.15;
    svg.append(svgEl("rect", {
      x: left,
      y: HEIGHT - 2 * PAD - height,
      width: slot * 0.7,
      height,
      fill: COLORS[1],
    }));
    svg.append(
      svgEl("text", { x: left, y: HEIGHT - PAD, "font-size": 10, fill: "#1d2330" }, bar.label),
    );
    svg.append(
      svgEl(
        "text",
        { x: left, y: HEIGHT - 2 * PAD - height - 3, "font-size": 10 },
        String(bar.value),
      ),
    );
  });
}

/**
 * One value per minute of the last hour, oldest first, from rows keyed by `minute`; a minute
 * without a row is `missing` (0 for counts, null for latencies, which have no value then).
 */
export function perMinute(rows, pick, missing = null, now = Date.now()) {
  const last = Math.floor(now / 60_000) * 60_000;
  const byMinute = new Map(rows.map((row) => [Date.parse(row.minute), row]));
  return Array.from({ length: 60 }, (_, i) => {
    const row = byMinute.get(last - (59 - i) * 60_000);
    return row ? pick(row) : missing;
  });
}
