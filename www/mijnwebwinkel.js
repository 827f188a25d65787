// Configuratie's shop section for a Mijnwebwinkel connection (docs/dashboard.md): koppel fetches the
// orders, so instead of OpenCart's license and API key it shows the shop's name, when orders were
// last fetched, and a form to replace the store token (checked against the shop before it is
// stored, never shown back; the account's password again). opencart.js calls it.
"use strict";

function storeTokenForm() {
  const token = element("input", { type: "password", autocomplete: "off", spellcheck: "false",
    "aria-describedby": "store-token-help" });
  const password = element("input", { type: "password", autocomplete: "current-password" });
  const form = element("form", { id: "store-token-form", class: "profile-form", hidden: true },
    field("store-token", "Nieuwe winkeltoken", token),
    element("p", { id: "store-token-help", class: "detail",
      text: "Maak de token in Mijnwebwinkel onder Instellingen › API en plak hem hier. koppel controleert hem eerst bij de winkel; " +
        "een token die de winkel weigert, wordt niet opgeslagen." }),
    field("store-token-password", "Je wachtwoord (ter bevestiging)", password),
    element("p", { class: "actions" }, element("button", { type: "submit", id: "store-token-save", text: "Winkeltoken opslaan" })));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = $("store-token-save");
    button.disabled = true;
    try {
      const result = await api("PUT", connectionPath("shop/store-token"), { store_token: token.value, password: password.value });
      token.value = "";
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

function showMijnwebwinkelShop(data) {
  const open = element("button", { type: "button", id: "store-token-open", class: data.access_set ? "secondary" : "danger",
    "aria-expanded": "false", "aria-controls": "store-token-form", text: "Winkeltoken vervangen" });
  const form = storeTokenForm();
  open.addEventListener("click", () => {
    form.hidden = !form.hidden;
    open.setAttribute("aria-expanded", String(!form.hidden));
    if (!form.hidden) $("store-token").focus();
  });
  const lastFetch = data.last_fetch_at ? when(data.last_fetch_at) : "nog niet";
  $("shop-connect").replaceChildren(
    element("h2", { text: "Webshop (Mijnwebwinkel)" }),
    element("p", { class: "detail", text: "koppel haalt de bestellingen zelf op bij Mijnwebwinkel; in de winkel hoeft niets ingevuld te worden." }),
    element("dl", { id: "shop-facts" },
      ...shopFact("Winkel", data.store_name || "onbekend: de winkel antwoordt nu niet", "shop-store-name"),
      ...shopFact("Laatst opgehaald", lastFetch, "shop-last-fetch"),
      ...(data.last_fetch_problem ? shopFact("Probleem", data.last_fetch_problem, "shop-fetch-problem") : []),
      ...shopFact("Winkeltoken", data.access_set ? "ingesteld (wordt nooit getoond)" : "nog niet ingesteld", "shop-token-state")),
    open, form);
}
