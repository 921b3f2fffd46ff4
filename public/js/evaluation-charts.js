// Small charts of an evaluation: ROC curve, calibration, DNN-vs-baseline scatter, and a forest plot of
// each stratum's difference from the rest. Each marks its canvas with what it drew.
const axisColor = "#6b7385";
const box = { left: 44, right: 16, top: 14, bottom: 34 };

function frame(canvas, xLabel, yLabel) {
  const context = canvas.getContext("2d");
  const { width, height } = canvas;
  context.clearRect(0, 0, width, height);
  const plot = { x: box.left, y: box.top, width: width - box.left - box.right, height: height - box.top - box.bottom };
  context.strokeStyle = "#d8dce6";
  context.strokeRect(plot.x, plot.y, plot.width, plot.height);
  context.fillStyle = axisColor;
  context.font = "11px system-ui, sans-serif";
  context.fillText(xLabel, plot.x + plot.width / 2 - 30, height - 8);
  context.save();
  context.translate(12, plot.y + plot.height / 2 + 30);
  context.rotate(-Math.PI / 2);
  context.fillText(yLabel, 0, 0);
  context.restore();
  for (const tick of [0, 0.5, 1]) {
    context.fillText(tick.toFixed(1), plot.x + tick * plot.width - 8, plot.y + plot.height + 14);
    context.fillText(tick.toFixed(1), plot.x - 26, plot.y + (1 - tick) * plot.height + 4);
  }
  const px = (v) => plot.x + v * plot.width;
  const py = (v) => plot.y + (1 - v) * plot.height;
  return { context, plot, px, py };
}

function diagonal(context, px, py) {
  context.strokeStyle = "#c8ccd6";
  context.setLineDash([4, 3]);
  context.beginPath();
  context.moveTo(px(0), py(0));
  context.lineTo(px(1), py(1));
  context.stroke();
  context.setLineDash([]);
}

export function drawROC(canvas, binary, ablation) {
  const { context, px, py } = frame(canvas, "1 − specificity", "sensitivity");
  diagonal(context, px, py);
  const curve = (points, color) => {
    context.strokeStyle = color;
    context.beginPath();
    points.forEach((p, i) => (i ? context.lineTo(px(p.x), py(p.y)) : context.moveTo(px(p.x), py(p.y))));
    context.stroke();
  };
  if (ablation?.roc) curve(ablation.roc, "#9aa1b1");
  curve(binary.roc, "#c0392b");
  context.fillStyle = "#c0392b";
  context.fillText(`DNN AUROC ${binary.auroc?.toFixed(3) ?? "—"}`, px(0.45), py(0.12));
  if (ablation) {
    context.fillStyle = "#9aa1b1";
    context.fillText(`series replaced ${ablation.auroc?.toFixed(3) ?? "—"}`, px(0.45), py(0.05));
  }
  canvas.dataset.rendered = `${binary.roc.length}`;
}

export function drawCalibration(canvas, binary) {
  const { context, px, py } = frame(canvas, "mean prediction", "observed rate");
  diagonal(context, px, py);
  const bins = binary.calibration.filter((b) => b.count > 0 && b.mean_prediction != null);
  const largest = Math.max(1, ...bins.map((b) => b.count));
  context.fillStyle = "#2f6db5";
  for (const bin of bins) {
    context.beginPath();
    context.arc(px(bin.mean_prediction), py(bin.observed_rate), 3 + 6 * Math.sqrt(bin.count / largest), 0, 2 * Math.PI);
    context.fill();
  }
  canvas.dataset.rendered = `${bins.length}`;
}

export function drawScatter(canvas, baseline) {
  const { context, px, py } = frame(canvas, "baseline prediction (metadata only)", "DNN prediction");
  diagonal(context, px, py);
  for (const point of baseline.points) {
    context.fillStyle = point.label == null ? "#9aa1b1" : point.label >= 0.5 ? "#c0392b" : "#2f6db5";
    context.fillRect(px(point.baseline) - 2, py(point.dnn) - 2, 4, 4);
  }
  canvas.dataset.rendered = `${baseline.points.length}`;
}

/** Each stratum's difference from the rest with its interval, around zero. */
export function drawForest(canvas, strata) {
  const context = canvas.getContext("2d");
  const { width, height } = canvas;
  context.clearRect(0, 0, width, height);
  const rows = strata.filter((s) => s.versus_rest?.interval);
  if (rows.length === 0) {
    context.fillStyle = "#6b7385";
    context.font = "13px system-ui, sans-serif";
    context.fillText("No stratum has enough weeks of both classes to compare with the rest (see the warnings above).", 8, 24);
    canvas.dataset.rendered = "0";
    return;
  }
  const extent = Math.max(0.1, ...rows.flatMap((s) => [Math.abs(s.versus_rest.interval.lower), Math.abs(s.versus_rest.interval.upper)]));
  const left = 220;
  const right = width - 20;
  const x = (v) => left + ((v + extent) / (2 * extent)) * (right - left);
  const rowHeight = Math.min(28, (height - 30) / Math.max(1, rows.length));
  context.strokeStyle = "#c8ccd6";
  context.beginPath();
  context.moveTo(x(0), 6);
  context.lineTo(x(0), height - 22);
  context.stroke();
  context.font = "12px system-ui, sans-serif";
  rows.forEach((stratum, index) => {
    const y = 16 + index * rowHeight;
    const { difference, interval, p_value: p } = stratum.versus_rest;
    context.fillStyle = "#1d2330";
    context.fillText(`${stratum.name} (p ${p < 0.001 ? "< 0.001" : p.toFixed(3)})`, 6, y + 4);
    context.strokeStyle = p < 0.05 ? "#c0392b" : "#6b7385";
    context.beginPath();
    context.moveTo(x(interval.lower), y);
    context.lineTo(x(interval.upper), y);
    context.stroke();
    context.fillStyle = context.strokeStyle;
    context.fillRect(x(difference) - 4, y - 4, 8, 8);
  });
  context.fillStyle = "#6b7385";
  context.fillText(`−${extent.toFixed(2)}`, left - 10, height - 6);
  context.fillText("0 (the rest)", x(0) - 28, height - 6);
  context.fillText(`+${extent.toFixed(2)}`, right - 30, height - 6);
  canvas.dataset.rendered = `${rows.length}`;
}
