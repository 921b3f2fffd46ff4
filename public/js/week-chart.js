// Draws one week on the shared time axis: heart rate as a line with gaps where unobserved, steps as bars,
// asleep and workout bins shaded, days marked in local time.
import { binAt, drawDayAxis, localTime, margin, view, weekBins, xOf } from "/js/time-window.js";

const colors = { hr: "#c0392b", steps: "#7f9cc9", dark: "#f1f2f6", night: "#dfe3f3", workout: "#f6d7a7", text: "#6b7385" };
/** Local hours drawn as night (light grey) under the asleep mask. */
const nightHours = { start: 22, end: 6 };

/** Draws `week` (GET /api/v1/weeks/{id}); returns a function describing the bin under canvas x. */
export function drawWeek(canvas, week) {
  const context = canvas.getContext("2d");
  const { width, height } = canvas;
  const plotHeight = height - margin.top - margin.bottom;
  const plotRight = width - margin.right;
  const first = Math.max(0, view.from);
  const last = Math.min(week.bin_count, view.to);
  context.clearRect(0, 0, width, height);
  view.startLocal = week.start_local;

  context.fillStyle = colors.dark;
  for (let day = -1; day < 7; day++) {
    const from = Math.max(view.from, ((day + nightHours.start / 24) * weekBins) / 7);
    const to = Math.min(view.to, ((day + 1 + nightHours.end / 24) * weekBins) / 7);
    if (to > from) context.fillRect(xOf(from, width), margin.top, xOf(to, width) - xOf(from, width), plotHeight);
  }

  const masks = week.context_mask_values ?? {};
  shade(context, masks.asleep, colors.night, width, margin.top, plotHeight);
  shade(context, masks.workout, colors.workout, width, margin.top, plotHeight);
  drawDayAxis(context, width, margin.top, margin.top + plotHeight, height - 10);

  const steps = week.series.steps;
  const maxSteps = Math.max(1, ...steps.slice(first, last));
  const barWidth = Math.max(1, (plotRight - margin.left) / (last - first));
  context.fillStyle = colors.steps;
  for (let bin = first; bin < last; bin++) {
    if (steps[bin] <= 0) continue;
    const barHeight = (steps[bin] / maxSteps) * plotHeight * 0.35;
    context.fillRect(xOf(bin, width), margin.top + plotHeight - barHeight, barWidth, barHeight);
  }

  const heartRate = week.series.heart_rate;
  const observed = heartRate.slice(first, last).filter((v) => v != null);
  const low = Math.min(...observed, 40) - 5;
  const high = Math.max(...observed, 120) + 5;
  const y = (bpm) => margin.top + plotHeight - ((bpm - low) / (high - low)) * plotHeight;
  context.strokeStyle = colors.hr;
  context.lineWidth = 1;
  context.beginPath();
  let drawing = false;
  let segments = 0;
  for (let bin = first; bin < last; bin++) {
    const value = heartRate[bin];
    if (value == null) { drawing = false; continue; }
    if (drawing) context.lineTo(xOf(bin, width), y(value));
    else { context.moveTo(xOf(bin, width), y(value)); segments++; }
    drawing = true;
  }
  context.stroke();

  context.fillStyle = colors.text;
  context.font = "12px system-ui, sans-serif";
  for (const bpm of [Math.ceil(low / 20) * 20, Math.floor(high / 20) * 20]) context.fillText(`${bpm}`, 8, y(bpm) + 4);
  context.fillText("bpm", 8, margin.top + 10);
  context.fillText(`${Math.round(maxSteps)} steps`, plotRight + 4, margin.top + plotHeight * 0.65);
  canvas.dataset.rendered = `${last - first}`;
  canvas.dataset.segments = `${segments}`;
  return (x) => {
    const bin = binAt(x, width);
    if (bin == null) return null;
    const bpm = heartRate[bin];
    return `${localTime(bin)} · ${bpm == null ? "not observed" : `${bpm.toFixed(0)} bpm`} · ${steps[bin].toFixed(0)} steps`;
  };
}

function shade(context, mask, color, width, top, plotHeight) {
  if (!mask) return;
  context.fillStyle = color;
  let start = -1;
  for (let bin = 0; bin <= mask.length; bin++) {
    const on = bin < mask.length && mask[bin] === 1;
    if (on && start < 0) start = bin;
    if (!on && start >= 0) {
      if (bin > view.from && start < view.to) {
        const x0 = xOf(Math.max(start, view.from), width);
        context.fillRect(x0, top, xOf(Math.min(bin, view.to), width) - x0, plotHeight);
      }
      start = -1;
    }
  }
}
