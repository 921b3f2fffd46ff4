// The evaluations panel: run a model over a split for a label (a job with a progress bar), then its metrics
// with intervals, ROC and calibration, the metadata-only baseline and the series ablation, the top wins
// and losses (each opening its week), and strata with a forest plot.
import { api } from "/js/api.js";
import { downloadBlob, downloadCSV, downloadCanvas } from "/js/download.js";
import { drawCalibration, drawForest, drawROC, drawScatter } from "/js/evaluation-charts.js";
import { followJob, showJob } from "/js/jobs.js";

const $ = (selector) => document.querySelector(selector);
let hooks = { showError: console.error, saveState: () => {} };
let current = null;
let baselineAnswer = null;

/** A CSV download of rows built from the current evaluation when the link is clicked. */
function csvLink(id, filename, header, rows) {
  $(id).onclick = (event) => {
    event.preventDefault();
    const data = rows();
    if (data) downloadCSV(header, data, filename);
  };
}

export function setUpEvaluations(options) {
  hooks = { ...hooks, ...options };
  $("#evaluation-form").onsubmit = (event) => { event.preventDefault(); runEvaluation().catch(hooks.showError); };
  $("#baseline-form").onsubmit = (event) => { event.preventDefault(); loadBaseline().catch(hooks.showError); };
  $("#strata-form").onsubmit = (event) => { event.preventDefault(); loadStrata().catch(hooks.showError); };
  for (const [id, name] of [["roc", "roc"], ["calibration", "calibration"], ["scatter", "baseline-scatter"], ["forest", "strata"]]) {
    $(`#${id}-png`).onclick = (event) => { event.preventDefault(); downloadCanvas($(`#${id}-chart`), `${name}.png`); };
  }
  csvLink("#roc-csv", "roc.csv", ["threshold", "false_positive_rate", "true_positive_rate"],
    () => current?.metrics?.binary?.roc.map((p) => [p.threshold, p.x, p.y]));
  csvLink("#calibration-csv", "calibration.csv", ["lower", "upper", "count", "mean_prediction", "observed_rate"],
    () => current?.metrics?.binary?.calibration.map((b) => [b.lower, b.upper, b.count, b.mean_prediction ?? "", b.observed_rate ?? ""]));
  csvLink("#scatter-csv", "baseline-scatter.csv", ["week_id", "user_id", "label", "dnn", "baseline"],
    () => baselineAnswer?.points.map((p) => [p.week_id, p.user_id, p.label ?? "", p.dnn, p.baseline]));
  $("#predictions-csv").onclick = (event) => {
    event.preventDefault();
    if (current) api(`/api/v1/evaluations/${current.id}/predictions?format=csv`, { raw: true })
      .then((response) => response.blob()).then((blob) => downloadBlob(blob, `evaluation-${current.id}.csv`)).catch(hooks.showError);
  };
}

/** Lists the stored evaluations and the models to evaluate; opens `wanted` (an evaluation id) if given. */
export async function loadEvaluations(models, wanted) {
  const select = $("#evaluation-model");
  select.replaceChildren(...models.map((m) => Object.assign(document.createElement("option"), { value: m.id, textContent: `${m.name} v${m.version}` })));
  const evaluations = await api("/api/v1/evaluations");
  const list = $("#evaluation-list");
  list.replaceChildren();
  for (const evaluation of evaluations) {
    const model = models.find((m) => m.id === evaluation.model_id);
    const button = Object.assign(document.createElement("button"), {
      textContent: `#${evaluation.id} ${model?.name ?? evaluation.model_id} · ${evaluation.label} · ${evaluation.split}`,
    });
    button.dataset.evaluation = evaluation.id;
    button.onclick = () => openEvaluation(evaluation.id).catch(hooks.showError);
    const item = document.createElement("li");
    item.append(button);
    list.append(item);
  }
  if (wanted) await openEvaluation(wanted);
}

async function runEvaluation() {
  const body = JSON.stringify({ split: $("#evaluation-split").value, label: $("#evaluation-label").value.trim() });
  const created = await api(`/api/v1/models/${$("#evaluation-model").value}/evaluations`, { method: "POST", body });
  if (created.job) await followJob(created.job, (job) => showJob($("#evaluation-bar"), $("#evaluation-status"), job, " weeks"));
  $("#evaluation-bar").value = 1;
  await openEvaluation(created.id);
}

export async function openEvaluation(id) {
  current = await api(`/api/v1/evaluations/${id}`);
  hooks.saveState({ evaluation: id });
  document.querySelectorAll("#evaluation-list button").forEach((b) => b.classList.toggle("selected", b.dataset.evaluation === String(id)));
  $("#evaluation-detail").hidden = false;
  const metrics = current.metrics;
  $("#evaluation-status").textContent = metrics
    ? `evaluation ${id}: ${metrics.weeks} weeks of ${metrics.users} users; ${metrics.labelled_weeks} with the label, ${metrics.weeks_without_label} without (left out)`
    : `evaluation ${id}: ${current.job?.state ?? "no metrics yet"}`;
  if (!metrics) return;
  showMetrics(metrics);
  if (metrics.binary) {
    $("#binary-charts").hidden = false;
    drawROC($("#roc-chart"), metrics.binary, metrics.ablation?.binary);
    drawCalibration($("#calibration-chart"), metrics.binary);
  } else {
    $("#binary-charts").hidden = true;
  }
  await Promise.all([loadExamples(), loadBaseline(), loadStrata()]);
}

const interval = (value) => (value ? ` [${value.lower.toFixed(3)}, ${value.upper.toFixed(3)}]` : "");

