// The ledger connection section of the Configuratie tab (docs/dashboard.md); loaded after app.js.
// "Koppel met <boekhouding>" goes to the connection's ledger (Moneybird, Minox), which sends the
// browser back to koppel; the outcome arrives in the address's fragment (/#boekhouding=...&koppeling=LICENSE).
// A ledger connected with a user name and an API key (Factuursturen) gets a form instead (ledgerTokenForm),
// one connected with a license code (Asperion) another (ledgerLicenseCodeForm).
"use strict";

const ledgerConnect = { message: null, name: "de boekhouding" };

// The outcome's text for the ledger's name ("Minox"); [text, is it an error].
function ledgerOutcome(outcome, name) {
  const texts = {
    verbonden: [name + " is gekoppeld. koppel boekt voortaan in deze administratie.", false],
    kiezen: ["Je " + name + "-account heeft meer administraties. Kies hieronder waarin koppel boekt.", false],
    geweigerd: ["Het koppelen is geweigerd: de aanvraag was verlopen of al gebruikt. Probeer het opnieuw.", true],
    afgewezen: ["Je hebt " + name + " geen toegang gegeven; er is niets gewijzigd.", true],
    mislukt: ["Het koppelen met " + name + " is mislukt. Probeer het later opnieuw.", true],
    gedeeld: ["Een andere koppeling boekt al in deze administratie met dezelfde kenmerken. Vraag de beheerder om hulp.", true],
    "niet-ingesteld": ["Koppelen met " + name + " is op deze server niet ingesteld. Vraag de beheerder.", true],
  };
  return texts[outcome] || texts.mislukt;
}

function paragraph(text, id) {
  const p = document.createElement("p");
  p.textContent = text;
  if (id) p.id = id;
  return p;
}

function administrationChoice(choices) {
  const form = document.createElement("form");
  form.id = "ledger-choice";
  const fieldset = document.createElement("fieldset");
  const legend = document.createElement("legend");
  legend.textContent = "Kies de administratie";
  fieldset.appendChild(legend);
  choices.forEach((choice, index) => {
    const label = document.createElement("label");
    const radio = document.createElement("input");
    radio.type = "radio";
    radio.name = "administration";
    radio.value = choice.id;
    radio.required = true;
    radio.checked = index === 0;
    label.append(radio, " " + choice.name + " (" + choice.id + ")");
    fieldset.appendChild(label);
  });
  const button = document.createElement("button");
  button.type = "submit";
  button.textContent = "Boek in deze administratie";
  form.append(fieldset, button);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    button.disabled = true;
    try {
      const chosen = form.querySelector("input[name=administration]:checked").value;
      await api("POST", connectionPath("ledger/administration"), { administration_id: chosen });
      ledgerConnect.message = "verbonden";
      // The whole tab: the ledger's settings and what is missing change with the connection.
      await tabLoaders.config();
    } catch (error) { failed(error); } finally { button.disabled = false; }
  });
  return form;
}

// User name, API key and the dashboard password again: koppel checks them at the ledger before
// storing; the key is never shown back, so the form is empty every time.
function ledgerTokenForm(data) {
  const name = data.ledger_name;
  const username = element("input", { type: "text", autocomplete: "off", spellcheck: "false", autocapitalize: "none" });
  const key = element("input", { type: "password", autocomplete: "off", spellcheck: "false", "aria-describedby": "ledger-key-help" });
  const password = element("input", { type: "password", autocomplete: "current-password" });
  const save = element("button", { type: "submit", id: "ledger-token-save", text: data.connected ? "Opnieuw koppelen met " + name : "Koppel met " + name });
  const form = element("form", { id: "ledger-token-form", class: "profile-form" },
    field("ledger-username", "Gebruikersnaam bij " + name, username),
    field("ledger-key", "API-sleutel", key),
    element("p", { id: "ledger-key-help", class: "detail",
      text: "Maak de API-sleutel in " + name + " onder Instellingen › Verbindingen en plak hem hier. koppel controleert hem eerst bij " +
        name + "; een sleutel die " + name + " weigert, wordt niet opgeslagen. Een andere gebruikersnaam is een ander account: " +
        "dan kies je de instellingen en de btw-koppeling opnieuw." }),
    field("ledger-token-password", "Je wachtwoord (ter bevestiging)", password),
    element("p", { class: "actions" }, save));
  if (data.connected) username.value = data.connected.administration_id;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (termsState.data && !termsState.data.accepted) { openTermsDialog(); return; }
    save.disabled = true;
    try {
      const result = await api("PUT", connectionPath("ledger/token"),
        { username: username.value, api_key: key.value, password: password.value });
      key.value = "";
      password.value = "";
      // The whole tab: the ledger's settings and what is missing change with the connection.
      await tabLoaders.config();
      say(result.message);
    } catch (error) { failed(error); } finally { save.disabled = false; }
  });
  return form;
}

