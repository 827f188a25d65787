// The profile tab (docs/dashboard.md); loaded after app.js, whose helpers it uses.
// Also "Wachtwoord vergeten?": the request by mail and the page the mail's link opens.
"use strict";

const profile = { resetToken: null };

// A form of labelled fields and a submit button; `fields` are [id, label, type, autocomplete].
function profileForm(id, title, fields, submitText) {
  const form = document.createElement("form");
  form.id = id;
  form.className = "profile-form";
  const heading = document.createElement("h2");
  heading.textContent = title;
  form.appendChild(heading);
  for (const [fieldId, label, type, autocomplete] of fields) {
    const labelElement = document.createElement("label");
    labelElement.htmlFor = fieldId;
    labelElement.textContent = label;
    const input = document.createElement("input");
    input.id = fieldId;
    input.type = type;
    input.required = true;
    input.autocomplete = autocomplete;
    if (type === "password" && autocomplete === "new-password") input.minLength = 12;
    form.append(labelElement, input);
  }
  const button = document.createElement("button");
  button.type = "submit";
  button.textContent = submitText;
  form.appendChild(button);
  return form;
}

// Runs `action` for a submitted form, its button disabled meanwhile; errors are said in Dutch.
function onSubmit(form, action) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try { await action(); } catch (error) { failed(error); } finally { button.disabled = false; }
  });
}

function definition(list, term, text) {
  const dt = document.createElement("dt");
  dt.textContent = term;
  const dd = document.createElement("dd");
  dd.textContent = text;
  list.append(dt, dd);
}

function connectionCard(connection) {
  const item = document.createElement("li");
  const heading = document.createElement("h3");
  heading.textContent = connection.name;
  const list = document.createElement("dl");
  // In full: the license names the connection (the shop's extension asks for it) but opens
  // nothing; the API key that signs the pushes is never shown.
  definition(list, "Licentie", connection.license);
  const shops = { opencart: "OpenCart", mijnwebwinkel: "Mijnwebwinkel" };
  const ledgers = { moneybird: "Moneybird", minox: "Minox" };
  definition(list, "Webshop", shops[connection.shop] || connection.shop);
  definition(list, "Boekhouding", ledgers[connection.ledger] || connection.ledger);
  // OpenCart pushes its orders (signed with the API key); koppel fetches Mijnwebwinkel's (its token).
  const pushes = connection.shop === "opencart";
  definition(list, "Status", connection.active
    ? (pushes ? "Actief: de webshop stuurt bestellingen" : "Actief: koppel haalt de bestellingen op")
    : (pushes ? "Niet actief: er is nog geen API-sleutel" : "Niet actief: er is nog geen winkeltoken"));
  const ledger = connection.ledger_connection;
  definition(list, "Boekhouding gekoppeld",
    ledger ? "Ja, administratie " + ledger.administration_id + " sinds " + when(ledger.since) : "Nee");
  const sync = connection.last_sync;
  definition(list, "Laatste verwerking",
    !sync ? "Nog niet uitgevoerd" : when(sync.at) + (sync.ok ? ": gelukt" : ": mislukt (" + sync.problem + ")"));
  item.append(heading, list);
  return item;
}

async function loadProfile() {
  const data = await api("GET", "profile");
  const email = profileForm("profile-email-form", "Contactgegevens",
    [["profile-email", "E-mailadres (ook om in te loggen)", "email", "email"]], "E-mailadres opslaan");
  email.querySelector("#profile-email").value = data.email;
  onSubmit(email, async () => {
    const answer = await api("PUT", "profile", { email: $("profile-email").value });
    $("user-email").textContent = answer.email;
    say("Je e-mailadres is gewijzigd.");
  });

  const password = profileForm("profile-password-form", "Wachtwoord wijzigen", [
    ["profile-current", "Huidig wachtwoord", "password", "current-password"],
    ["profile-new", "Nieuw wachtwoord (minstens 12 tekens)", "password", "new-password"],
    ["profile-repeat", "Nieuw wachtwoord nogmaals", "password", "new-password"],
  ], "Wachtwoord wijzigen");
  onSubmit(password, async () => {
    if ($("profile-new").value !== $("profile-repeat").value) {
      say("De twee nieuwe wachtwoorden zijn niet gelijk.", true);
      return;
    }
    await api("PUT", "profile/password", { current: $("profile-current").value, new: $("profile-new").value });
    for (const id of ["profile-current", "profile-new", "profile-repeat"]) $(id).value = "";
    say("Je wachtwoord is gewijzigd. Op andere apparaten ben je uitgelogd.");
  });

  const connections = document.createElement("section");
  const heading = document.createElement("h2");
  heading.textContent = "Koppelingen";
  const list = document.createElement("ul");
  list.className = "cards";
  list.id = "profile-connections";
  list.append(...data.connections.map(connectionCard));
  connections.append(heading, list);
  $("profile-sections").replaceChildren(email, password, connections);
}

