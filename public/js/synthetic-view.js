// The synthetic-task panel: which layer of a model encodes a target built from its inputs (linear probes,
// R² per tensor with intervals), and whether the architecture can learn it (a learnability run: its
// learning curve, and with pre-training, the real label's AUROC against training from scratch).
import { api } from "/js/api.js";
import { downloadBlob, downloadCSV, downloadCanvas } from "/js/download.js";
import { followJob, showJob } from "/js/jobs.js";

const $ = (selector) => document.querySelector(selector);
let hooks = { showError: console.error, saveState: () => {} };
let last = { probes: null, learning: null };

export async function setUpSynthetic(models, options, wanted = {}) {
  hooks = { ...hooks, ...options };
  const modelSelect = $("#synthetic-model");
  modelSelect.replaceChildren(...models.map((m) => Object.assign(document.createElement("option"), { value: m.id, textContent: `${m.name} v${m.version}` })));
  const tasks = await api("/api/v1/synthetic");
  $("#synthetic-task").replaceChildren(...tasks.map((t) => Object.assign(document.createElement("option"), { value: t.task, textContent: t.task, title: t.description })));
  $("#synthetic-task").onchange = () => { $("#task-description").textContent = tasks.find((t) => t.task === $("#synthetic-task").value)?.description ?? ""; };
  $("#synthetic-task").onchange();
  $("#probe-button").onclick = () => probe().catch(hooks.showError);
  $("#learn-button").onclick = () => learn().catch(hooks.showError);
  $("#probe-png").onclick = (event) => { event.preventDefault(); downloadCanvas($("#probe-chart"), "probes.png"); };
  $("#learning-png").onclick = (event) => { event.preventDefault(); downloadCanvas($("#learning-chart"), "learning-curve.png"); };
  $("#learning-csv").onclick = (event) => {
    event.preventDefault();
    if (!last.learning) return;
    const rows = last.learning.epochs.map((e) => [e.epoch, e.train_loss, e.tuning_mse, e.baseline_mse, e.tuning_r2 ?? ""]);
    downloadCSV(["epoch", "train_loss", "tuning_mse", "baseline_mse", "tuning_r2"], rows, "learning-curve.csv");
  };
  $("#probe-csv").onclick = (event) => {
    event.preventDefault();
    if (!last.probes) return;
    const rows = last.probes.tensors.map((t) => [t.tensor, t.r2, t.r2_interval?.lower ?? "", t.r2_interval?.upper ?? ""]);
    downloadCSV(["tensor", "r2", "lower", "upper"], rows, "probes.csv");
  };
  if (wanted.task) $("#synthetic-task").value = wanted.task;
  if (wanted.probe) { modelSelect.value = wanted.probe; await probe(); }
  if (wanted.learn) { modelSelect.value = wanted.learn; if (wanted.epochs) $("#learn-epochs").value = wanted.epochs; await learn(); }
}

/** Starts (or joins) the job `path` runs and resolves to its report, with progress on the way. */
async function follow(path, body, bar, status) {
  const answer = await api(path, { method: "POST", body: JSON.stringify(body) });
  const report = answer.report ?? (await followJob(answer.job, (job) => showJob(bar, status, job)));
  bar.value = 1;
  return report;
}

async function probe() {
  const model = $("#synthetic-model").value;
  const task = $("#synthetic-task").value;
  hooks.saveState({ probe: model, task });
  const report = await follow(`/api/v1/models/${model}/probes`, { task }, $("#synthetic-bar"), $("#synthetic-status"));
  last.probes = report;
  drawProbes($("#probe-chart"), report);
  $("#synthetic-status").textContent = `probes of ${task} on ${report.tensors.length} tensors (R² on the tuning split, ridge fitted on the train split; ${report.weeks_without_target} weeks without a target)`;
}

async function learn() {
  const model = $("#synthetic-model").value;
  const task = $("#synthetic-task").value;
  const epochs = Number($("#learn-epochs").value) || 10;
  const pretrain = $("#learn-pretrain").checked;
  hooks.saveState({ learn: model, task, epochs });
  const report = await follow(`/api/v1/models/${model}/synthetic-training`, { task, epochs, pretrain }, $("#synthetic-bar"), $("#synthetic-status"));
  last.learning = report;
  drawLearningCurve($("#learning-chart"), report);
  const final = report.epochs.at(-1);
  let text = `${report.architecture}: after ${report.epochs.length} epochs, tuning R² ${final?.tuning_r2?.toFixed(3) ?? "—"} (MSE ${final?.tuning_mse?.toFixed(2)} against ${final?.baseline_mse?.toFixed(2)} for a constant).`;
  if (report.pretraining) {
    const p = report.pretraining;
    const auroc = (m) => (m?.auroc != null ? `${m.auroc.toFixed(3)} [${m.auroc_interval?.lower.toFixed(3)}, ${m.auroc_interval?.upper.toFixed(3)}]` : "—");
    text += ` Pre-trained on ${task} then fine-tuned on ${p.label}: AUROC ${auroc(p.pretrained)} against ${auroc(p.from_scratch)} from scratch (gain ${p.auroc_gain?.toFixed(3) ?? "—"}).`;
  }
  $("#learning-summary").textContent = text;
  $("#learning-models").replaceChildren(...report.models.map((m) => {
    const link = Object.assign(document.createElement("a"), { href: m.onnx, textContent: `${m.name} (${m.role})` });
    link.onclick = (event) => {
      event.preventDefault();
      api(m.onnx, { raw: true }).then((r) => r.blob()).then((blob) => downloadBlob(blob, `${m.name}.onnx`)).catch(hooks.showError);
    };
    const item = document.createElement("li");
    item.append(link);
    return item;
  }));
}

