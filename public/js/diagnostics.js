// The unit report: dead, static and rarely active units and dead layers of the selected model over a whole
// split (a job, followed with a progress bar), each finding with its likely cause, its fix, and a link to
// the flagged layer's heatmap.
import { api } from "/js/api.js";
import { followJob, showJob } from "/js/jobs.js";

const $ = (selector) => document.querySelector(selector);

/** Runs (or joins) the unit scan of `modelID` over `split`; `showTensor(name)` opens a layer's heatmap. */
export async function scanUnits(modelID, split, showTensor) {
  const bar = $("#scan-bar");
  $("#scan-status").textContent = `scanning the ${split} split…`;
  bar.value = 0;
  const answer = await api(`/api/v1/models/${modelID}/diagnostics/units?split=${split}`);
  const report = answer.report ?? (await followJob(answer.job, (job) => showJob(bar, $("#scan-status"), job, " weeks")));
  bar.value = 1;
  showReport(report, split, showTensor);
}

function showReport(report, split, showTensor) {
  $("#scan-status").textContent = `${report.weeks} weeks of the ${split} split scanned; ${report.findings.length} finding${report.findings.length === 1 ? "" : "s"}`;
  const findings = $("#findings");
  findings.replaceChildren();
  for (const finding of report.findings) {
    const item = document.createElement("li");
    item.dataset.code = finding.code;
    const title = Object.assign(document.createElement("strong"), { textContent: `${finding.code} · ${finding.tensor}` });
    const link = Object.assign(document.createElement("a"), { href: "#", textContent: "show heatmap" });
    link.onclick = (event) => { event.preventDefault(); showTensor(finding.tensor); };
    const units = finding.units.length ? ` (units ${finding.units.slice(0, 12).join(", ")}${finding.units.length > 12 ? ", …" : ""})` : "";
    item.append(title, document.createTextNode(`${units}: ${finding.message} `), link,
      Object.assign(document.createElement("div"), { className: "muted", textContent: `likely cause: ${finding.likely_cause} · fix: ${finding.fix}` }));
    findings.append(item);
  }
  const body = $("#unit-table tbody");
  body.replaceChildren();
  for (const tensor of report.tensors) {
    const row = document.createElement("tr");
    const cells = [tensor.name, tensor.units, tensor.dead_units.length, tensor.static_units.length, tensor.rarely_active_units.length, tensor.verdicts.join(", ") || "ok"];
    for (const value of cells) row.append(Object.assign(document.createElement("td"), { textContent: value }));
    row.onclick = () => showTensor(tensor.name);
    body.append(row);
  }
  $("#unit-report").hidden = false;
}
