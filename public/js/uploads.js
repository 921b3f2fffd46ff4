// The uploads panel: drag and drop a watch export (or a labels CSV), with a progress bar for the
// transfer, then one for the ingest job, ending in the ingest report.
import { api, ApiError, token } from "/js/api.js";

const $ = (selector) => document.querySelector(selector);

export function setUpUploads(showError) {
  const zone = $("#drop-zone");
  zone.addEventListener("dragover", (event) => { event.preventDefault(); zone.classList.add("over"); });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("over");
    const file = event.dataTransfer.files[0];
    if (file) send(file).catch(showError);
  });
  $("#upload-file").onchange = (event) => { const file = event.target.files[0]; if (file) send(file).catch(showError); };
}

/** A labels CSV goes to /api/v1/labels; anything else is an export for the named wearer. */
function send(file) {
  return file.name.toLowerCase().endsWith(".csv") && $("#upload-kind").value === "labels" ? sendLabels(file) : sendExport(file);
}

/** POSTs `body` with upload progress (fetch cannot report it); resolves to the parsed JSON answer. */
function post(path, body, contentType, onProgress) {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", path);
    request.setRequestHeader("Authorization", `Bearer ${token.get() ?? ""}`);
    if (contentType) request.setRequestHeader("Content-Type", contentType);
    request.upload.onprogress = (event) => { if (event.lengthComputable) onProgress(event.loaded / event.total); };
    request.onload = () => {
      let answer = null;
      try { answer = JSON.parse(request.responseText); } catch { /* not JSON */ }
      if (request.status >= 200 && request.status < 300) resolve(answer);
      else reject(new ApiError(request.status, answer?.error?.code ?? "http_error", answer?.error?.message ?? `${request.status} ${request.statusText}`));
    };
    request.onerror = () => reject(new ApiError(0, "network_error", "the upload could not reach the server"));
    request.send(body);
  });
}

function setBar(id, fraction, text) {
  const bar = $(id);
  bar.value = Math.max(0, Math.min(1, fraction));
  bar.title = text;
  $(`${id}-text`).textContent = text;
}

async function sendExport(file) {
  const user = $("#upload-user").value.trim();
  if (!user) { $("#upload-report").textContent = "Name the wearer (their external id) first."; return; }
  const query = new URLSearchParams({ user, filename: file.name });
  const offset = $("#upload-offset").value.trim();
  if (offset) query.set("utc_offset", offset);
  $("#upload-report").textContent = "";
  setBar("#transfer-bar", 0, "sending…");
  setBar("#ingest-bar", 0, "");
  try {
    let upload = await post(`/api/v1/uploads?${query}`, file, "application/octet-stream", (f) => setBar("#transfer-bar", f, `${(f * 100).toFixed(0)} % sent`));
    setBar("#transfer-bar", 1, `${(file.size / 1e6).toFixed(1)} MB sent`);
    while (upload.state === "received" || upload.state === "running") {
      setBar("#ingest-bar", upload.bytes ? upload.bytes_processed / upload.bytes : 0,
        `ingesting: ${upload.records_processed ?? 0} records, ${(upload.bytes_processed / 1e6).toFixed(1)} MB read`);
      await new Promise((resolve) => setTimeout(resolve, 500));
      upload = await api(`/api/v1/uploads/${upload.id}`);
    }
    if (upload.state === "failed") throw new ApiError(422, "ingest_failed", upload.error ?? "the ingest failed");
    setBar("#ingest-bar", 1, upload.duplicate_of ? `already ingested as upload ${upload.duplicate_of}` : "ingested");
    showReport(upload.report);
  } catch (error) {
    setBar("#ingest-bar", 0, "refused");
    $("#upload-report").textContent = `Refused (${error.status} ${error.code}): ${error.message}`;
  }
}

async function sendLabels(file) {
  setBar("#transfer-bar", 0, "sending…");
  try {
    const outcome = await post("/api/v1/labels", file, "text/csv", (f) => setBar("#transfer-bar", f, `${(f * 100).toFixed(0)} % sent`));
    setBar("#transfer-bar", 1, "sent");
    setBar("#ingest-bar", 1, `${outcome.applied} of ${outcome.rows} rows applied`);
    const lines = outcome.refused.map((row) => `line ${row.line}${row.user ? ` (${row.user})` : ""}: ${row.reason}`);
    $("#upload-report").textContent = [`labels: ${outcome.labels.join(", ")}; ${outcome.users} users, ${outcome.week_rows} week rows`, ...lines].join("\n");
  } catch (error) {
    $("#upload-report").textContent = `Refused (${error.status} ${error.code}): ${error.message}`;
  }
}

function showReport(report) {
  if (!report) return;
  const counts = (object) => Object.entries(object ?? {}).map(([k, v]) => `${k} ${v}`).join(", ") || "none";
  const dropped = Object.entries(report.dropped ?? {}).map(([kind, reasons]) => `${kind}: ${counts(reasons)}`).join("; ") || "none";
  const weeks = (report.weeks ?? []).map((w) => `${w.start} ${w.state} (coverage ${(w.coverage * 100).toFixed(0)} %)`);
  $("#upload-report").textContent = [
    `format ${report.format}; device ${report.device?.name ?? "unknown"}; UTC offset ${report.utc_offset_seconds / 3600} h`,
    `records read: ${counts(report.records_read)}; kept: ${counts(report.kept)}; dropped: ${dropped}`,
    `by source: ${counts(report.records_read_by_source)}`,
    `weeks: ${weeks.join(", ") || "none"}`,
    ...(report.warnings ?? []).map((w) => `warning: ${w}`),
  ].join("\n");
}