function drawProbes(canvas, report) {
  const context = canvas.getContext("2d");
  const rows = report.tensors;
  canvas.height = 30 + rows.length * 24;
  const { width, height } = canvas;
  context.clearRect(0, 0, width, height);
  const left = 200;
  const right = width - 60;
  const low = Math.min(0, ...rows.map((r) => r.r2_interval?.lower ?? r.r2 ?? 0));
  const x = (v) => left + ((v - low) / (1 - low)) * (right - left);
  context.font = "12px system-ui, sans-serif";
  context.strokeStyle = "#c8ccd6";
  context.beginPath();
  context.moveTo(x(0), 4);
  context.lineTo(x(0), height - 18);
  context.stroke();
  rows.forEach((row, index) => {
    const y = 10 + index * 24;
    context.fillStyle = "#1d2330";
    context.fillText(row.tensor, 6, y + 12);
    if (row.r2 == null) return;
    context.fillStyle = "#2f6db5";
    context.fillRect(Math.min(x(0), x(row.r2)), y + 2, Math.abs(x(row.r2) - x(0)), 14);
    if (row.r2_interval) {
      context.strokeStyle = "#1d2330";
      context.beginPath();
      context.moveTo(x(row.r2_interval.lower), y + 9);
      context.lineTo(x(row.r2_interval.upper), y + 9);
      context.stroke();
    }
    context.fillStyle = "#1d2330";
    context.fillText(row.r2.toFixed(3), Math.max(x(row.r2), x(0), row.r2_interval ? x(row.r2_interval.upper) : 0) + 6, y + 13);
  });
  context.fillStyle = "#6b7385";
  context.fillText(`R² (${low.toFixed(1)} … 1)`, left, height - 4);
  canvas.dataset.rendered = `${rows.length}`;
}

function drawLearningCurve(canvas, report) {
  const context = canvas.getContext("2d");
  const { width, height } = canvas;
  context.clearRect(0, 0, width, height);
  const epochs = report.epochs;
  const margin = { left: 44, right: 110, top: 12, bottom: 28 };
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const x = (epoch) => margin.left + ((epoch - 1) / Math.max(1, epochs.length - 1)) * plotWidth;
  const r2s = epochs.map((e) => e.tuning_r2 ?? 0);
  const low = Math.min(0, ...r2s);
  const high = Math.max(0.1, ...r2s);
  const y = (v) => margin.top + (1 - (v - low) / (high - low)) * plotHeight;
  const maxLoss = Math.max(...epochs.map((e) => e.train_loss), 1e-9);
  const yLoss = (v) => margin.top + (1 - v / maxLoss) * plotHeight;
  context.strokeStyle = "#d8dce6";
  context.strokeRect(margin.left, margin.top, plotWidth, plotHeight);
  const line = (values, map, color) => {
    context.strokeStyle = color;
    context.beginPath();
    values.forEach((v, i) => (i ? context.lineTo(x(i + 1), map(v)) : context.moveTo(x(1), map(v))));
    context.stroke();
  };
  line(r2s, y, "#c0392b");
  line(epochs.map((e) => e.train_loss), yLoss, "#9aa1b1");
  context.fillStyle = "#6b7385";
  context.font = "11px system-ui, sans-serif";
  context.fillText(high.toFixed(2), 6, margin.top + 8);
  context.fillText(low.toFixed(2), 6, margin.top + plotHeight);
  context.fillText(`epoch 1 … ${epochs.length}`, margin.left + plotWidth / 2 - 30, height - 8);
  context.fillStyle = "#c0392b";
  context.fillText("tuning R²", width - margin.right + 8, margin.top + 12);
  context.fillStyle = "#9aa1b1";
  context.fillText("train loss (scaled)", width - margin.right + 8, margin.top + 28);
  canvas.dataset.rendered = `${epochs.length}`;
}
