/** Builds an element with text content only (never HTML), so API values cannot inject markup. */
export function el(tag, text = "", attributes = {}) {
  const element = document.createElement(tag);
  element.textContent = text;
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  return element;
}

/** Replaces a table's body with one row per item. */
export function fillTable(table, items, cells, empty) {
  const body = table.querySelector("tbody");
  body.replaceChildren();
  if (items.length === 0) {
    const row = body.insertRow();
    row.append(el("td", empty, { colspan: table.querySelectorAll("th").length, class: "empty" }));
    return;
  }
  for (const item of items) {
    const row = body.insertRow();
    for (const cell of cells(item)) row.append(cell instanceof Node ? wrap(cell) : el("td", cell));
  }
}

function wrap(node) {
  if (node.tagName === "TD") return node;
  const td = document.createElement("td");
  td.append(node);
  return td;
}

/** A figure card: a big value and what it means. */
export function card(value, label, alert = false) {
  const element = el("div", "", { class: alert ? "card alert" : "card" });
  element.append(el("div", value, { class: "value" }), el("div", label, { class: "label" }));
  return element;
}

/** A number cell, right-aligned. */
export function num(value) {
  return el("td", value, { class: "num" });
}

export const formatMs = (ms) => (ms === null || ms === undefined ? "–" : `${Math.round(ms)} ms`);
export const formatPercent = (
  share,
) => (share === null || share === undefined ? "–" : `${(share * 100).toFixed(1)}%`);
export const formatTime = (iso) => (iso ? new Date(iso).toLocaleTimeString() : "never");

export function formatSeconds(seconds) {
  if (seconds === null || seconds === undefined) return "–";
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

export function formatBytes(bytes) {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}
