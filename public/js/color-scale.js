// Colour scales for heatmaps: sequential (dark blue to yellow) for values of one sign, diverging (blue,
// white, red) around zero when the values take both signs.
const sequentialStops = [[13, 8, 135], [84, 2, 163], [139, 10, 165], [185, 50, 137], [219, 92, 104], [244, 136, 73], [254, 188, 43], [240, 249, 33]];
const divergingStops = [[33, 102, 172], [146, 197, 222], [247, 247, 247], [244, 165, 130], [178, 24, 43]];

function interpolate(stops, t) {
  const position = Math.min(1, Math.max(0, t)) * (stops.length - 1);
  const index = Math.min(stops.length - 2, Math.floor(position));
  const f = position - index;
  return stops[index].map((c, i) => Math.round(c + (stops[index + 1][i] - c) * f));
}

/** A scale for values in [low, high]: `rgb(value)` gives [r, g, b]. */
export function colorScale(low, high) {
  if (low < 0 && high > 0) {
    const extent = Math.max(-low, high);
    return { kind: "diverging", low: -extent, high: extent, rgb: (v) => interpolate(divergingStops, (v + extent) / (2 * extent)) };
  }
  const span = high - low || 1;
  return { kind: "sequential", low, high, rgb: (v) => interpolate(sequentialStops, (v - low) / span) };
}

/** A vertical colour bar with its end values, in the box (x, y, width, height). */
export function drawColorBar(context, scale, x, y, width, height) {
  for (let row = 0; row < height; row++) {
    const value = scale.high - ((scale.high - scale.low) * row) / Math.max(1, height - 1);
    const [r, g, b] = scale.rgb(value);
    context.fillStyle = `rgb(${r},${g},${b})`;
    context.fillRect(x, y + row, width, 1);
  }
  context.fillStyle = "#6b7385";
  context.font = "11px system-ui, sans-serif";
  context.fillText(format(scale.high), x + width + 4, y + 9);
  context.fillText(format(scale.low), x + width + 4, y + height);
}

export function format(value) {
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude < 1e-2 || magnitude >= 1e4)) return value.toExponential(1);
  return value.toFixed(magnitude < 1 ? 3 : 1);
}
