// The Configuratie tab (docs/dashboard.md): status dots, what is missing, and a form per section
// that saves on its own. Loaded after app.js, whose helpers (api, say, connectionPath) it uses.
"use strict";

const configState = { data: null };

function element(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "text") node.textContent = value;
    else node.setAttribute(name, value === true ? "" : value);
  }
  node.append(...children);
  return node;
}

// A labelled field: the label names the input for screen readers and for a tap on a phone.
function field(id, label, input) {
  input.id = id;
  return element("p", { class: "field" }, element("label", { for: id, text: label }), input);
}

// A <select> of the ledger's entries; the stored value stays selectable even when the list lacks it.
function choose(entries, value, emptyText) {
  const select = element("select");
  select.append(element("option", { value: "", text: emptyText || "(niet gekozen)" }));
  const known = new Set();
  for (const entry of entries || []) {
    known.add(entry.id);
    // An account's number, a tax rate's percentage: what tells two alike names apart.
    const detail = entry.detail ? " (" + entry.detail + ")" : "";
    select.append(element("option", { value: entry.id, text: entry.name + detail }));
  }
  if (value && !known.has(value)) select.append(element("option", { value, text: value + " (onbekend)" }));
  select.value = value || "";
  return select;
}

function section(id, title, ...children) {
  return element("section", { id, class: "config-section", "aria-labelledby": id + "-title" },
    element("h3", { id: id + "-title", text: title }), ...children);
}

