// Fouten: each error with its message and hint, "Meer info" (the order, its versions, the booking
// history), "Probleem melden" (one file to send) and "Opnieuw verwerken": queued for the booking
// worker, the card follows the order until the worker is done with it.
"use strict";

const orderStates = {
  queued: "In de wachtrij", busy: "Wordt verwerkt", booking: "Wordt verwerkt", received: "Ontvangen",
  booked: "Geboekt", error: "Nog steeds een fout", open: "Open (deze status wordt niet geboekt)",
  waiting: "Wacht op de boekhouding",
};
// The worker polls every second; a reprocess through the ledger takes a few seconds.
const pollMilliseconds = 1000;
const pollLimit = 120;

function textElement(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

async function loadErrors() {
  const data = await api("GET", connectionPath("errors"));
  const list = $("error-list");
  list.replaceChildren(...data.errors.map(errorCard));
  $("errors-empty").hidden = data.errors.length > 0;
  $("errors-reprocess-all").hidden = data.errors.length === 0;
}

function errorCard(error) {
  const item = textElement("li");
  item.id = "error-" + error.order_id;
  item.dataset.shopOrder = error.shop_order_id;
  const detail = textElement("p", error.detail, "detail");
  item.append(textElement("h3", "Bestelling #" + error.shop_order_id + " — " + money(error.total)),
    textElement("p", error.message), textElement("p", error.hint), detail);

  const actions = textElement("div", undefined, "actions");
  const button = textElement("button", "Opnieuw verwerken");
  button.type = "button";
  button.setAttribute("aria-label", "Bestelling " + error.shop_order_id + " opnieuw verwerken");
  const progress = textElement("span", "", "order-status");
  progress.setAttribute("role", "status");
  button.addEventListener("click", () => reprocess(error, button, progress));
  const report = textElement("a", "Probleem melden");
  report.href = "/app/api/" + connectionPath("orders/" + error.order_id + "/bundle");
  report.download = "koppel-probleem-bestelling-" + error.shop_order_id + ".json";
  report.setAttribute("aria-label", "Probleem melden over bestelling " + error.shop_order_id + " (download een bestand)");
  actions.append(button, report, progress);

  const more = textElement("details", undefined, "more-info");
  const summary = textElement("summary", "Meer info");
  summary.setAttribute("aria-label", "Meer info over bestelling " + error.shop_order_id);
  const body = textElement("div", "Laden…");
  more.append(summary, body);
  more.addEventListener("toggle", () => {
    if (!more.open || more.dataset.loaded) return;
    more.dataset.loaded = "1";
    api("GET", connectionPath("orders/" + error.order_id))
      .then((detail) => body.replaceChildren(...moreInfo(detail)))
      .catch((failure) => { delete more.dataset.loaded; body.textContent = failure.message; });
  });
  item.append(actions, more);
  return item;
}

// The order as pushed (its newest version), every version and the booking history.
function moreInfo(detail) {
  const parts = [];
  const order = detail.order || {};
  const customer = order.customer || {};
  const address = order.payment_address || {};
  parts.push(textElement("h4", "Klant"));
  const name = [customer.firstname, customer.lastname].filter(Boolean).join(" ");
  parts.push(textElement("p", [name, address.company, customer.email, address.country].filter(Boolean).join(" — ") || "onbekend"));

  parts.push(textElement("h4", "Regels"));
  const lines = textElement("table", undefined, "lines");
  const head = textElement("tr");
  for (const title of ["Product", "Aantal", "Prijs", "Totaal", "Btw per stuk"]) head.appendChild(textElement("th", title));
  lines.appendChild(textElement("thead")).appendChild(head);
  const rows = lines.appendChild(textElement("tbody"));
  for (const line of order.products || []) {
    const row = textElement("tr");
    cell(row, "Product", line.name + (line.model ? " (" + line.model + ")" : ""));
    cell(row, "Aantal", String(line.quantity));
    cell(row, "Prijs", money(line.price), "amount");
    cell(row, "Totaal", money(line.total), "amount");
    cell(row, "Btw per stuk", money(line.tax), "amount");
    rows.appendChild(row);
  }
  parts.push(lines);

  parts.push(textElement("h4", "Totalen"));
  const totals = textElement("ul", undefined, "totals");
  for (const total of order.totals || []) totals.appendChild(textElement("li", total.title + ": " + money(total.value)));
  const currency = order.currency || {};
  totals.appendChild(textElement("li", "Betaald door de klant: " + (currency.code || "") +
    (currency.value && currency.value !== "1" && Number(currency.value) !== 1 ? " (koers " + currency.value + ")" : "")));
  parts.push(totals);

  parts.push(textElement("h4", "Versies"));
  const versions = textElement("ul", undefined, "versions");
  for (const version of detail.versions) {
    versions.appendChild(textElement("li", "Versie " + version.version + " ontvangen " + when(version.received_at) +
      " — status " + version.order_status + " — inhoud " + String(version.digest).slice(0, 12)));
  }
  parts.push(versions);

  parts.push(textElement("h4", "Geschiedenis van de boeking"));
  const history = textElement("ol", undefined, "history");
  for (const event of detail.history) {
    history.appendChild(textElement("li", when(event.at) + " — " + (orderStates[event.state] || event.state) + " — " + event.detail));
  }
  parts.push(history);
  return parts;
}

async function reprocess(error, button, progress) {
  button.disabled = true;
  try {
    const queued = await api("POST", connectionPath("orders/" + error.order_id + "/reprocess"));
    progress.textContent = orderStates[queued.status];
    const status = await follow(error.order_id, (status) => { progress.textContent = orderStates[status] || status; });
    say("Bestelling #" + error.shop_order_id + ": " + (orderStates[status] || status) + ".", status === "error");
    if (status === "booked") await loadErrors();
    else button.disabled = false;
  } catch (failure) {
    failed(failure);
    button.disabled = false;
  }
}

// Polls the order until the worker is done with it; the state it ends in.
async function follow(orderID, show) {
  for (let attempt = 0; attempt < pollLimit; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, pollMilliseconds));
    const detail = await api("GET", connectionPath("orders/" + orderID));
    show(detail.status);
    if (detail.status !== "queued" && detail.status !== "busy") return detail.status;
  }
  throw new Error("Het verwerken duurt lang; kijk later nog eens bij Fouten.");
}

async function reprocessAll() {
  const button = $("errors-reprocess-all");
  const bar = $("errors-progress-bar");
  button.disabled = true;
  try {
    let batch = await api("POST", connectionPath("errors/reprocess"));
    bar.hidden = false;
    for (let attempt = 0; ; attempt++) {
      bar.max = batch.total;
      bar.value = batch.done;
      $("errors-progress").textContent = batch.message;
      if (batch.done >= batch.total) break;
      if (attempt >= pollLimit * 4) throw new Error("Het verwerken duurt lang; kijk later nog eens bij Fouten.");
      await new Promise((resolve) => setTimeout(resolve, pollMilliseconds));
      batch = await api("GET", connectionPath("reprocess/" + encodeURIComponent(batch.batch)));
    }
    say(batch.booked + " van " + batch.total + " bestellingen geboekt.");
    await loadErrors();
  } catch (failure) {
    failed(failure);
  } finally {
    button.disabled = false;
  }
}

document.addEventListener("DOMContentLoaded", () => {
  $("errors-reprocess-all").addEventListener("click", reprocessAll);
});
