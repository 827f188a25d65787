// The dashboard: one page over koppel-web's JSON API under /app/api/ (docs/dashboard.md).
// No framework and no build step; every text is Dutch.
"use strict";

const state = { csrf: null, connections: [], license: null, tab: "booked", nextBooked: null };
const $ = (id) => document.getElementById(id);
const euro = new Intl.NumberFormat("nl-NL", { style: "currency", currency: "EUR" });
const dateTime = new Intl.DateTimeFormat("nl-NL", { dateStyle: "medium", timeStyle: "short" });

class APIError extends Error {
  constructor(status, code, message) { super(message); this.status = status; this.code = code; }
}

// Every change carries the session's CSRF token; the session cookie goes along by itself.
async function api(method, path, body) {
  const headers = { "Accept": "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET" && state.csrf) headers["X-CSRF-Token"] = state.csrf;
  const response = await fetch("/app/api/" + path, {
    method, headers, credentials: "same-origin", body: body === undefined ? undefined : JSON.stringify(body),
  });
  let data = null;
  try { data = await response.json(); } catch (_) { data = null; }
  if (!response.ok) {
    const error = (data && data.error) || { code: "unavailable", message: "koppel is nu niet bereikbaar. Probeer het later opnieuw." };
    if (response.status === 401 && path !== "login") showLogin(error.message);
    throw new APIError(response.status, error.code, error.message);
  }
  return data;
}

function say(text, isError) {
  $("status").textContent = text || "";
  $("status").classList.toggle("error", !!isError);
}

function cell(row, label, text, className) {
  const td = document.createElement("td");
  td.dataset.label = label;
  td.textContent = text;
  if (className) td.className = className;
  row.appendChild(td);
  return td;
}