// Administration number, license code and the dashboard password again (Asperion). Manual 003:
// the code cannot be checked in advance, so koppel stores it as given and says so; the code is
// never shown back, so its field is empty every time.
function ledgerLicenseCodeForm(data) {
  const name = data.ledger_name;
  const administration = element("input", { type: "text", inputmode: "numeric", autocomplete: "off", spellcheck: "false" });
  const code = element("input", { type: "password", autocomplete: "off", spellcheck: "false", "aria-describedby": "ledger-license-help" });
  const password = element("input", { type: "password", autocomplete: "current-password" });
  const save = element("button", { type: "submit", id: "ledger-license-save", text: data.connected ? "Opnieuw koppelen met " + name : "Koppel met " + name });
  const form = element("form", { id: "ledger-license-form", class: "profile-form" },
    field("ledger-administration", "Administratienummer", administration),
    field("ledger-license-code", "Licentiecode", code),
    element("p", { id: "ledger-license-help", class: "detail",
      text: "De licentiecode vind je in " + name + " onder Algemeen › Setup Wizard › Administratie instellingen, tab Algemeen. " +
        "Controleer dat je de juiste code invult: koppel kan de licentiecode niet vooraf bij " + name + " controleren; " +
        "een verkeerde code merk je pas bij de eerste levering van het dagelijkse bestand. Een ander administratienummer " +
        "is een andere administratie: dan kies je de instellingen en de betaalcodes opnieuw." }),
    field("ledger-license-password", "Je wachtwoord (ter bevestiging)", password),
    element("p", { class: "actions" }, save));
  if (data.connected) administration.value = data.connected.administration_id;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (termsState.data && !termsState.data.accepted) { openTermsDialog(); return; }
    save.disabled = true;
    try {
      const result = await api("PUT", connectionPath("ledger/license-code"),
        { administration: administration.value, license_code: code.value, password: password.value });
      code.value = "";
      password.value = "";
      // The whole tab: the ledger's settings and what is missing change with the connection.
      await tabLoaders.config();
      say(result.message);
    } catch (error) { failed(error); } finally { save.disabled = false; }
  });
  return form;
}

async function loadLedgerConnect() {
  const data = await api("GET", connectionPath("ledger"));
  const name = data.ledger_name;
  ledgerConnect.name = name;
  const heading = document.createElement("h2");
  heading.textContent = "Boekhouding";
  const parts = [heading];
  parts.push(data.connected
    ? paragraph("Gekoppeld met " + name + (data.method === "token" ? ", gebruikersnaam " : ", administratie ") + data.connected.administration_id + ", sinds " +
        when(data.connected.since) + ".", "ledger-state")
    : paragraph("Nog niet gekoppeld met " + name + ".", "ledger-state"));
  if (data.choices) parts.push(administrationChoice(data.choices));
  if (data.method === "token" || data.method === "license_code") {
    parts.push(data.method === "token" ? ledgerTokenForm(data) : ledgerLicenseCodeForm(data));
    $("ledger-connect").replaceChildren(...parts);
    return;
  }
  const button = document.createElement("button");
  button.type = "button";
  button.id = "ledger-authorize";
  button.textContent = data.connected ? "Opnieuw koppelen met " + name : "Koppel met " + name;
  button.disabled = !data.can_connect;
  // A navigation, not a fetch: koppel answers with a redirect to the ledger's login.
  button.addEventListener("click", () => {
    // Not before the Algemene Voorwaarden and the AVG (terms.js): koppel-web would refuse it.
    if (termsState.data && !termsState.data.accepted) { openTermsDialog(); return; }
    location.assign("/app/api/" + connectionPath("ledger/authorize"));
  });
  parts.push(button);
  if (!data.can_connect) parts.push(paragraph(ledgerOutcome("niet-ingesteld", name)[0]));
  $("ledger-connect").replaceChildren(...parts);
  if (ledgerConnect.message) {
    say(...ledgerOutcome(ledgerConnect.message, name));
    ledgerConnect.message = null;
  }
}

// Beside whatever config.js loads for the tab.
const configLoader = tabLoaders.config;
tabLoaders.config = () => Promise.all([loadLedgerConnect(), configLoader ? configLoader() : null]);

document.addEventListener("DOMContentLoaded", () => {
  const match = /^#boekhouding=([a-z-]+)(?:&koppeling=([^&]+))?$/.exec(location.hash);
  if (!match) return;
  history.replaceState(null, "", location.pathname + location.search);
  ledgerConnect.message = match[1];
  state.tab = "config";
  if (match[2]) state.license = decodeURIComponent(match[2]);
});
