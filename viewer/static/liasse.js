// Liasse viewer: small progressive enhancements; every screen works without them.
"use strict";

// Batch progress: poll the API's batch report and move the bar; reload once the batch is done
// so the page shows each file's outcome.
function followBatch(card) {
  const id = card.dataset.batch;
  const fill = document.getElementById("batch-fill");
  const tick = async () => {
    try {
      const answer = await fetch(`/api/v1/batches/${id}`, {credentials: "same-origin"});
      if (!answer.ok) return;
      const report = await answer.json();
      const p = report.progress;
      // Each file's share done, averaged by the server: it never goes backwards.
      const percent = Math.max(p.percent, Number(fill.parentElement.getAttribute("aria-valuenow")) || 0);
      fill.style.width = `${percent}%`;
      fillIn("batch-counts", {files: p.files_done, files_total: p.files, pages: p.pages_done,
                              pages_total: p.pages_total});
      fillIn("batch-left", p.seconds_left ? {minutes: Math.ceil(p.seconds_left / 60)} : null);
      fillIn("batch-unopened", p.files_unopened ? {n: p.files_unopened} : null);
      fill.parentElement.setAttribute("aria-valuenow", String(percent));
      if (report.status === "done") { window.location.reload(); return; }
    } catch (error) { /* the network blinked: try again at the next tick */ }
    window.setTimeout(tick, 1500);
  };
  window.setTimeout(tick, 1500);
}

function fillIn(id, values) {
  const element = document.getElementById(id);
  if (!element) return;
  element.textContent = values === null ? "" : element.dataset.template.replace(
    /\{(\w+)\}/g, (all, name) => (name in values ? String(values[name]) : all));
}

// Document: bring the first highlighted word into view.
function showFirstHighlight() {
  const first = document.querySelector(".sheet .highlight");
  const image = document.getElementById("page-image");
  if (!first || !image) return;
  const scroll = () => first.scrollIntoView({block: "center", inline: "nearest"});
  if (image.complete) scroll(); else image.addEventListener("load", scroll, {once: true});
}

// Layout: on a phone the header folds into a menu behind one button (without the script the
// header simply wraps, every link visible).
function foldMenu() {
  const top = document.getElementById("top");
  const toggle = top && top.querySelector(".menu-toggle");
  if (!toggle) return;
  toggle.hidden = false;
  top.classList.add("folded");
  toggle.addEventListener("click", () => {
    const open = top.classList.toggle("folded") === false;
    toggle.setAttribute("aria-expanded", String(open));
  });
}

// Layout: each cell of a list table carries its column's name, shown when rows become cards.
function labelCells() {
  for (const table of document.querySelectorAll("table.list")) {
    const names = [...table.querySelectorAll("thead th")].map(th => th.textContent.trim());
    for (const row of table.querySelectorAll("tbody tr")) {
      [...row.children].forEach((cell, i) => { cell.dataset.label = names[i] || ""; });
    }
  }
}

// Document: the arrow keys turn pages (outside fields), as the previous/next links do.
function pageKeys() {
  const prev = document.getElementById("page-prev");
  const next = document.getElementById("page-next");
  if (!prev && !next) return;
  document.addEventListener("keydown", event => {
    if (event.target.closest("input, textarea, select") || event.altKey || event.ctrlKey) return;
    const link = event.key === "ArrowLeft" ? prev : event.key === "ArrowRight" ? next : null;
    if (link) window.location.assign(link.href);
  });
}

document.addEventListener("DOMContentLoaded", () => {
  pageKeys();
  foldMenu();
  labelCells();
  const card = document.getElementById("batch");
  if (card && card.dataset.done === "false") followBatch(card);
  showFirstHighlight();
});