function when(seconds) { return dateTime.format(new Date(seconds * 1000)); }
// An OpenCart order's total is in the store's default currency, whatever the customer paid in.
const shopAmount = new Intl.NumberFormat("nl-NL", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
function money(total) {
  const amount = Number(total);
  return Number.isNaN(amount) ? total : shopAmount.format(amount);
}

// Screens shown instead of the login form when one wants to (a password reset link); profile.js adds one.
const loginAlternatives = [];

function showLogin(message) {
  state.csrf = null;
  $("dashboard").hidden = true;
  $("account").hidden = true;
  if (loginAlternatives.some((show) => show(message))) return;
  $("login").hidden = false;
  say(message || "", !!message);
  $("email").focus();
}

function showDashboard(session) {
  state.csrf = session.csrf_token;
  state.connections = session.connections;
  $("login").hidden = true;
  $("account").hidden = false;
  $("dashboard").hidden = false;
  $("user-email").textContent = session.user.email;
  const picker = $("connection");
  picker.replaceChildren(...session.connections.map((c) => {
    const option = document.createElement("option");
    option.value = c.license;
    option.textContent = c.name;
    return option;
  }));
  if (session.connections.length === 0) {
    say("Er is nog geen koppeling aan je account gekoppeld. Vraag de beheerder dit te doen.");
    $("dashboard").hidden = true;
    return;
  }
  if (!session.connections.some((c) => c.license === state.license)) state.license = session.connections[0].license;
  picker.value = state.license;
  say("");
  selectTab(state.tab, false);
}

function selectTab(tab, focus) {
  state.tab = tab;
  for (const button of document.querySelectorAll("[role=tab]")) {
    const selected = button.dataset.tab === tab;
    button.setAttribute("aria-selected", String(selected));
    button.tabIndex = selected ? 0 : -1;
    $("panel-" + button.dataset.tab).hidden = !selected;
    if (selected && focus) button.focus();
  }
  load(tab).catch(failed);
}

function failed(error) {
  if (error instanceof APIError && error.status === 401) return;
  say(error.message || "Er ging iets mis.", true);
}

// Each tab's loader by its data-tab name; tabs in their own files (config.js, profile.js) add theirs.
const tabLoaders = {
  booked: () => loadBooked(false),
  errors: () => loadErrors(),
  open: () => loadOpen(),
  reports: () => loadReports(false),
};

async function load(tab) {
  const loader = tabLoaders[tab];
  if (loader) return loader();
}

function connectionPath(rest) { return "connections/" + encodeURIComponent(state.license) + "/" + rest; }

async function loadBooked(more) {
  const query = new URLSearchParams();
  if ($("from").value) query.set("from", $("from").value);
  if ($("to").value) query.set("to", $("to").value);
  $("booked-csv").href = "/app/api/" + connectionPath("booked.csv?" + query);
  if (more && state.nextBooked) query.set("after", state.nextBooked);
  const page = await api("GET", connectionPath("booked?" + query));
  const body = $("booked-rows");
  if (!more) body.replaceChildren();
  for (const order of page.orders) {
    const row = document.createElement("tr");
    cell(row, "Bestelling", "#" + order.shop_order_id);
    cell(row, "Klant", order.customer || "");
    cell(row, "Bedrag", euro.format(order.gross_cents / 100), "amount");
    cell(row, "Factuurdatum", order.booking_date);
    cell(row, "Geboekt op", when(order.booked_at));
    const ledger = cell(row, "In de boekhouding", order.link ? "" : order.reference + " (" + order.ledger_id + ")");
    if (order.link) ledger.appendChild(ledgerLink(order));
    body.appendChild(row);
  }
  state.nextBooked = page.next || null;
  $("booked-more").hidden = !state.nextBooked;
  $("booked-empty").hidden = body.children.length > 0;
}

function ledgerLink(order) {
  const link = document.createElement("a");
  link.href = order.link;
  link.target = "_blank";
  link.rel = "noopener noreferrer";
  link.textContent = order.reference + " (" + order.ledger_id + ")";
  link.setAttribute("aria-label", "Bestelling " + order.shop_order_id + " in de boekhouding (opent een nieuw venster)");
  return link;
}

// loadErrors: errors.js (Fouten).

async function loadOpen() {
  const data = await api("GET", connectionPath("open"));
  const body = $("open-rows");
  body.replaceChildren();
  for (const order of data.orders) {
    const row = document.createElement("tr");
    cell(row, "Bestelling", "#" + order.shop_order_id);
    cell(row, "Bedrag", money(order.total), "amount");
    const why = cell(row, "Waarom open", order.reason);
    if (order.detail) {
      const detail = document.createElement("span");
      detail.className = "detail";
      detail.textContent = order.detail;
      why.append(document.createElement("br"), detail);
    }
    cell(row, "Volgende poging", order.next_look_at ? when(order.next_look_at) : "bij een wijziging en elke nacht");
    body.appendChild(row);
  }
  $("open-empty").hidden = data.orders.length > 0;
  showWaiting(data.waiting);
}

// "12 bestellingen wachten; de laatste wordt rond 14:35 geboekt (60 verzoeken per uur, 2,4 per
// bestelling)": the orders koppel books without anyone's help, at the ledger's pace.
const hourMinute = new Intl.DateTimeFormat("nl-NL", { hour: "2-digit", minute: "2-digit" });
function showWaiting(waiting) {
  const line = $("open-waiting");
  line.hidden = waiting.count === 0;
  if (line.hidden) return;
  const orders = waiting.count === 1 ? "1 bestelling wacht" : waiting.count + " bestellingen wachten";
  if (!waiting.last_booked_at) {
    line.textContent = orders + " op boeking.";
    return;
  }
  const last = new Date(waiting.last_booked_at * 1000);
  const today = last.toDateString() === new Date().toDateString();
  const at = today ? "rond " + hourMinute.format(last) : "op " + when(waiting.last_booked_at);
  line.textContent = orders + "; de laatste wordt " + at + " geboekt (" + waiting.pace + ").";
}

const day = new Intl.DateTimeFormat("nl-NL", { dateStyle: "medium" });
function period(first, last) {
  const format = (text) => day.format(new Date(text + "T12:00:00"));
  return first === last ? format(first) : format(first) + " t/m " + format(last);
}

// Rapporten in pages, newest first ("Meer laden" asks for the next).
async function loadReports(more) {
  const query = new URLSearchParams({ limit: String(state.reportsPageSize || 20) });
  if (more && state.nextReports) query.set("after", state.nextReports);
  const data = await api("GET", connectionPath("reports?" + query));
  const list = $("report-list");
  if (!more) list.replaceChildren();
  for (const report of data.reports) {
    const item = document.createElement("li");
    const title = document.createElement("h3");
    title.textContent = "Controle van " + when(report.started_at);
    const covered = document.createElement("p");
    covered.textContent = "Periode: " + period(report.period_first, report.period_last) + " — " +
      report.booked + " geboekt, " + report.in_ledger + " in de boekhouding, " +
      (report.mismatches === 0 ? "geen afwijkingen" : report.mismatches + " afwijking" + (report.mismatches === 1 ? "" : "en"));
    item.append(title, covered);
    if (report.summary) {
      const summary = document.createElement("pre");
      summary.className = "summary";
      summary.textContent = report.summary;
      item.appendChild(summary);
    }
    if (report.csv) {
      const link = document.createElement("a");
      link.href = "/app/api/" + connectionPath("reports/" + encodeURIComponent(report.csv));
      link.download = report.csv;
      link.textContent = "Download de afwijkingen (CSV)";
      link.setAttribute("aria-label", "Download de afwijkingen van de controle van " + when(report.started_at) + " (CSV)");
      item.appendChild(link);
    }
    list.appendChild(item);
  }
  state.nextReports = data.next || null;
  $("reports-more").hidden = !state.nextReports;
  $("reports-empty").hidden = list.children.length > 0;
}

document.addEventListener("DOMContentLoaded", () => {
  $("login").addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = event.submitter || $("login").querySelector("button");
    button.disabled = true;
    try {
      await api("POST", "login", { email: $("email").value, password: $("password").value });
      $("password").value = "";
      showDashboard(await api("GET", "session"));
    } catch (error) {
      say(error.message, true);
    } finally {
      button.disabled = false;
    }
  });
  $("logout").addEventListener("click", async () => {
    try { await api("POST", "logout"); } catch (error) { failed(error); }
    showLogin("Je bent uitgelogd.");
  });
  $("connection").addEventListener("change", () => { state.license = $("connection").value; selectTab(state.tab, false); });
  $("period").addEventListener("submit", (event) => { event.preventDefault(); loadBooked(false).catch(failed); });
  $("booked-more").addEventListener("click", () => loadBooked(true).catch(failed));
  $("reports-more").addEventListener("click", () => loadReports(true).catch(failed));
  const tabs = [...document.querySelectorAll("[role=tab]")];
  for (const button of tabs) {
    button.addEventListener("click", () => selectTab(button.dataset.tab, true));
    // Arrow keys move between the tabs (WAI-ARIA tabs pattern).
    button.addEventListener("keydown", (event) => {
      const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
      if (!step) return;
      event.preventDefault();
      const next = tabs[(tabs.indexOf(button) + step + tabs.length) % tabs.length];
      selectTab(next.dataset.tab, true);
    });
  }
  api("GET", "session").then(showDashboard).catch(() => showLogin());
});