// One form per section; its button saves only that section.
function saveForm(id, buttonText, send, ...children) {
  const form = element("form", { id }, ...children, element("button", { type: "submit", text: buttonText }));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      const result = await send();
      await loadConfig();
      say(result.message);
    } catch (error) {
      failed(error);
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

function dot(id, status, title, lines) {
  const words = { green: "in orde", red: "let op", unknown: "nog onbekend" };
  return element("div", { id, class: "dot-line" },
    element("span", { class: "dot " + status, role: "img", "aria-label": title + ": " + words[status] }),
    element("div", {}, element("strong", { text: title }), ...lines.map((line) => element("p", { class: "detail", text: line }))));
}

// "21" → 2100, "5,5" → 550; null when it is no percentage with at most two decimals.
function basisPoints(text) {
  const match = text.trim().match(/^(\d{1,3})(?:[.,](\d{1,2}))?$/);
  if (!match) return null;
  const points = Number(match[1]) * 100 + Number((match[2] || "0").padEnd(2, "0"));
  return points <= 10000 ? points : null;
}
function percentText(points) { return (points / 100).toLocaleString("nl-NL", { maximumFractionDigits: 2 }); }
const countryNames = new Intl.DisplayNames(["nl"], { type: "region" });
function scopeName(scope) {
  if (scope === "ICP") return "ICP (zakelijk binnen de EU)";
  if (scope === "INT") return "Buiten de EU";
  return countryNames.of(scope === "EL" ? "GR" : scope) + " (" + scope + ")";
}

function renderDots(data) {
  const shop = data.shop;
  const ledger = data.ledger;
  const shopLines = shop.settings_version
    ? ["Laatste push: " + (shop.last_push_at ? when(shop.last_push_at) : "onbekend"), "Instellingen versie " + shop.settings_version]
    : ["De webshop heeft nog geen instellingen gestuurd."];
  const ledgerLines = [];
  if (!ledger.connected) ledgerLines.push("De boekhouding is nog niet gekoppeld.");
  else if (ledger.last_call_at) ledgerLines.push("Laatste aanroep: " + when(ledger.last_call_at) + (ledger.problem ? "" : " — toegang geldig"));
  else ledgerLines.push("Gekoppeld; nog geen aanroep gedaan.");
  if (ledger.problem) ledgerLines.push(ledger.problem);
  return element("div", { id: "config-dots", class: "dots" },
    dot("shop-dot", shop.status, "Webshop", shopLines), dot("ledger-dot", ledger.status, "Boekhouding (" + ledger.name + ")", ledgerLines));
}

function renderMissing(data) {
  if (data.missing.length === 0) return element("p", { id: "config-missing", class: "complete", text: "Alles is ingesteld." });
  return element("div", { id: "config-missing", class: "missing" },
    element("p", { text: "Nog in te stellen voordat elke bestelling geboekt kan worden:" }),
    element("ul", {}, ...data.missing.map((text) => element("li", { text }))));
}

function renderStatuses(data) {
  const statuses = data.shop.statuses;
  if (statuses.length === 0) {
    return section("config-statuses", "Orderstatussen", element("p", { text: "De webshop heeft nog geen orderstatussen gestuurd." }));
  }
  const table = element("table", { class: "checks" },
    element("thead", {}, element("tr", {}, element("th", { text: "Status" }), element("th", { text: "Boeken" }), element("th", { text: "Crediteren" }))));
  const body = element("tbody");
  for (const status of statuses) {
    const booked = element("input", { type: "checkbox", id: "status-booked-" + status.id, checked: data.statuses.booked.includes(Number(status.id)) });
    const cancelled = element("input", { type: "checkbox", id: "status-cancelled-" + status.id, checked: data.statuses.cancelled.includes(Number(status.id)) });
    booked.setAttribute("aria-label", status.name + " boeken");
    cancelled.setAttribute("aria-label", status.name + " crediteren");
    const row = element("tr");
    cell(row, "Status", status.name);
    cell(row, "Boeken", "").append(booked);
    cell(row, "Crediteren", "").append(cancelled);
    body.append(row);
  }
  table.append(body);
  const checked = (kind) => statuses.filter((s) => $("status-" + kind + "-" + s.id).checked).map((s) => Number(s.id));
  return section("config-statuses", "Orderstatussen",
    element("p", { class: "detail", text: "Bestellingen met een status onder ‘Boeken’ worden geboekt; een geboekte bestelling die een status onder ‘Crediteren’ krijgt, wordt gecrediteerd." }),
    saveForm("statuses-form", "Orderstatussen opslaan",
      () => api("PUT", connectionPath("configuration/statuses"), { booked: checked("booked"), cancelled: checked("cancelled") }), table));
}

function renderVAT(data) {
  const reference = data.ledger.reference || { tax_rates: [], revenue_accounts: [] };
  const table = element("table", { class: "vat" },
    element("thead", {}, element("tr", {}, ...["Land", "Tarief %", "Btw-code", "Omzetrekening"].map((text) => element("th", { text })))));
  const body = element("tbody", { id: "vat-rows" });
  // The shop's own country, ICP and outside the EU first: what most orders need; then the other
  // member states (OSS). The index stays the entry's place in the stored table.
  const rank = (scope) => scope === data.vat.shop_country ? 0 : scope === "ICP" || scope === "INT" ? 1 : 2;
  const ordered = data.vat.entries.map((entry, index) => [entry, index])
    .sort((a, b) => rank(a[0].scope) - rank(b[0].scope) || a[1] - b[1]);
  ordered.forEach(([entry, index]) => {
    const row = element("tr", { "data-scope": entry.scope, "data-rate": String(entry.basis_points) });
    cell(row, "Land", scopeName(entry.scope));
    const rate = element("input", { id: "vat-rate-" + index, inputmode: "decimal", size: "5", value: percentText(entry.basis_points) });
    rate.setAttribute("aria-label", "Tarief " + scopeName(entry.scope));
    const code = choose(reference.tax_rates, entry.vat_code);
    code.id = "vat-code-" + index;
    code.setAttribute("aria-label", "Btw-code " + scopeName(entry.scope) + " " + percentText(entry.basis_points) + "%");
    const account = choose(reference.revenue_accounts, entry.revenue_account);
    account.id = "vat-account-" + index;
    account.setAttribute("aria-label", "Omzetrekening " + scopeName(entry.scope) + " " + percentText(entry.basis_points) + "%");
    cell(row, "Tarief %", "").append(rate);
    cell(row, "Btw-code", "").append(code);
    cell(row, "Omzetrekening", "").append(account);
    body.append(row);
  });
  table.append(body);
  const send = () => {
    const entries = data.vat.entries.map((entry, index) => {
      const points = basisPoints($("vat-rate-" + index).value);
      if (points === null) throw new APIError(400, "bad_request", "Het tarief van " + scopeName(entry.scope) + " is geen percentage (bijvoorbeeld 21 of 5,5).");
      return { scope: entry.scope, basis_points: points, vat_code: $("vat-code-" + index).value, revenue_account: $("vat-account-" + index).value };
    });
    return api("PUT", connectionPath("configuration/vat"), { entries });
  };
  const refresh = element("button", { type: "button", id: "vat-refresh", class: "secondary", text: "Vernieuwen" });
  refresh.addEventListener("click", () => busy(refresh, "Gegevens uit de boekhouding ophalen…", () => api("POST", connectionPath("ledger/refresh"))));
  const remove = element("button", { type: "button", id: "vat-delete", class: "danger", text: "VAT-instellingen verwijderen" });
  remove.addEventListener("click", () => {
    if (!window.confirm("Alle btw-instellingen verwijderen? Elk tarief gaat terug naar de standaard, zonder btw-code en omzetrekening.")) return;
    busy(remove, "Btw-instellingen verwijderen…", () => api("DELETE", connectionPath("configuration/vat")));
  });
  const read = data.ledger.reference ? "Keuzes uit de boekhouding van " + when(data.ledger.reference.read_at) + "." : "De keuzes uit de boekhouding zijn nog niet opgehaald: klik op Vernieuwen.";
  return section("config-vat", "Btw-instellingen",
    element("p", { class: "detail", text: "Elk EU-land met zijn standaardtarieven, ICP en buiten de EU. Een tarief mag je aanpassen. " + read }),
    element("p", { class: "actions" }, refresh, remove),
    saveForm("vat-form", "Btw-instellingen opslaan", send, element("div", { class: "scroll" }, table)));
}

async function busy(button, text, action) {
  button.disabled = true;
  say(text);
  try {
    const result = await action();
    await loadConfig();
    say(result.message);
  } catch (error) {
    failed(error);
  } finally {
    button.disabled = false;
  }
}

function renderDebtors(data) {
  const methods = data.shop.payment_methods;
  const codes = [...new Set([...methods.map((m) => m.id), ...Object.keys(data.debtors)])];
  const names = Object.fromEntries(methods.map((m) => [m.id, m.name]));
  const fields = codes.map((code, index) => field("debtor-" + index, (names[code] || code) + " (" + code + ")",
    element("input", { value: data.debtors[code] || "", inputmode: "numeric", placeholder: "contact-id in " + data.ledger.name, "data-code": code })));
  const send = () => {
    const debtors = {};
    codes.forEach((code, index) => { const value = $("debtor-" + index).value.trim(); if (value) debtors[code] = value; });
    return api("PUT", connectionPath("configuration/debtors"), { debtors });
  };
  return section("config-debtors", "Vaste debiteur per betaalmethode",
    element("p", { class: "detail", text: "Bestellingen met deze betaalmethode worden op één vaste debiteur geboekt in plaats van op de klant. Dit geldt nooit voor ICP-bestellingen: die staan altijd op naam van de zakelijke klant. Leeg laten: op de klant boeken." }),
    saveForm("debtors-form", "Vaste debiteuren opslaan", send, ...fields));
}

// A code of the ledger's per payment method of the shop (Asperion's payment codes): a row per
// method with a text field; empty means no code. Each field's id is the setting's id and the row.
function paymentCodeTable(setting, ledgerName) {
  const id = "ledger-setting-" + setting.key;
  if (setting.choices.length === 0) {
    return element("div", { id, "data-key": setting.key },
      element("p", { class: "detail", text: "De webshop heeft nog geen betaalmethoden gestuurd." }));
  }
  const body = element("tbody");
  setting.choices.forEach((method, index) => {
    const input = element("input", { type: "text", id: id + "-" + index, value: method.code || "", "data-method": method.id,
      size: "12", spellcheck: "false", autocapitalize: "characters" });
    input.setAttribute("aria-label", "Betaalcode in " + ledgerName + " voor " + method.name);
    const row = element("tr", { "data-method": method.id });
    cell(row, "Betaalmethode", method.name === method.id ? method.id : method.name + " (" + method.id + ")");
    cell(row, "Betaalcode in " + ledgerName, "").append(input);
    body.append(row);
  });
  return element("div", { id, "data-key": setting.key },
    element("h4", { text: setting.label }),
    element("p", { class: "detail", text: "Vul per betaalmethode van je webshop de betaalcode in zoals die in " + ledgerName +
      " heet (letters, cijfers, - of _). Leeg laten: de factuur krijgt geen betaalcode." }),
    element("table", { class: "checks payment-codes" },
      element("thead", {}, element("tr", {}, element("th", { text: "Betaalmethode" }), element("th", { text: "Betaalcode in " + ledgerName }))),
      body));
}

// The codes in a payment code table, by method (an empty field is sent empty: the code is removed).
function paymentCodesIn(setting) {
  const codes = {};
  setting.choices.forEach((method, index) => { codes[method.id] = $("ledger-setting-" + setting.key + "-" + index).value.trim(); });
  return codes;
}

// The ledger's own settings as its provider declares them: a list of the ledger's entries
// (Minox's journal, Moneybird's workflow), one of a few values, yes or no, text, or a code per
// payment method (a table).
function renderLedgerSettings(data) {
  const name = data.ledger.name;
  if (!data.ledger_settings) return section("config-ledger", "Instellingen voor " + name, element("p", { text: "Koppel eerst de boekhouding." }));
  const fields = data.ledger_settings.map((setting) => {
    const id = "ledger-setting-" + setting.key;
    if (setting.form === "per_payment_method") return paymentCodeTable(setting, name);
    if (setting.form === "flag") {
      const box = element("input", { type: "checkbox", id, checked: setting.value === "true", "data-key": setting.key });
      return element("p", { class: "field check" }, box, element("label", { for: id, text: setting.label }));
    }
    let input;
    if (setting.form === "reference") {
      const empty = setting.choices.length === 0 ? "(klik op Vernieuwen om de keuzes op te halen)" : "(niet gekozen)";
      input = choose(setting.choices, setting.value, empty);
    } else if (setting.form === "one_of") {
      input = choose(setting.choices, setting.value);
    } else {
      input = element("input", { type: "text", value: setting.value || "" });
    }
    input.setAttribute("data-key", setting.key);
    return field(id, setting.label, input);
  });
  // Only what changed; an empty choice is left as it is (the ledger's own default), never stored empty.
  const send = () => {
    const body = {};
    for (const setting of data.ledger_settings) {
      const input = $("ledger-setting-" + setting.key);
      // A box is sent when it changed: Minox takes no flag before its journal is chosen.
      if (setting.form === "per_payment_method") {
        const codes = paymentCodesIn(setting);
        if (setting.choices.some((method) => codes[method.id] !== (method.code || ""))) body[setting.key] = codes;
      } else if (setting.form === "flag") { if (String(input.checked) !== (setting.value || "false")) body[setting.key] = input.checked; }
      else if (input.value !== "" && input.value !== setting.value) body[setting.key] = input.value;
    }
    return api("PUT", connectionPath("configuration/ledger"), body);
  };
  return section("config-ledger", "Instellingen voor " + name,
    saveForm("ledger-settings-form", "Instellingen voor " + name + " opslaan", send, ...fields));
}

function renderAccounts(data) {
  const reference = data.ledger.reference || { liability_accounts: [], revenue_accounts: [] };
  const all = [...reference.liability_accounts, ...reference.revenue_accounts];
  const accounts = data.accounts;
  const send = () => api("PUT", connectionPath("configuration/accounts"), {
    gift_voucher: $("acc-gift").value, store_credit: $("acc-credit").value, rounding: $("acc-rounding").value,
    levy: $("acc-levy").value, rounding_tolerance: $("acc-tolerance").value.trim(),
  });
  return section("config-accounts", "Rekeningen",
    saveForm("accounts-form", "Rekeningen opslaan", send,
      field("acc-gift", "Cadeaubonnen (schuld)", choose(all, accounts.gift_voucher)),
      field("acc-credit", "Tegoed (schuld)", choose(all, accounts.store_credit)),
      field("acc-rounding", "Afrondingsverschillen", choose(all, accounts.rounding)),
      field("acc-levy", "Heffingen (zoals verwijderingsbijdrage)", choose(all, accounts.levy)),
      field("acc-tolerance", "Grootste afrondingsverschil dat geboekt wordt (€)", element("input", { value: accounts.rounding_tolerance, inputmode: "decimal", size: "6" }))));
}

function renderReconcile(data) {
  const reconcile = data.reconcile;
  const send = () => api("PUT", connectionPath("configuration/reconcile"), {
    tolerance: $("rec-tolerance").value.trim(),
    notify_emails: $("rec-emails").value.split(/[,\s]+/).filter((text) => text),
    mail_when_clean: $("rec-clean").checked,
  });
  const clean = element("input", { type: "checkbox", id: "rec-clean", checked: reconcile.mail_when_clean });
  return section("config-reconcile", "Controle",
    element("p", { class: "detail", text: "Elke nacht vergelijkt koppel de boekingen met de boekhouding en mailt het rapport." }),
    saveForm("reconcile-form", "Controle-instellingen opslaan", send,
      field("rec-tolerance", "Tolerantie (€): een groter verschil is een afwijking", element("input", { value: reconcile.tolerance, inputmode: "decimal", size: "6" })),
      field("rec-emails", "E-mailadressen voor het nachtelijke rapport (met komma's)", element("input", { type: "text", value: reconcile.notify_emails.join(", "), autocomplete: "email" })),
      element("p", { class: "field check" }, clean, element("label", { for: "rec-clean", text: "Ook mailen als er niets afwijkt" }))));
}

async function loadConfig() {
  const data = await api("GET", connectionPath("configuration"));
  configState.data = data;
  $("config-sections").replaceChildren(renderDots(data), renderMissing(data), renderStatuses(data), renderVAT(data),
    renderDebtors(data), renderLedgerSettings(data), renderAccounts(data), renderReconcile(data));
}

tabLoaders.config = loadConfig;
