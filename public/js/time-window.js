// The shared time axis: every chart of a week draws the same window of bins with the same margins, so a
// heatmap column sits under the heart-rate trace of the same moment.
export const margin = { left: 48, right: 84, top: 16, bottom: 28 };
export const weekBins = 4096;
export const days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/** The window shown: bins [from, to) of the 4,096-bin week, and the Monday the week starts on (YYYY-MM-DD). */
export const view = { from: 0, to: weekBins, startLocal: null };

/** "Mon 2 Mar" for day `day` (0 = Monday) of the week shown, or the day's name alone. */
function dayLabel(day) {
  if (!view.startLocal) return days[day];
  const date = new Date(`${view.startLocal}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + day);
  return `${days[day]} ${date.getUTCDate()} ${date.toLocaleString("en", { month: "short", timeZone: "UTC" })}`;
}

/** Maps a week bin to a canvas x for a canvas of `width` pixels. */
export function xOf(bin, width) {
  const plotWidth = width - margin.left - margin.right;
  return margin.left + ((bin - view.from) / (view.to - view.from)) * plotWidth;
}

/** The week bin under canvas x, or null outside the plot. */
export function binAt(x, width) {
  const plotWidth = width - margin.left - margin.right;
  const fraction = (x - margin.left) / plotWidth;
  if (fraction < 0 || fraction >= 1) return null;
  return Math.floor(view.from + fraction * (view.to - view.from));
}

/** Day lines and names across the window, on `context` between `top` and `bottom`. */
export function drawDayAxis(context, width, top, bottom, labelY) {
  context.save();
  context.strokeStyle = "#d8dce6";
  context.fillStyle = "#6b7385";
  context.font = "12px system-ui, sans-serif";
  for (let day = 0; day <= 7; day++) {
    const bin = (day * weekBins) / 7;
    if (bin < view.from || bin > view.to) continue;
    const px = xOf(bin, width);
    context.beginPath();
    context.moveTo(px, top);
    context.lineTo(px, bottom);
    context.stroke();
    if (day < 7 && labelY != null) context.fillText(dayLabel(day), px + 4, labelY);
  }
  context.restore();
}

/** Local "Tue 14:32" of a week bin (bins are 147.65625 s from Monday 00:00 local). */
export function localTime(bin) {
  const seconds = bin * 147.65625;
  const day = Math.floor(seconds / 86400);
  const minutes = Math.floor((seconds % 86400) / 60);
  return `${days[Math.min(6, day)]} ${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}
