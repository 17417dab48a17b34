// The review page: ask for the API key once, upload a document, show its pages with the
// extracted values boxed, let the person correct them and send the correction as feedback.

import { call, describeError, forgetKey, saveKey, savedKey } from "./api.js";
import { ReviewView } from "./result_view.js";

const PAGES_PER_REQUEST = 4;
const $ = (id) => document.getElementById(id);

const view = new ReviewView({
  pages: $("pages"),
  fieldsBody: $("fields-body"),
  itemsHead: $("items-head"),
  itemsBody: $("items-body"),
  itemsSection: $("items-section"),
  vatBody: $("vat-body"),
  vatSection: $("vat-section"),
  changes: $("changes"),
});

let documentTypes = new Map();
let current = null; // {typeName, result} of the extraction under review
let generation = 0; // each extraction bumps it: answers for an older one are dropped

// --- messages --------------------------------------------------------------------------------

function say(text, kind = "info") {
  const message = $("message");
  message.textContent = text;
  message.dataset.kind = kind;
}

function showError(error, context) {
  const { message, lines } = describeError(error);
  $("error-message").textContent = context ? `${context}: ${message}` : message;
  $("error-lines").replaceChildren(
    ...lines.map((line) => Object.assign(document.createElement("li"), { textContent: line })),
  );
  $("error").hidden = false;
}

function showProblem(text) {
  $("error-message").textContent = text;
  $("error-lines").replaceChildren();
  $("error").hidden = false;
}

function clearError() {
  $("error").hidden = true;
  $("error-message").textContent = "";
  $("error-lines").replaceChildren();
}

// --- the key ---------------------------------------------------------------------------------

function showKeyForm(visible) {
  $("key-section").hidden = !visible;
  $("upload-section").hidden = visible;
  const key = savedKey();
  $("key-summary").hidden = visible || !key;
  $("key-hint").textContent = key ? `Key …${key.slice(-4)}` : "";
  if (visible) $("api-key").focus();
}

async function loadDocumentTypes() {
  const answer = await call("/api/document-types");
  documentTypes = new Map(answer.document_types.map((type) => [type.name, type]));
  const select = $("document-type");
  const previous = select.value;
  select.replaceChildren(
    ...[...documentTypes.keys()].map((name) =>
      Object.assign(document.createElement("option"), { value: name, textContent: name }),
    ),
  );
  for (const wanted of [previous, "invoice"]) {
    if (wanted && documentTypes.has(wanted)) {
      select.value = wanted;
      break;
    }
  }
}

async function useKey(key) {
  clearError();
  saveKey(key);
  try {
    await loadDocumentTypes();
  } catch (error) {
    showKeyForm(true);
    showError(error, "The key could not be used");
    return false;
  }
  showKeyForm(false);
  return true;
}

$("key-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const key = $("api-key").value.trim();
  if (!key) {
    showProblem("Enter an API key first.");
    $("api-key").focus();
    return;
  }
  if (await useKey(key)) {
    $("api-key").value = "";
    say("Key accepted. Choose a document to extract.");
    $("file").focus();
  }
});

$("change-key").addEventListener("click", () => {
  clearError();
  showKeyForm(true);
});

$("forget-key").addEventListener("click", () => {
  forgetKey();
  $("api-key").value = "";
  showKeyForm(true);
  say("The saved key was removed from this browser.");
});

// --- upload and extraction -------------------------------------------------------------------

function readAsDataUrl(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result);
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

async function loadPages(file, run) {
  const status = $("pages-status");
  status.textContent = "Rendering the pages…";
  let data;
  try {
    data = await readAsDataUrl(file);
  } catch (error) {
    if (run === generation) status.textContent = `The file could not be read: ${error}`;
    return;
  }
  let first = 0;
  let total = 1;
  while (first < total) {
    let answer;
    try {
      answer = await call(
        `/api/render-pages?first_page=${first}&page_count=${PAGES_PER_REQUEST}`,
        { method: "POST", json: { file: data, file_name: file.name } },
      );
    } catch (error) {
      if (run === generation) {
        status.textContent = `The pages could not be shown: ${describeError(error).message}`;
      }
      return;
    }
    if (run !== generation) return;
    total = answer.page_count;
    for (const page of answer.pages) view.addPage(page, total);
    if (!answer.pages.length) break;
    first += answer.pages.length;
    status.textContent = first < total ? `Showing ${first} of ${total} pages…` : "";
  }
}

