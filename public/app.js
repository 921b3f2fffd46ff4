// Auscult viewer: token handling, user listing with filters, a week's traces, the inspection panel
// (activations and gradients on the week's time axis) and the models panel. The address keeps the view
// (#user=…&week=…&model=…&tensor=…&compare=…&t=…), so any view can be linked.
import { api, ApiError, token } from "/js/api.js";
import { downloadCanvas } from "/js/download.js";
import { inspectWeek, setUpInspector } from "/js/inspector.js";
import { loadEvaluations, setUpEvaluations } from "/js/evaluation-view.js";
import { loadModels } from "/js/models.js";
import { setUpSynthetic } from "/js/synthetic-view.js";
import { setUpUploads } from "/js/uploads.js";
import { drawWeek } from "/js/week-chart.js";

const $ = (selector) => document.querySelector(selector);
const pageSize = 25;
let offset = 0;
let filters = new URLSearchParams();

function setStatus(text, isError = false) {
  const status = $("#status");
  status.textContent = text;
  status.classList.toggle("error", isError);
}

function showError(error) {
  if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
    setStatus(`${error.status === 401 ? "Not signed in" : "Not allowed"}: ${error.message}`, true);
    if (error.status === 401) showLogin();
  } else {
    setStatus(error.message, true);
  }
}

function showLogin() {
  $("#login").hidden = false;
  $("#cohort").hidden = true;
  $("#logout").hidden = true;
}

async function loadUsers() {
  const query = new URLSearchParams(filters);
  query.set("limit", pageSize);
  query.set("offset", offset);
  const page = await api(`/api/v1/users?${query}`);
  const body = $("#users tbody");
  body.replaceChildren();
  const year = new Date().getFullYear();
  for (const user of page.items) {
    const row = document.createElement("tr");
    const labels = Object.entries(user.labels).map(([k, v]) => `${k}=${v}`).join(" ");
    const cells = [user.id, user.external_id, user.birth_year ? year - user.birth_year : "",
      user.sex, user.device.name, user.split, labels, user.week_count];
    for (const value of cells) {
      const cell = document.createElement("td");
      cell.textContent = value;
      row.append(cell);
    }
    row.addEventListener("click", () => {
      body.querySelectorAll("tr").forEach((r) => r.classList.remove("selected"));
      row.classList.add("selected");
      loadWeeks(user).catch(showError);
    });
    body.append(row);
  }
  $("#page-info").textContent = page.total === 0 ? "no users match"
    : `${page.offset + 1}–${page.offset + page.items.length} of ${page.total}`;
  $("#prev").disabled = page.offset === 0;
  $("#next").disabled = page.next_offset == null;
  setStatus("");
}

async function loadWeeks(user, weekID) {
  const { items } = await api(`/api/v1/users/${user.id}/weeks`);
  $("#week-panel").hidden = false;
  $("#week-title").textContent = `${user.external_id} · ${user.device.name}`;
  const list = $("#week-list");
  list.replaceChildren();
  for (const week of items) {
    const button = document.createElement("button");
    const labels = Object.entries(week.labels ?? {}).map(([k, v]) => ` · ${k}=${v}`).join("");
    button.textContent = `${week.start_local} · coverage ${(week.coverage * 100).toFixed(0)}%${week.low_coverage ? " (low)" : ""}${labels}`;
    button.dataset.week = week.id;
    button.addEventListener("click", () => {
      list.querySelectorAll("button").forEach((b) => b.classList.remove("selected"));
      button.classList.add("selected");
      viewState.user = user.id;
      viewState.week = week.id;
      writeHash();
      loadWeek(week.id).catch(showError);
    });
    list.append(button);
  }
  (list.querySelector(`button[data-week="${weekID}"]`) ?? list.querySelector("button"))?.click();
}

/** What the address records: the user, the week and the inspection panel's choices. */
const viewState = {};

function writeHash() {
  const hash = new URLSearchParams();
  for (const [key, value] of Object.entries(viewState)) if (value != null && value !== "") hash.set(key, value);
  history.replaceState(null, "", `#${hash}`);
}

/** Opens the user and week named in the address (#user=ID&week=ID), so views can be linked. */
async function openFromHash() {
  const hash = new URLSearchParams(window.location.hash.slice(1));
  for (const key of ["model", "tensor", "compare", "t", "scan"]) if (hash.get(key)) viewState[key] = hash.get(key);
  const userID = hash.get("user");
  if (!userID) return;
  const user = await api(`/api/v1/users/${encodeURIComponent(userID)}`);
  await loadWeeks(user, hash.get("week"));
}

let describeWeek = () => null;
let currentWeek = null;

async function loadWeek(id) {
  const week = await api(`/api/v1/weeks/${id}`);
  currentWeek = week;
  describeWeek = drawWeek($("#week-canvas"), week);
  $("#week-png").onclick = (event) => { event.preventDefault(); downloadCanvas($("#week-canvas"), `week-${id}.png`); };
  inspectWeek(id, viewState).catch(showError);
  const link = $("#week-csv");
  link.onclick = async (event) => {
    event.preventDefault();
    const blob = await api(`/api/v1/weeks/${id}?format=csv`, { raw: true });
    const url = URL.createObjectURL(await blob.blob());
    const anchor = Object.assign(document.createElement("a"), { href: url, download: `week-${id}.csv` });
    anchor.click();
    URL.revokeObjectURL(url);
  };
}

function start() {
  token.adoptFromURL();
  setUpInspector({
    showError,
    redrawWeek: () => { if (currentWeek) describeWeek = drawWeek($("#week-canvas"), currentWeek); },
    saveState: (choices) => { Object.assign(viewState, choices); writeHash(); },
  });
  setUpUploads(showError);
  setUpEvaluations({ showError, saveState: (choices) => { Object.assign(viewState, choices); writeHash(); } });
  $("#week-canvas").addEventListener("mousemove", (event) => {
    const canvas = event.currentTarget;
    const box = canvas.getBoundingClientRect();
    const text = describeWeek(((event.clientX - box.left) / box.width) * canvas.width);
    if (text) $("#hover-readout").textContent = text;
  });
  $("#login-form").addEventListener("submit", (event) => {
    event.preventDefault();
    token.set($("#token-input").value.trim());
    start();
  });
  $("#logout").onclick = () => { token.clear(); showLogin(); setStatus("Token removed from this browser."); };
  $("#filters").onsubmit = (event) => {
    event.preventDefault();
    filters = new URLSearchParams();
    for (const [key, value] of new FormData(event.target)) if (value) filters.set(key, value);
    offset = 0;
    loadUsers().catch(showError);
  };
  $("#prev").onclick = () => { offset = Math.max(0, offset - pageSize); loadUsers().catch(showError); };
  $("#next").onclick = () => { offset += pageSize; loadUsers().catch(showError); };
  if (!token.get()) { showLogin(); return; }
  $("#login").hidden = true;
  $("#cohort").hidden = false;
  $("#logout").hidden = false;
  setStatus("Loading…");
  loadUsers().then(openFromHash).catch(showError);
  const wanted = Object.fromEntries(new URLSearchParams(window.location.hash.slice(1)));
  const saveState = (choices) => { Object.assign(viewState, choices); writeHash(); };
  loadModels(showError)
    .then((models) => Promise.all([
      loadEvaluations(models, wanted.evaluation),
      setUpSynthetic(models, { showError, saveState }, wanted),
    ]))
    .catch(showError);
}

start();
