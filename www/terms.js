// De Algemene Voorwaarden en de AVG (docs/dashboard.md): whenever the owner opens Configuratie
// before accepting both current texts, a dialog asks for it with two checkboxes. Until then
// koppel-web refuses every configuration change (403 terms_not_accepted); reading goes on.
// Loaded after config.js, whose element() helper and tab loader it uses.
"use strict";

const termsState = { data: null };

function termsCheck(id, text, page) {
  return element("div", { class: "terms-line" },
    element("p", { class: "field check" }, element("input", { type: "checkbox", id }), element("label", { for: id, text })),
    element("p", { class: "detail" }, element("a", { href: page.url, target: "_blank", rel: "noopener",
      text: "Lees de tekst (versie " + page.version + ", opent een nieuw venster)" })));
}

function termsDialog(data) {
  const problem = element("p", { id: "terms-problem", class: "problem", role: "alert" });
  const later = element("button", { type: "button", id: "terms-later", class: "secondary", text: "Later" });
  const form = element("form", { id: "terms-form" },
    termsCheck("terms-voorwaarden", "Ik ga akkoord met de Algemene Voorwaarden", data.voorwaarden),
    termsCheck("terms-avg", "Ik ga akkoord met de privacyverklaring en de verwerkersovereenkomst (AVG)", data.avg),
    problem,
    element("p", { class: "actions" }, element("button", { type: "submit", id: "terms-accept", text: "Accepteren" }), later));
  const dialog = element("dialog", { id: "terms-dialog", "aria-labelledby": "terms-title", "aria-describedby": "terms-intro" },
    element("h2", { id: "terms-title", text: "Algemene Voorwaarden en AVG" }),
    element("p", { id: "terms-intro", text: "Voordat je de koppeling instelt, vragen we je akkoord met onze Algemene Voorwaarden en met de AVG-documenten: de privacyverklaring en de verwerkersovereenkomst. Vink beide aan om verder te gaan." }),
    form);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const unchecked = ["terms-voorwaarden", "terms-avg"].find((id) => !$(id).checked);
    if (unchecked) {
      problem.textContent = "Vink beide vakjes aan om verder te gaan.";
      $(unchecked).focus();
      return;
    }
    const button = $("terms-accept");
    button.disabled = true;
    try {
      termsState.data = await api("POST", "terms", { voorwaarden: data.voorwaarden.version, avg: data.avg.version });
      dialog.close("geaccepteerd");
      say("Bedankt. Je hebt de Algemene Voorwaarden en de AVG geaccepteerd; je kunt de koppeling nu instellen.");
    } catch (error) {
      problem.textContent = error.message;
    } finally {
      button.disabled = false;
    }
  });
  later.addEventListener("click", () => dialog.close());
  // Escape closes the dialog (the browser's cancel) without accepting anything.
  dialog.addEventListener("close", () => {
    dialog.remove();
    renderTermsNotice();
    if (termsState.data && termsState.data.accepted) return;
    say("Zonder akkoord met de Algemene Voorwaarden en de AVG kun je de koppeling niet instellen.", true);
    $("terms-open").focus();
  });
  // Focus stays in the dialog: Tab from the last control goes to the first, Shift+Tab the other way.
  dialog.addEventListener("keydown", (event) => {
    if (event.key !== "Tab") return;
    const controls = [...dialog.querySelectorAll("input, button, a[href]")].filter((node) => !node.disabled);
    const first = controls[0];
    const last = controls[controls.length - 1];
    if (event.shiftKey && document.activeElement === first) { event.preventDefault(); last.focus(); }
    else if (!event.shiftKey && document.activeElement === last) { event.preventDefault(); first.focus(); }
  });
  return dialog;
}

function openTermsDialog() {
  if ($("terms-dialog") || !termsState.data) return;
  const dialog = termsDialog(termsState.data);
  document.body.append(dialog);
  dialog.showModal();
  $("terms-voorwaarden").focus();
}

// Above Configuratie while the texts wait for the owner's akkoord.
function renderTermsNotice() {
  const old = $("terms-notice");
  if (old) old.remove();
  if (!termsState.data || termsState.data.accepted) return;
  const button = element("button", { type: "button", id: "terms-open", text: "Voorwaarden bekijken en accepteren" });
  button.addEventListener("click", openTermsDialog);
  $("panel-config").prepend(element("div", { id: "terms-notice", class: "missing" },
    element("p", { text: "Je hebt de Algemene Voorwaarden en de AVG nog niet geaccepteerd. Tot dan kun je niets wijzigen." }), button));
}

const loadConfigWithoutTerms = tabLoaders.config;
tabLoaders.config = async () => {
  await loadConfigWithoutTerms();
  termsState.data = await api("GET", "terms");
  renderTermsNotice();
  if (!termsState.data.accepted) openTermsDialog();
};
