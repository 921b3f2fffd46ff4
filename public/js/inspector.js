// The inspection panel of a week: activation heatmaps of any tensor (and of a second model side by side),
// and the gradient of an output step with respect to every input bin, all on the week's time axis.
import { api } from "/js/api.js";
import { downloadCSV, downloadCanvas } from "/js/download.js";
import { drawGradient } from "/js/gradient-chart.js";
import { scanUnits } from "/js/diagnostics.js";
import { drawHeatmap } from "/js/heatmap.js";
import { binAt, view, weekBins } from "/js/time-window.js";

const $ = (selector) => document.querySelector(selector);
const state = { weekID: null, models: [], details: new Map(), activations: {}, gradient: null, average: null, t: null };
let hooks = { showError: console.error, redrawWeek: () => {}, saveState: () => {} };
const describers = new Map();

/** Wires the panel once; `redrawWeek` redraws the week chart after a zoom, `saveState` records the view. */
export function setUpInspector(options) {
  hooks = { ...hooks, ...options };
  $("#model-select").onchange = () => { fillTensors(); refresh(); };
  $("#tensor-select").onchange = () => refresh();
  $("#compare-select").onchange = () => refresh();
  $("#t0-input").onchange = () => { state.t = Number($("#t0-input").value); loadGradient().catch(hooks.showError); };
  $("#split-average").onchange = () => loadGradient().catch(hooks.showError);
  for (const button of document.querySelectorAll("#zoom button")) {
    button.onclick = () => zoom(button.dataset.day);
  }
  for (const id of ["heatmap", "compare-heatmap", "gradient"]) {
    $(`#${id}`).addEventListener("mousemove", (event) => {
      const canvas = event.currentTarget;
      const box = canvas.getBoundingClientRect();
      const x = ((event.clientX - box.left) / box.width) * canvas.width;
      const y = ((event.clientY - box.top) / box.height) * canvas.height;
      const text = describers.get(id)?.(x, y);
      if (text) $("#hover-readout").textContent = text;
    });
  }
  const gradient = $("#gradient");
  let dragging = false;
  gradient.addEventListener("mousedown", () => { dragging = true; });
  gradient.addEventListener("mouseup", (event) => {
    if (!dragging) return;
    dragging = false;
    moveT0(event);
  });
  $("#scan-button").onclick = () => scan($("#scan-split").value);
  $("#heatmap-png").onclick = (event) => { event.preventDefault(); downloadCanvas($("#heatmap"), "activations.png"); };
  $("#heatmap-csv").onclick = (event) => { event.preventDefault(); downloadActivationsCSV(state.activations.main, "activations.csv"); };
  $("#compare-png").onclick = (event) => { event.preventDefault(); downloadCanvas($("#compare-heatmap"), "activations-compared.png"); };
  $("#compare-csv").onclick = (event) => { event.preventDefault(); downloadActivationsCSV(state.activations.compare, "activations-compared.csv"); };
  $("#gradient-png").onclick = (event) => { event.preventDefault(); downloadCanvas($("#gradient"), "gradient.png"); };
  $("#gradient-csv").onclick = (event) => { event.preventDefault(); downloadGradientCSV(); };
}

/** Shows the panel for a week; `wanted` may name a model, tensor, compare model and t from the address. */
export async function inspectWeek(weekID, wanted = {}) {
  state.weekID = weekID;
  if (state.models.length === 0) state.models = await api("/api/v1/models");
  $("#inspect-panel").hidden = false;
  if (state.models.length === 0) {
    $("#heatmap-caption").textContent = "No model is stored yet: upload one on the Models panel, or run auscult demo.";
    return;
  }
  fillModels(wanted.model, wanted.compare);
  fillTensors(wanted.tensor);
  state.t = wanted.t != null ? Number(wanted.t) : null;
  await refresh();
  if (wanted.scan) await scan(wanted.scan);
}

/** Scans the selected model's units over `split` and lists the findings. */
function scan(split) {
  hooks.saveState({ scan: split });
  return scanUnits($("#model-select").value, split, showTensor).catch(hooks.showError);
}

/** Shows `name`'s heatmap (a layer a finding names). */
function showTensor(name) {
  $("#tensor-select").value = name;
  refresh();
  $("#heatmap").scrollIntoView({ behavior: "smooth", block: "center" });
}

function fillModels(selected, compare) {
  const options = state.models.map((m) => [String(m.id), `${m.name} v${m.version}`]);
  fillSelect($("#model-select"), options, selected);
  fillSelect($("#compare-select"), [["", "—"], ...options], compare ?? "");
}

function fillSelect(select, options, selected) {
  select.replaceChildren(...options.map(([value, text]) => Object.assign(document.createElement("option"), { value, textContent: text })));
  if (selected != null && options.some(([value]) => value === String(selected))) select.value = String(selected);
}

async function detail(modelID) {
  if (!state.details.has(modelID)) state.details.set(modelID, await api(`/api/v1/models/${modelID}`));
  return state.details.get(modelID);
}