tabLoaders.profile = loadProfile;

// The reset screens stand where the login form stands.
function showResetScreen(form) {
  for (const other of document.querySelectorAll("#login, .reset-form")) other.hidden = other !== form;
  form.hidden = false;
  form.querySelector("input").focus();
}

function resetRequestForm() {
  const form = profileForm("reset-request", "Wachtwoord vergeten?",
    [["reset-email", "E-mailadres", "email", "username"]], "Stuur een herstellink");
  form.classList.add("reset-form");
  const back = document.createElement("button");
  back.type = "button";
  back.className = "link";
  back.textContent = "Terug naar inloggen";
  back.addEventListener("click", () => { form.hidden = true; showLogin(); });
  form.appendChild(back);
  onSubmit(form, async () => {
    const answer = await api("POST", "password-reset", { email: $("reset-email").value });
    form.hidden = true;
    showLogin();
    say(answer.message);
  });
  return form;
}

function resetConfirmForm() {
  const form = profileForm("reset-confirm", "Nieuw wachtwoord instellen", [
    ["reset-new", "Nieuw wachtwoord (minstens 12 tekens)", "password", "new-password"],
    ["reset-repeat", "Nieuw wachtwoord nogmaals", "password", "new-password"],
  ], "Wachtwoord instellen");
  form.classList.add("reset-form");
  onSubmit(form, async () => {
    if ($("reset-new").value !== $("reset-repeat").value) {
      say("De twee wachtwoorden zijn niet gelijk.", true);
      return;
    }
    try {
      await api("POST", "password-reset/confirm", { token: profile.resetToken, password: $("reset-new").value });
    } catch (error) {
      // A used or expired link stays so: the owner asks for a new one.
      if (error.code === "reset_token_invalid") { profile.resetToken = null; form.hidden = true; showLogin(); }
      throw error;
    }
    profile.resetToken = null;
    form.hidden = true;
    showLogin();
    say("Je wachtwoord is ingesteld. Log in met je nieuwe wachtwoord.");
  });
  return form;
}

// While a reset link's token is at hand, its form stands instead of the login form.
loginAlternatives.push((message) => {
  if (!profile.resetToken) return false;
  showResetScreen($("reset-confirm"));
  say(message || "Kies een nieuw wachtwoord voor je account.", false);
  return true;
});

document.addEventListener("DOMContentLoaded", () => {
  const request = resetRequestForm();
  const confirm = resetConfirmForm();
  request.hidden = confirm.hidden = true;
  $("login").after(request, confirm);
  $("forgot-password").addEventListener("click", () => {
    $("reset-email").value = $("email").value;
    say("");
    showResetScreen(request);
  });
  takeResetToken();
  // The link opened in a tab that shows the login already changes only the fragment.
  window.addEventListener("hashchange", () => { if (takeResetToken() && $("dashboard").hidden) showLogin(); });
});

// The mail's link: /#herstel=TOKEN. The token is in the fragment, which the browser never
// sends; it is taken out of the address bar and the history at once.
function takeResetToken() {
  const match = /^#herstel=([A-Za-z0-9_-]+)$/.exec(location.hash);
  if (!match) return false;
  profile.resetToken = match[1];
  history.replaceState(null, "", location.pathname + location.search);
  return true;
}
