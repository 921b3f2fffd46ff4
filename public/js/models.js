// The models panel: stored models, the graph summary of the selected one (layers in order with their
// week shapes), and the upload of a new .onnx file with its model card.
import { api } from "/js/api.js";

const $ = (selector) => document.querySelector(selector);

export async function loadModels(showError) {
  const models = await api("/api/v1/models");
  const list = $("#model-list");
  list.replaceChildren();
  for (const model of models) {
    const item = document.createElement("li");
    const button = Object.assign(document.createElement("button"), { textContent: `${model.name} v${model.version}` });
    button.dataset.model = model.id;
    button.onclick = () => showModel(model.id).catch(showError);
    item.append(button);
    list.append(item);
  }
  $("#model-count").textContent = `${models.length} model${models.length === 1 ? "" : "s"}`;
  $("#upload-form").onsubmit = (event) => { event.preventDefault(); uploadModel(event.target, showError); };
  return models;
}

export async function showModel(id) {
  const model = await api(`/api/v1/models/${id}`);
  document.querySelectorAll("#model-list button").forEach((b) => b.classList.toggle("selected", b.dataset.model === String(id)));
  $("#model-summary").textContent =
    `${model.model.name} v${model.model.version}: ${model.nodes.length} nodes, ${model.parameter_count.toLocaleString()} parameters; ` +
    `inspectable: ${model.inspectable_tensors.map((t) => t.name).join(", ") || "none"}`;
  const body = $("#model-nodes tbody");
  body.replaceChildren();
  for (const node of model.nodes) {
    const row = document.createElement("tr");
    const shapes = node.outputs.map((o) => `${o.name} [${o.shape.join(" × ")}]`).join(", ");
    for (const value of [node.name, node.op_type, shapes, node.parameter_count || ""]) {
      row.append(Object.assign(document.createElement("td"), { textContent: value }));
    }
    body.append(row);
  }
  $("#model-detail").hidden = false;
}

async function uploadModel(form, showError) {
  const data = new FormData();
  const file = form.elements.model.files[0];
  if (!file) { $("#upload-result").textContent = "Choose an .onnx file first."; return; }
  data.append("model", file, file.name);
  if (form.elements.card.value.trim()) data.append("card", form.elements.card.value.trim());
  if (form.elements.name.value.trim()) data.append("name", form.elements.name.value.trim());
  $("#upload-result").textContent = "Uploading and importing…";
  try {
    const model = await api("/api/v1/models", { method: "POST", body: data });
    $("#upload-result").textContent = `Stored ${model.model.name} v${model.model.version} (id ${model.model.id}).`;
    await loadModels(showError);
    await showModel(model.model.id);
  } catch (error) {
    $("#upload-result").textContent = `Refused: ${error.message}`;
    if (error.status === 401 || error.status === 403) showError(error);
  }
}