async function fillTensors(selected) {
  const model = await detail($("#model-select").value);
  const options = model.inspectable_tensors.map((t) => [t.name, `${t.name} (${t.units} units)`]);
  fillSelect($("#tensor-select"), options, selected ?? $("#tensor-select").value);
}

async function refresh() {
  try {
    await fillTensors($("#tensor-select").value || undefined);
    await Promise.all([loadActivations(), loadGradient()]);
    save();
  } catch (error) {
    hooks.showError(error);
  }
}

async function loadActivations() {
  const modelID = $("#model-select").value;
  const tensor = $("#tensor-select").value;
  const model = await detail(modelID);
  state.activations.main = await api(`/api/v1/models/${modelID}/weeks/${state.weekID}/activations?tensor=${encodeURIComponent(tensor)}&bins=512`);
  $("#heatmap-caption").textContent = `${model.model.name} · ${tensor} · ${state.activations.main.tensor.layout}`;
  const compareID = $("#compare-select").value;
  $("#compare-figure").hidden = !compareID;
  state.activations.compare = null;
  if (compareID) {
    const other = await detail(compareID);
    const name = other.inspectable_tensors.some((t) => t.name === tensor) ? tensor : other.inspectable_tensors[0]?.name;
    state.activations.compare = await api(`/api/v1/models/${compareID}/weeks/${state.weekID}/activations?tensor=${encodeURIComponent(name)}&bins=512`);
    $("#compare-caption").textContent = `${other.model.name} · ${name}`;
  }
  drawActivations();
}

function drawActivations() {
  if (state.activations.main) describers.set("heatmap", drawHeatmap($("#heatmap"), state.activations.main));
  if (state.activations.compare) describers.set("compare-heatmap", drawHeatmap($("#compare-heatmap"), state.activations.compare));
}

async function loadGradient() {
  const modelID = $("#model-select").value;
  const t = state.t != null ? `&t=${state.t}` : "";
  state.gradient = await api(`/api/v1/models/${modelID}/weeks/${state.weekID}/gradients?${t.slice(1)}`);
  state.t = state.gradient.t0 ?? state.t;
  $("#t0-input").value = state.t ?? "";
  state.average = $("#split-average").checked
    ? await api(`/api/v1/models/${modelID}/gradients?weeks=split:tuning&sample=16${t}`)
    : null;
  drawGradients();
  const horizon = state.gradient.profile.horizon;
  $("#horizon").textContent = !(state.gradient.profile.peak > 0) ? "gradient is zero: no memory horizon"
    : horizon
    ? `memory horizon: ${(horizon.left_bins * 147.65625 / 3600).toFixed(1)} h back, ${(horizon.right_bins * 147.65625 / 3600).toFixed(1)} h ahead (gradient ≥ 1e-3 of its peak)`
    : "";
  save();
}

function drawGradients() {
  if (state.gradient) describers.set("gradient", drawGradient($("#gradient"), state.gradient, state.average));
}

/** Sets t0 to the output step under the pointer (output steps map linearly onto the week's bins). */
function moveT0(event) {
  const canvas = event.currentTarget;
  const profile = state.gradient?.profile;
  if (!profile || profile.centre_bin == null || !state.gradient.t0) return;
  const box = canvas.getBoundingClientRect();
  const bin = binAt(((event.clientX - box.left) / box.width) * canvas.width, canvas.width);
  if (bin == null) return;
  state.t = Math.max(0, Math.round(bin * (state.gradient.t0 / profile.centre_bin)));
  loadGradient().catch(hooks.showError);
}

function zoom(day) {
  if (day === "all") Object.assign(view, { from: 0, to: weekBins });
  else Object.assign(view, { from: Math.floor((Number(day) * weekBins) / 7), to: Math.floor(((Number(day) + 1) * weekBins) / 7) });
  hooks.redrawWeek();
  drawActivations();
  drawGradients();
  save();
}

function save() {
  hooks.saveState({
    model: $("#model-select").value, tensor: $("#tensor-select").value, compare: $("#compare-select").value || null, t: state.t,
  });
}

function downloadActivationsCSV(answer, filename) {
  if (!answer) return;
  const { units, bins, mean } = answer.heatmap;
  const rows = [];
  for (let unit = 0; unit < units; unit++) {
    for (let bin = 0; bin < bins; bin++) rows.push([unit, answer.time.bin_start_utc[bin], mean[unit * bins + bin]]);
  }
  downloadCSV(["unit", "bin_start_utc", "mean"], rows, filename);
}

function downloadGradientCSV() {
  const profile = state.gradient?.profile;
  if (!profile) return;
  const rows = profile.l2.map((l2, bin) => [bin, ...profile.channels.map((c) => c.values[bin]), l2]);
  downloadCSV(["bin", ...profile.channels.map((c) => c.name), "l2"], rows, "gradient.csv");
}
