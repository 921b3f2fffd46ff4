// The gradient of one output step with respect to every input bin, as log10 |gradient| per channel and
// their L2 norm, with t0 marked, the memory horizon shaded and, optionally, the split average overlaid.
import { binAt, drawDayAxis, localTime, margin, view, xOf } from "/js/time-window.js";

const channelColors = ["#c0392b", "#2f6db5", "#2e8b57", "#8e44ad"];

export function drawGradient(canvas, report, average) {
  const context = canvas.getContext("2d");
  const { width, height } = canvas;
  const plotHeight = height - margin.top - margin.bottom;
  context.clearRect(0, 0, width, height);
  const profile = report.profile;
  canvas.dataset.rendered = `${profile.l2.length}`;
  canvas.dataset.centreBin = profile.centre_bin ?? "";
  if (!(profile.peak > 0)) {
    drawDayAxis(context, width, margin.top, margin.top + plotHeight, height - 10);
    context.fillStyle = "#b00020";
    context.font = "14px system-ui, sans-serif";
    context.fillText("The gradient is exactly zero at every input bin: nothing connects the input to this output", margin.left + 12, margin.top + plotHeight / 2 - 8);
    context.fillText("(a dead layer, all zeros, blocks it; see the unit report).", margin.left + 12, margin.top + plotHeight / 2 + 12);
    canvas.dataset.zero = "true";
    return () => null;
  }
  delete canvas.dataset.zero;
  const peak = profile.peak;
  const top = Math.ceil(Math.log10(peak));
  const bottom = top - 8;
  const y = (value) => {
    const log = Math.log10(Math.max(Math.abs(value), 1e-30));
    return margin.top + ((top - Math.max(bottom, Math.min(top, log))) / (top - bottom)) * plotHeight;
  };
  if (profile.centre_bin != null && profile.horizon) {
    context.fillStyle = "#eef2fb";
    const left = xOf(profile.centre_bin - profile.horizon.left_bins, width);
    const right = xOf(profile.centre_bin + profile.horizon.right_bins, width);
    context.fillRect(Math.max(margin.left, left), margin.top, Math.min(width - margin.right, right) - Math.max(margin.left, left), plotHeight);
  }
  drawDayAxis(context, width, margin.top, margin.top + plotHeight, height - 10);
  const line = (values, color, dashed) => {
    context.strokeStyle = color;
    context.setLineDash(dashed ? [4, 3] : []);
    context.beginPath();
    let started = false;
    for (let bin = Math.max(0, view.from); bin < Math.min(values.length, view.to); bin++) {
      const px = xOf(bin, width);
      if (started) context.lineTo(px, y(values[bin])); else context.moveTo(px, y(values[bin]));
      started = true;
    }
    context.stroke();
    context.setLineDash([]);
  };
  profile.channels.forEach((channel, index) => line(channel.values, channelColors[index % channelColors.length], false));
  line(profile.l2, "#1d2330", false);
  if (average) line(average.profile.l2, "#9aa1b1", true);
  if (profile.centre_bin != null) {
    context.strokeStyle = "#1d2330";
    context.beginPath();
    context.moveTo(xOf(profile.centre_bin, width), margin.top);
    context.lineTo(xOf(profile.centre_bin, width), margin.top + plotHeight);
    context.stroke();
  }
  context.fillStyle = "#6b7385";
  context.font = "11px system-ui, sans-serif";
  for (let exponent = bottom; exponent <= top; exponent += 2) context.fillText(`1e${exponent}`, 4, y(10 ** exponent) + 4);
  const legend = [...profile.channels.map((c) => c.name), "L2", ...(average ? ["split mean L2"] : [])];
  legend.forEach((name, index) => {
    context.fillStyle = index < profile.channels.length ? channelColors[index % channelColors.length] : index === profile.channels.length ? "#1d2330" : "#9aa1b1";
    context.fillText(name, width - margin.right + 6, margin.top + 12 + index * 14);
  });
  return (x) => {
    const bin = binAt(x, width);
    if (bin == null || bin >= profile.l2.length) return null;
    return `${localTime(bin)} · |d output / d input| L2 ${profile.l2[bin].toExponential(2)}`;
  };
}
