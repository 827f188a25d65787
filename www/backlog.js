// Open's progress of a bulk migration (docs/dashboard.md): while pushed orders wait for the
// booking worker, "N van M historische bestellingen verwerkt" with a bar and the time left at the
// worker's recent rate, asked again every 2 seconds until nothing waits. Loaded after app.js.
"use strict";

const backlogState = { timer: null, busy: false };

function timeLeft(seconds) {
  if (seconds === null || seconds === undefined) return "Resterende tijd: wordt berekend…";
  if (seconds < 60) return "Nog minder dan een minuut.";
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return "Nog ongeveer " + minutes + (minutes === 1 ? " minuut." : " minuten.");
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return "Nog ongeveer " + hours + " uur" + (rest ? " en " + rest + (rest === 1 ? " minuut." : " minuten.") : ".");
}

async function loadBacklog() {
  clearTimeout(backlogState.timer);
  const license = state.license;
  const data = await api("GET", connectionPath("backlog"));
  if (state.tab !== "open" || state.license !== license) return;
  $("backlog").hidden = data.remaining === 0;
  if (data.remaining === 0) {
    if (backlogState.busy) {
      backlogState.busy = false;
      say("Alle binnengekomen bestellingen zijn verwerkt.");
      await loadOpen();
    }
    return;
  }
  backlogState.busy = true;
  $("backlog-text").textContent = data.message;
  $("backlog-bar").max = Math.max(1, data.total);
  $("backlog-bar").value = data.done;
  $("backlog-eta").textContent = timeLeft(data.seconds_left);
  backlogState.timer = setTimeout(() => {
    if (state.tab === "open" && state.license === license) loadBacklog().catch(failed);
  }, 2000);
}

const loadOpenWithoutBacklog = tabLoaders.open;
tabLoaders.open = () => Promise.all([loadOpenWithoutBacklog(), loadBacklog()]);