function showMetrics(metrics) {
  const rows = [];
  const add = (name, values, key) => {
    if (!values || !(key in values)) return;
    const value = values[key];
    rows.push([name, value == null ? `— (${values.null_reasons?.[key] ?? "not defined"})` : `${Number(value).toFixed(3)}${interval(values[`${key}_interval`])}`]);
  };
  const binary = metrics.binary;
  for (const key of ["auroc", "auprc", "log_loss", "brier", "sensitivity", "specificity", "ppv", "npv", "prevalence"]) add(key, binary, key);
  if (binary) rows.push(["threshold", `${binary.threshold} (${binary.positives} positives, ${binary.count - binary.positives} negatives)`]);
  for (const key of ["mae", "rmse", "r2"]) add(key, metrics.regression, key);
  if (metrics.ablation) {
    add("AUROC with the series replaced by the train mean week", metrics.ablation.binary, "auroc");
    add("MAE with the series replaced", metrics.ablation.regression, "mae");
    rows.push(["mean |prediction change| when the series is replaced", metrics.ablation.mean_absolute_change.toFixed(3)]);
  }
  const body = $("#metrics-table tbody");
  body.replaceChildren(...rows.map(([name, value]) => {
    const row = document.createElement("tr");
    row.append(Object.assign(document.createElement("td"), { textContent: name }), Object.assign(document.createElement("td"), { textContent: value }));
    return row;
  }));
}

async function loadExamples() {
  const kinds = current.kind === "binary" ? ["false_negative", "false_positive", "true_positive", "true_negative"] : ["worst", "best"];
  const container = $("#examples");
  container.replaceChildren();
  for (const kind of kinds) {
    let answer;
    try {
      answer = await api(`/api/v1/evaluations/${current.id}/examples?kind=${kind}&k=5`);
    } catch { continue; }
    const list = document.createElement("ol");
    for (const example of answer.examples) {
      const item = document.createElement("li");
      const link = Object.assign(document.createElement("a"), {
        href: `${example.links.viewer}&model=${current.model_id}`,
        textContent: `${example.user_external_id} week ${example.week_id}: label ${example.label}, prediction ${example.prediction.toFixed(3)}`,
      });
      link.dataset.week = example.week_id;
      link.onclick = () => setTimeout(() => window.location.reload(), 0);
      item.append(link, document.createTextNode(` · ${example.device_model}, ${example.sex}, ${example.age_years ?? "?"} y`));
      list.append(item);
    }
    const section = document.createElement("div");
    section.className = "example-list";
    section.append(Object.assign(document.createElement("h4"), { textContent: `${kind.replace("_", " ")}s (${answer.total})` }), list);
    container.append(section);
  }
}

async function loadBaseline() {
  const features = $("#baseline-features").value.trim() || "age,sex";
  const baseline = await api(`/api/v1/evaluations/${current.id}/baseline?features=${encodeURIComponent(features)}`);
  baselineAnswer = baseline;
  drawScatter($("#scatter-chart"), baseline);
  const metric = baseline.baseline_binary ? `AUROC ${baseline.baseline_binary.auroc?.toFixed(3)}${interval(baseline.baseline_binary.auroc_interval)}`
    : baseline.baseline_regression ? `MAE ${baseline.baseline_regression.mae?.toFixed(3)}` : "";
  const correlation = (name, c) => (c?.coefficient != null ? `${name} ${c.coefficient.toFixed(3)}${interval(c.interval)}` : `${name} —`);
  const versus = baseline.dnn_versus_baseline;
  const measure = baseline.baseline_binary ? "AUROC, DNN minus baseline" : "MAE, baseline minus DNN";
  const gain = versus ? ` ${measure}: ${versus.difference.toFixed(3)}${interval(versus.interval)}, p = ${versus.p_value.toPrecision(2)} (paired, by user).` : "";
  $("#baseline-summary").textContent =
    `Logistic/linear regression on ${baseline.model.features.join(", ")} (train split): ${metric}.${gain} ` +
    `Agreement with the DNN: ${correlation("Pearson", baseline.pearson)}, ${correlation("Spearman", baseline.spearman)}.`;
}

async function loadStrata() {
  const by = $("#strata-by").value;
  const answer = await api(`/api/v1/evaluations/${current.id}/strata?by=${encodeURIComponent(by)}`);
  const body = $("#strata-table tbody");
  body.replaceChildren();
  for (const stratum of [answer.overall, ...answer.strata]) {
    const versus = stratum.versus_rest;
    const cells = [stratum.name, stratum.weeks, stratum.users, stratum.prevalence?.toFixed(3) ?? "",
      `${stratum.auroc?.toFixed(3) ?? stratum.mae?.toFixed(3) ?? "—"}${interval(stratum.auroc_interval ?? stratum.mae_interval)}`,
      versus ? `${versus.difference.toFixed(3)}${interval(versus.interval)}` : "", versus ? versus.p_value.toFixed(3) : "", stratum.warning ?? ""];
    const row = document.createElement("tr");
    for (const value of cells) row.append(Object.assign(document.createElement("td"), { textContent: value }));
    body.append(row);
  }
  drawForest($("#forest-chart"), answer.strata);
  $("#strata-csv").onclick = (event) => {
    event.preventDefault();
    const rows = answer.strata.map((s) => [s.name, s.weeks, s.users, s.auroc ?? "", s.versus_rest?.difference ?? "", s.versus_rest?.p_value ?? ""]);
    downloadCSV(["stratum", "weeks", "users", "auroc", "difference_vs_rest", "p_value"], rows, "strata.csv");
  };
}
