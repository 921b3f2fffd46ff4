// Draws one week: heart rate as a line with gaps where unobserved, steps as bars, asleep and workout
// bins shaded, days marked on a local-time axis.
const colors = { hr: "#c0392b", steps: "#7f9cc9", night: "#dfe3f3", workout: "#f6d7a7", grid: "#d8dce6", text: "#6b7385" };

export function drawWeek(canvas, week) {
  const context = canvas.getContext("2d");
  const { width, height } = canvas;
  const margin = { left: 48, right: 84, top: 16, bottom: 28 };
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const bins = week.bin_count;
  const x = (bin) => margin.left + (bin / bins) * plotWidth;
  context.clearRect(0, 0, width, height);

  const masks = week.context_mask_values ?? {};
  shade(context, masks.asleep, colors.night, x, margin.top, plotHeight);
  shade(context, masks.workout, colors.workout, x, margin.top, plotHeight);

  // Day boundaries, in the wearer's local time (the week starts on a local Monday 00:00).
  const days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
  context.strokeStyle = colors.grid;
  context.fillStyle = colors.text;
  context.font = "12px system-ui, sans-serif";
  for (let day = 0; day <= 7; day++) {
    const px = x((day * bins) / 7);
    context.beginPath();
    context.moveTo(px, margin.top);
    context.lineTo(px, margin.top + plotHeight);
    context.stroke();
    if (day < 7) context.fillText(days[day], px + 4, height - 10);
  }

  const steps = week.series.steps;
  const maxSteps = Math.max(1, ...steps);
  context.fillStyle = colors.steps;
  for (let bin = 0; bin < bins; bin++) {
    if (steps[bin] <= 0) continue;
    const barHeight = (steps[bin] / maxSteps) * plotHeight * 0.35;
    context.fillRect(x(bin), margin.top + plotHeight - barHeight, Math.max(1, plotWidth / bins), barHeight);
  }

  const heartRate = week.series.heart_rate;
  const observed = heartRate.filter((v) => v != null);
  const low = Math.min(...observed, 40) - 5;
  const high = Math.max(...observed, 120) + 5;
  const y = (bpm) => margin.top + plotHeight - ((bpm - low) / (high - low)) * plotHeight;
  context.strokeStyle = colors.hr;
  context.lineWidth = 1;
  context.beginPath();
  let drawing = false;
  for (let bin = 0; bin < bins; bin++) {
    const value = heartRate[bin];
    if (value == null) { drawing = false; continue; }
    if (drawing) context.lineTo(x(bin), y(value)); else context.moveTo(x(bin), y(value));
    drawing = true;
  }
  context.stroke();

  context.fillStyle = colors.text;
  for (const bpm of [Math.ceil(low / 20) * 20, Math.floor(high / 20) * 20]) {
    context.fillText(`${bpm}`, 8, y(bpm) + 4);
  }
  context.fillText("bpm", 8, margin.top + 10);
  context.fillText(`${Math.round(maxSteps)} steps`, width - margin.right + 4, margin.top + plotHeight * 0.65);
}

function shade(context, mask, color, x, top, plotHeight) {
  if (!mask) return;
  context.fillStyle = color;
  let start = -1;
  for (let bin = 0; bin <= mask.length; bin++) {
    const on = bin < mask.length && mask[bin] === 1;
    if (on && start < 0) start = bin;
    if (!on && start >= 0) {
      context.fillRect(x(start), top, x(bin) - x(start), plotHeight);
      start = -1;
    }
  }
}