async function extract(file) {
  const run = ++generation;
  const typeName = $("document-type").value;
  const docType = documentTypes.get(typeName);
  clearError();
  current = null;
  view.reset();
  $("review").hidden = true;
  $("feedback-message").textContent = "";
  say(`Extracting the values of ${file.name}…`);
  const button = $("extract-button");
  button.disabled = true;
  $("upload-form").setAttribute("aria-busy", "true");

  const form = new FormData();
  form.append("file", file, file.name);
  form.append("file_name", file.name);
  form.append("document_type_name", typeName);
  loadPages(file, run);
  let result;
  try {
    result = await call("/api/extract-data", { method: "POST", form });
  } catch (error) {
    if (run === generation) {
      generation++; // stop loading pages of a document that could not be read
      say("");
      showError(error, `${file.name} could not be extracted`);
    }
    return;
  } finally {
    button.disabled = false;
    $("upload-form").removeAttribute("aria-busy");
  }
  if (run !== generation) return;
  current = { typeName, result };
  view.show(docType, result);
  $("file-summary").textContent = `${result.file_name} · ${typeName} · document ${result.object_id}`;
  $("review").hidden = false;
  const found = result.extracted_fields.filter((field) => field.values.length).length;
  say(
    `${found} of ${result.extracted_fields.length} fields found in ${file.name}, ` +
      `${result.line_items.length} line item(s). Check them, correct what is wrong and send ` +
      "the correction.",
  );
}

$("upload-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const file = $("file").files[0];
  if (!file) {
    showProblem("Choose a file first.");
    $("file").focus();
    return;
  }
  if (!documentTypes.has($("document-type").value)) {
    showProblem("Choose a document type first.");
    $("document-type").focus();
    return;
  }
  extract(file);
});

const dropZone = $("drop-zone");
dropZone.addEventListener("dragover", (event) => {
  event.preventDefault();
  dropZone.classList.add("dragging");
});
dropZone.addEventListener("dragleave", () => dropZone.classList.remove("dragging"));
dropZone.addEventListener("drop", (event) => {
  event.preventDefault();
  dropZone.classList.remove("dragging");
  const files = event.dataTransfer?.files;
  if (!files || !files.length) return;
  $("file").files = files;
  $("upload-form").requestSubmit();
});

// --- review and feedback ---------------------------------------------------------------------

$("feedback-form").addEventListener("focusin", (event) => {
  const key = view.keyAt(event.target);
  if (key) view.select(key, "cell");
});

$("add-item").addEventListener("click", () => {
  view.addItemRow().querySelector("input")?.focus();
  view.countChanges();
});

$("add-vat").addEventListener("click", () => {
  view.addVatRow().querySelector("input")?.focus();
  view.countChanges();
});

$("feedback-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  if (!current) return;
  clearError();
  const feedback = $("feedback-message");
  feedback.textContent = "";
  let correction;
  try {
    correction = view.correction();
  } catch (problem) {
    if (!problem.input) throw problem;
    problem.input.setAttribute("aria-invalid", "true");
    feedback.dataset.kind = "error";
    feedback.textContent = problem.message;
    problem.input.focus();
    return;
  }
  const body = {
    document_type_name: current.typeName,
    document_object_id: current.result.object_id,
    ...correction,
  };
  const button = $("send-feedback");
  button.disabled = true;
  feedback.dataset.kind = "info";
  feedback.textContent = "Sending the correction…";
  try {
    const answer = await call("/api/add-document-feedback", { method: "POST", json: body });
    feedback.dataset.kind = "success";
    feedback.textContent = answer?.message || "The correction was sent.";
  } catch (error) {
    const { message, lines } = describeError(error);
    feedback.dataset.kind = "error";
    feedback.textContent = [`The correction was not accepted: ${message}`, ...lines].join(" · ");
  } finally {
    button.disabled = false;
  }
});

// --- start -----------------------------------------------------------------------------------

if (savedKey()) {
  useKey(savedKey());
} else {
  showKeyForm(true);
}
