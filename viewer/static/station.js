// The review station's keys, page tools, dossier lookup and shift-click selection.
// Everything here has a plain-form equivalent on the page; this file only makes it faster.
(function () {
  "use strict";
  const station = document.getElementById("station");
  if (!station) return;
  const $ = (id) => document.getElementById(id);
  const image = $("station-image");
  const help = $("station-help");
  let zoomed = false, turn = 0, shown = Number(station.dataset.shown || 1);
  const pages = Number(station.dataset.pages || 0);

  for (const id of ["help-open", "zoom", "rotate"]) { if ($(id)) $(id).hidden = false; }

  function toggleHelp(open) {
    help.hidden = open === undefined ? !help.hidden : !open;
    if (!help.hidden) $("help-close").focus();
  }
  function zoom() { zoomed = !zoomed; image.classList.toggle("zoomed", zoomed); }
  function rotate() { turn = (turn + 90) % 360; image.style.transform = turn ? `rotate(${turn}deg)` : ""; }
  function showPage(n) {
    if (!image || n < 1 || n > pages) return;
    shown = n;
    image.src = image.src.replace(/\/pages\/\d+\//, `/pages/${n}/`);
    document.querySelectorAll(".thumb").forEach((a) => {
      if (Number(a.dataset.page) === n) a.setAttribute("aria-current", "true");
      else a.removeAttribute("aria-current");
    });
    const split = $("split-page");
    if (split) split.value = Math.max(2, n);
  }
  function submit(button) { if (button) { button.closest("form").requestSubmit(button); } }
  function go(url) { if (url) window.location.assign(url); }

  document.querySelectorAll(".thumb").forEach((a) => a.addEventListener("click", (event) => {
    event.preventDefault(); showPage(Number(a.dataset.page));
  }));
  if ($("help-open")) $("help-open").addEventListener("click", () => toggleHelp(true));
  if ($("help-close")) $("help-close").addEventListener("click", () => toggleHelp(false));
  if ($("zoom")) $("zoom").addEventListener("click", zoom);
  if ($("rotate")) $("rotate").addEventListener("click", rotate);

  // Shift-click ticks every card between the last one ticked and this one.
  let lastPicked = null;
  const picks = Array.from(document.querySelectorAll('input[name="documents"]'));
  picks.forEach((box) => box.addEventListener("click", (event) => {
    if (event.shiftKey && lastPicked !== null) {
      const [a, b] = [picks.indexOf(lastPicked), picks.indexOf(box)].sort((x, y) => x - y);
      for (let i = a; i <= b; i++) picks[i].checked = box.checked;
    }
    lastPicked = box;
  }));
  function pickCurrent() {
    const box = $("pick-" + station.dataset.document);
    if (box) { box.checked = !box.checked; lastPicked = box; }
  }

  const actions = {
    "j": () => go(station.dataset.next), "ArrowRight": () => go(station.dataset.next),
    "k": () => go(station.dataset.prev), "ArrowLeft": () => go(station.dataset.prev),
    "ArrowDown": () => showPage(shown + 1), "ArrowUp": () => showPage(shown - 1),
    "Enter": () => submit($("confirm")), "c": () => submit($("confirm")),
    "l": () => $("lookup") && $("lookup").focus(), "t": () => $("retype") && $("retype").focus(),
    "s": () => { if (shown > 1) submit(document.querySelector(`.cut-here[data-page="${shown}"]`)); },
    "m": () => submit($("merge-previous")), "z": zoom, "r": rotate, "?": () => toggleHelp(),
    "x": pickCurrent, "a": () => picks.forEach((box) => { box.checked = true; }),
    "b": () => submit($("bulk-submit")),
  };
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") { toggleHelp(false); if (document.activeElement) document.activeElement.blur(); return; }
    const typing = event.target.closest && event.target.closest("input, select, textarea");
    if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest && event.target.closest("a, button") && event.key === "Enter"
        && event.target.id !== "confirm") return;
    const action = /^[1-9]$/.test(event.key)
      ? () => submit(document.querySelector(`.suggestion[data-key="${event.key}"]`))
      : actions[event.key];
    if (action) { event.preventDefault(); action(); }
  });

  // The dossier lookup: as one types, the API's matches; arrows choose, Enter takes one.
  const lookup = $("lookup"), list = $("lookup-list"), elements = $("element-list");
  if (!lookup) return;
  let found = [], active = -1, asked = 0;
  function paint() {
    list.replaceChildren(...found.map((d, i) => {
      const li = document.createElement("li");
      li.id = "lookup-" + i; li.setAttribute("role", "option");
      li.setAttribute("aria-selected", String(i === active));
      li.textContent = `${d.number} · ${d.title}` + (d.holders.length ? ` · ${d.holders.join(", ")}` : "");
      li.addEventListener("mousedown", (event) => { event.preventDefault(); choose(i); });
      return li;
    }));
    list.hidden = found.length === 0;
    lookup.setAttribute("aria-expanded", String(!list.hidden));
    if (active >= 0) lookup.setAttribute("aria-activedescendant", "lookup-" + active);
  }
  function choose(i) {
    const d = found[i];
    lookup.value = d.number;
    elements.replaceChildren(...d.elements.map((e) => {
      const option = document.createElement("option");
      option.value = e.reference; option.textContent = `${e.kind} · ${e.title}`;
      return option;
    }));
    found = []; active = -1; paint();
    lookup.dataset.chosen = d.number;
  }
  lookup.addEventListener("input", async () => {
    const q = lookup.value.trim(), ticket = ++asked;
    delete lookup.dataset.chosen;
    if (q.length < 2) { found = []; paint(); return; }
    const answer = await fetch("/api/v1/lookup/dossiers?q=" + encodeURIComponent(q),
                               {headers: {"Accept": "application/json"}});
    if (ticket !== asked || !answer.ok) return;
    found = (await answer.json()).dossiers; active = found.length ? 0 : -1; paint();
  });
  lookup.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" && found.length) { active = (active + 1) % found.length; paint(); event.preventDefault(); }
    else if (event.key === "ArrowUp" && found.length) { active = (active + found.length - 1) % found.length; paint(); event.preventDefault(); }
    else if (event.key === "Enter" && active >= 0 && found.length) { event.preventDefault(); choose(active); }
  });
})();
