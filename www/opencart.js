// Configuratie's OpenCart section (docs/dashboard.md): what to enter in the koppel module in
// OpenCart (the license and koppel's address), and the shop's API key: set or replaced here, never
// shown back. Asks for the account's password again. Loaded after config.js (element, field).
"use strict";

function shopKeyForm(data) {
  const key = element("input", { type: "password", autocomplete: "new-password", spellcheck: "false",
    maxlength: String(data.maximum_length), "aria-describedby": "shop-key-rules" });
  const password = element("input", { type: "password", autocomplete: "current-password" });
  const form = element("form", { id: "shop-key-form", class: "profile-form", hidden: true },
    field("shop-key", "Nieuwe API-sleutel", key),
    element("p", { id: "shop-key-rules", class: "detail",
      text: data.minimum_length + " tot " + data.maximum_length + " tekens: letters, cijfers en de tekens ! * @ # ( ) =. " +
        "Kies een lange sleutel met hoofdletters, kleine letters, cijfers en leestekens; vul daarna dezelfde sleutel in bij de koppel-module in OpenCart." }),
    field("shop-key-password", "Je wachtwoord (ter bevestiging)", password),
    element("p", { class: "actions" }, element("button", { type: "submit", id: "shop-key-save", text: "API-sleutel opslaan" })));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = $("shop-key-save");
    button.disabled = true;
    try {
      const result = await api("PUT", connectionPath("shop/api-key"), { api_key: key.value, password: password.value });
      key.value = "";
      password.value = "";
      await loadShopConnection();
      say(result.message);
    } catch (error) {
      failed(error);
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

function shopFact(term, value, id) {
  return [element("dt", { text: term }), element("dd", { id, text: value })];
}

async function loadShopConnection() {
  const data = await api("GET", connectionPath("shop"));
  if (data.shop === "mijnwebwinkel") return showMijnwebwinkelShop(data);  // mijnwebwinkel.js
  const open = element("button", { type: "button", id: "shop-key-open", class: data.api_key_set ? "secondary" : "danger",
    "aria-expanded": "false", "aria-controls": "shop-key-form", text: data.api_key_set ? "API-sleutel vervangen" : "Koppel met OpenCart" });
  const form = shopKeyForm(data);
  open.addEventListener("click", () => {
    form.hidden = !form.hidden;
    open.setAttribute("aria-expanded", String(!form.hidden));
    if (!form.hidden) $("shop-key").focus();
  });
  $("shop-connect").replaceChildren(
    element("h2", { text: "Webshop (OpenCart)" }),
    element("p", { class: "detail", text: "Vul deze gegevens in bij de koppel-module in OpenCart (Extensies › Modules › koppel › Bewerken)." }),
    element("dl", { id: "shop-facts" },
      ...shopFact("Licentiesleutel", data.license, "shop-license"),
      ...shopFact("Adres van koppel", data.endpoint || "nog niet ingesteld: vraag de beheerder", "shop-endpoint"),
      ...shopFact("API-sleutel", data.api_key_set ? "ingesteld (wordt nooit getoond)" : "nog niet ingesteld", "shop-key-state")),
    open, form);
}

// Beside whatever the other Configuratie scripts load.
const loadConfigBesideShop = tabLoaders.config;
tabLoaders.config = () => Promise.all([loadShopConnection(), loadConfigBesideShop()]);
