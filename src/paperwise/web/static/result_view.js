// The review of one extraction: each page with a box over every located value, and the tables of
// fields, line items and VAT rates, editable. A box and its table cell select each other.
//
// Coordinates are integer pixels of the page image (PDF pages at the documented DPI), top-left
// origin; boxes are placed in percent of the page, so they follow the image at any size.

const NUMBER = /^[+-]?\d+(\.\d+)?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
// The width from which review.css puts the pages beside the tables.
const SIDE_BY_SIDE = window.matchMedia("(min-width: 1000px)");
const VAT_FIELDS = [
  { name: "vat_rate_percentage", data_type: "NUMBER", label: "Rate (%)" },
  { name: "vat_rate_net", data_type: "NUMBER", label: "Net amount" },
];

function h(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "className") node.className = value;
    else if (name === "text") node.textContent = value;
    else if (name.startsWith("data-")) node.dataset[toCamel(name.slice(5))] = value;
    else node.setAttribute(name, value === true ? "" : value);
  }
  node.append(...children.filter((child) => child !== null && child !== undefined));
  return node;
}

function toCamel(name) {
  return name.replace(/-([a-z])/g, (_, letter) => letter.toUpperCase());
}

export function humanize(name) {
  const words = name.replaceAll("_", " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function percent(score) {
  return `${Math.round(score * 100)} %`;
}

function confidenceLevel(score) {
  if (score >= 0.9) return "high";
  if (score >= 0.5) return "medium";
  return "low";
}

function located(value) {
  return value.page_number >= 0 && value.width > 0 && value.height > 0;
}

function inputFor(field, value, id, label) {
  const type = field.data_type === "DATE" ? "date" : "text";
  const input = h("input", {
    id,
    type,
    className: "value-input",
    "aria-label": label,
    autocomplete: "off",
    spellcheck: "false",
    inputmode: field.data_type === "NUMBER" ? "decimal" : undefined,
    "data-name": field.name,
    "data-type": field.data_type,
  });
  input.value = value;
  input.dataset.original = value;
  return input;
}

export class ReviewView {
  /** `elements`: pages, fieldsBody, itemsHead, itemsBody, itemsSection, vatBody, vatSection,
   *  changes (where the count of edited values is said). */
  constructor(elements) {
    this.el = elements;
    this.entries = new Map();
    this.overlays = new Map(); // page number -> {overlay, width, height}
    this.selectedKey = null;
    this.nextRow = 0;
    this.removed = 0;
    this.docType = null;
    this.result = null;
  }

  reset() {
    this.entries.clear();
    this.overlays.clear();
    this.selectedKey = null;
    this.removed = 0;
    this.docType = null;
    this.result = null;
    for (const node of [this.el.pages, this.el.fieldsBody, this.el.itemsHead, this.el.itemsBody,
      this.el.vatBody]) node.replaceChildren();
    this.el.changes.textContent = "";
  }

  /** Build the tables for `result`, extracted with document type `docType`. */
  show(docType, result) {
    this.docType = docType;
    this.result = result;
    for (const field of result.extracted_fields) this.addFieldRow(field);
    const itemFields = docType.line_item_fields.length
      ? docType.line_item_fields
      : (result.line_items[0] || []).map(({ name, data_type }) => ({ name, data_type }));
    this.itemFields = itemFields;
    this.el.itemsSection.hidden = itemFields.length === 0;
    this.el.itemsHead.append(
      h("th", { scope: "col", text: "#" }),
      ...itemFields.map((field) => h("th", { scope: "col", text: humanize(field.name) })),
      h("th", { scope: "col" }, h("span", { className: "visually-hidden", text: "Actions" })),
    );
    for (const row of result.line_items) this.addItemRow(row);
    this.el.vatSection.hidden = !docType.vat_rates;
    for (const pair of result.vat_rates) this.addVatRow(pair);
    this.countChanges();
  }

  // --- pages and boxes -----------------------------------------------------------------------

  /** Show one rendered page: `{page_number, width, height, png_base64}` of render-pages. */
  addPage(page, pageCount) {
    const overlay = h("div", { className: "overlay", "aria-hidden": "true" });
    const image = h("img", {
      src: `data:image/png;base64,${page.png_base64}`,
      alt: `Page ${page.page_number + 1} of ${pageCount}`,
      width: page.width,
      height: page.height,
    });
    const figure = h(
      "figure",
      { className: "page", "data-page": page.page_number },
      h("div", { className: "page-frame" }, image, overlay),
      h("figcaption", { text: `Page ${page.page_number + 1} of ${pageCount}` }),
    );
    this.el.pages.append(figure);
    this.overlays.set(page.page_number, { overlay, width: page.width, height: page.height });
    this.drawBoxes(page.page_number);
  }

  drawBoxes(pageNumber) {
    for (const entry of this.entries.values()) this.drawEntryBoxes(entry, pageNumber);
  }

  drawEntryBoxes(entry, pageNumber) {
    const target = this.overlays.get(pageNumber);
    if (!target) return;
    entry.values.forEach((value, rank) => {
      if (!located(value) || value.page_number !== pageNumber) return;
      const box = h("div", {
        className: `box box-${entry.kind}${rank ? " box-alternative" : ""}`,
        "data-key": entry.key,
        "data-rank": rank,
        title: `${entry.label}: ${value.value} (${percent(value.confidence_score)})`,
      });
      Object.assign(box.style, {
        left: `${(100 * value.x) / target.width}%`,
        top: `${(100 * value.y) / target.height}%`,
        width: `${(100 * value.width) / target.width}%`,
        height: `${(100 * value.height) / target.height}%`,
      });
      box.addEventListener("click", () => this.select(entry.key, "box"));
      target.overlay.append(box);
      entry.boxes.push(box);
      if (this.selectedKey === entry.key) box.classList.add("selected");
    });
  }

  // --- tables --------------------------------------------------------------------------------

  addEntry(entry) {
    this.entries.set(entry.key, { boxes: [], ...entry });
    const stored = this.entries.get(entry.key);
    for (const pageNumber of this.overlays.keys()) this.drawEntryBoxes(stored, pageNumber);
    stored.input.addEventListener("input", () => {
      stored.input.classList.toggle("edited", stored.input.value !== stored.input.dataset.original);
      stored.input.removeAttribute("aria-invalid");
      this.countChanges();
    });
    return stored;
  }

  addFieldRow(field) {
    const key = `field:${field.name}`;
    const best = field.values[0];
    const label = humanize(field.name);
    const id = `value-${field.name}`;
    const input = inputFor(field, best ? best.value : "", id, undefined);
    const confidence = best
      ? h("span", {
          className: `confidence confidence-${confidenceLevel(best.confidence_score)}`,
          text: percent(best.confidence_score),
        })
      : h("span", { className: "confidence confidence-none", text: "not found" });
    const where = best && !located(best) ? h("span", { className: "note", text: "not on a page" }) : null;
    const alternatives = h("div", { className: "alternatives" });
    for (const other of field.values.slice(1)) {
      const choose = h("button", {
        type: "button",
        className: "alternative",
        text: `${other.value} (${percent(other.confidence_score)})`,
        "aria-label": `Use ${other.value} for ${label} (${percent(other.confidence_score)})`,
      });
      choose.addEventListener("click", () => {
        input.value = other.value;
        input.dispatchEvent(new Event("input", { bubbles: true }));
        input.focus();
      });
      alternatives.append(choose);
    }
    const row = h(
      "tr",
      { "data-key": key },
      h("th", { scope: "row" }, h("label", { for: id, text: label, title: field.name })),
      h("td", {}, input, alternatives.childElementCount ? alternatives : null),
      h("td", {}, confidence, where),
    );
    this.el.fieldsBody.append(row);
    this.addEntry({ key, kind: "field", label, values: field.values, input, highlight: row });
  }

  addItemRow(cells = []) {
    const rowId = this.nextRow++;
    const byName = new Map(cells.map((cell) => [cell.name, cell]));
    const number = this.el.itemsBody.rows.length + 1;
    const row = h("tr", { "data-row": rowId }, h("th", { scope: "row", text: String(number) }));
    for (const field of this.itemFields) {
      const cell = byName.get(field.name);
      const values = cell ? cell.values : [];
      const label = `Line ${number} ${humanize(field.name).toLowerCase()}`;
      const input = inputFor(field, values[0] ? values[0].value : "", undefined, label);
      const key = `item:${rowId}:${field.name}`;
      const td = h("td", { "data-key": key }, input);
      if (values[0]) {
        td.title = `confidence ${percent(values[0].confidence_score)}`;
        td.classList.add(`cell-${confidenceLevel(values[0].confidence_score)}`);
      }
      row.append(td);
      this.addEntry({ key, kind: "item", label, values, input, highlight: td });
    }
    row.append(h("td", {}, this.removeButton(row, `Remove line ${number}`)));
    this.el.itemsBody.append(row);
    return row;
  }

  addVatRow(pair = []) {
    const rowId = this.nextRow++;
    const byName = new Map(pair.map((cell) => [cell.name, cell]));
    const number = this.el.vatBody.rows.length + 1;
    const row = h("tr", { "data-row": rowId }, h("th", { scope: "row", text: String(number) }));
    for (const field of VAT_FIELDS) {
      const cell = byName.get(field.name);
      const values = cell ? cell.values : [];
      const label = `VAT rate ${number} ${field.label.toLowerCase()}`;
      const input = inputFor(field, values[0] ? values[0].value : "", undefined, label);
      const key = `vat:${rowId}:${field.name}`;
      const td = h("td", { "data-key": key }, input);
      if (values[0]) td.title = `confidence ${percent(values[0].confidence_score)}`;
      row.append(td);
      this.addEntry({ key, kind: "vat", label, values, input, highlight: td });
    }
    row.append(h("td", {}, this.removeButton(row, `Remove VAT rate ${number}`)));
    this.el.vatBody.append(row);
    return row;
  }

  removeButton(row, label) {
    const button = h("button", { type: "button", className: "remove", text: "Remove",
      "aria-label": label });
    button.addEventListener("click", () => {
      const focusAfter = row.nextElementSibling || row.previousElementSibling;
      for (const td of row.querySelectorAll("[data-key]")) {
        const entry = this.entries.get(td.dataset.key);
        for (const box of entry.boxes) box.remove();
        this.entries.delete(td.dataset.key);
        if (this.selectedKey === td.dataset.key) this.selectedKey = null;
      }
      row.remove();
      this.removed += 1;
      this.countChanges();
      focusAfter?.querySelector("input")?.focus();
    });
    return button;
  }

  countChanges() {
    const edited = [...this.entries.values()].filter(
      (entry) => entry.input.value !== entry.input.dataset.original,
    ).length + this.removed;
    this.el.changes.textContent = edited
      ? `${edited} change${edited === 1 ? "" : "s"} to send.`
      : "No changes yet: sending confirms the values as they are.";
  }

  // --- selection -----------------------------------------------------------------------------

  /** Highlight an entry's box(es) and its cell; `from` is "box" (focus the cell) or "cell". */
  select(key, from) {
    const entry = this.entries.get(key);
    if (!entry) return;
    if (this.selectedKey !== key) {
      const previous = this.entries.get(this.selectedKey);
      if (previous) {
        previous.highlight.classList.remove("selected");
        for (const box of previous.boxes) box.classList.remove("selected");
      }
      this.selectedKey = key;
      entry.highlight.classList.add("selected");
      for (const box of entry.boxes) box.classList.add("selected");
    }
    if (from === "box") {
      entry.input.focus({ preventScroll: true });
      entry.highlight.scrollIntoView({ block: "nearest", inline: "nearest" });
    } else if (SIDE_BY_SIDE.matches) {
      // pages beside the table: bring the box into view; stacked, it would scroll the cell away
      entry.boxes[0]?.scrollIntoView({ block: "nearest", inline: "nearest" });
    }
  }

  /** The entry key of the table cell holding `node`, if any. */
  keyAt(node) {
    return node.closest?.("[data-key]")?.dataset.key ?? null;
  }

  // --- the correction ------------------------------------------------------------------------

  /**
   * The body fields of add-document-feedback from the tables as edited: `{learning_fields,
   * line_items, vat_rates}`, empty values left out. Throws `{input, message}` for a value not in
   * the normalised form.
   */
  correction() {
    const read = (input, what) => {
      const value = input.value.trim().replace(/\s+/g, " ");
      if (value && input.dataset.type === "NUMBER" && !NUMBER.test(value)) {
        throw { input, message: `${what}: write the number with a dot for decimals and no ` +
          "thousands separators, e.g. 1234.50." };
      }
      if (value && input.dataset.type === "DATE" && !DATE.test(value)) {
        throw { input, message: `${what}: write the date as YYYY-MM-DD.` };
      }
      return { name: input.dataset.name, value };
    };
    // An empty value says nothing: it is left out (a field not on the document, a blank cell).
    const filled = (inputs, what) =>
      [...inputs].map((input) => read(input, what(input))).filter((cell) => cell.value !== "");
    const rows = (body) =>
      [...body.rows]
        .map((row) => filled(row.querySelectorAll("input[data-name]"),
          (input) => input.getAttribute("aria-label")))
        .filter((cells) => cells.length);
    const body = {
      learning_fields: filled(this.el.fieldsBody.querySelectorAll("input[data-name]"),
        (input) => humanize(input.dataset.name)),
      line_items: rows(this.el.itemsBody),
    };
    if (this.docType.vat_rates) body.vat_rates = rows(this.el.vatBody);
    return body;
  }
}
