// A units × time heatmap of one tensor's activations on the shared time axis, with a colour bar and a
// hover readout of unit, local time and value.
import { colorScale, drawColorBar, format } from "/js/color-scale.js";
import { binAt, drawDayAxis, localTime, margin, view, weekBins, xOf } from "/js/time-window.js";

/** Draws `answer` (GET …/activations) on `canvas`; returns a function describing the cell under (x, y). */
export function drawHeatmap(canvas, answer) {
  const { units, bins, mean, value_min: low, value_max: high } = answer.heatmap;
  const context = canvas.getContext("2d");
  const { width, height } = canvas;
  const plotHeight = height - margin.top - margin.bottom;
  context.clearRect(0, 0, width, height);
  const scale = colorScale(low, high);
  const rowHeight = plotHeight / units;
  const weekBinsPerCell = weekBins / bins;
  for (let cell = 0; cell < bins; cell++) {
    const from = cell * weekBinsPerCell;
    const to = from + weekBinsPerCell;
    if (to <= view.from || from >= view.to) continue;
    const x0 = Math.max(margin.left, xOf(from, width));
    const x1 = Math.min(width - margin.right, xOf(to, width));
    for (let unit = 0; unit < units; unit++) {
      const [r, g, b] = scale.rgb(mean[unit * bins + cell]);
      context.fillStyle = `rgb(${r},${g},${b})`;
      context.fillRect(x0, margin.top + unit * rowHeight, Math.max(1, x1 - x0), Math.ceil(rowHeight));
    }
  }
  drawDayAxis(context, width, margin.top, margin.top + plotHeight, height - 10);
  context.fillStyle = "#6b7385";
  context.font = "12px system-ui, sans-serif";
  context.fillText("unit", 8, margin.top + 10);
  context.fillText(`${units}`, 8, margin.top + plotHeight);
  drawColorBar(context, scale, width - margin.right + 10, margin.top, 12, plotHeight);
  canvas.dataset.rendered = `${units}x${bins}`;
  canvas.dataset.scale = scale.kind;
  return (x, y) => {
    const bin = binAt(x, width);
    const unit = Math.floor((y - margin.top) / rowHeight);
    if (bin == null || unit < 0 || unit >= units) return null;
    const cell = Math.min(bins - 1, Math.floor(bin / weekBinsPerCell));
    const index = unit * bins + cell;
    return `unit ${unit} · ${localTime(bin)} · mean ${format(mean[index])} (min ${format(answer.heatmap.min[index])}, max ${format(answer.heatmap.max[index])})`;
  };
}
