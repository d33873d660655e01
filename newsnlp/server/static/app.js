// The newsnlp page: send an article to POST /extract, show its quotes and entities in the
// text, the who-said-what table, the referents, and offer the JSON as a download.
// Plain DOM, no build step; text goes into the page as text nodes, never as HTML.
"use strict";

// Nesting order, outermost first: a quote holds its attribution ("X, по словам Y, Z"), a
// source phrase may hold a speaker, an entity sits inside a speaker, a cue innermost.
const ORDER = { quote: 0, source: 1, speaker: 2, addressee: 3, entity: 4, cue: 5 };
const KINDS = { direct: "прямая", indirect: "косвенная", mixed: "смешанная" };

const $ = (id) => document.getElementById(id);
let answer = null; // the last answer, exactly as the server sent it

function setStatus(text, isError = false) {
  const status = $("status");
  status.textContent = text;
  status.classList.toggle("error", isError);
}

function marksOf(doc) {
  const found = new Map();
  const add = (part, start, stop, extra) => {
    // An implied speaker has no offsets; one pronoun may introduce two quotes.
    if (start == null || stop == null || start >= stop) return;
    const key = `${part}:${start}:${stop}`;
    if (!found.has(key)) found.set(key, { part, start, stop, ...extra });
  };
  for (const q of doc.quotes) {
    add("quote", q.start, q.stop, { quote: q });
    if (q.cue) add("cue", q.cue.start, q.cue.stop, { quote: q });
    for (const part of ["speaker", "addressee", "source"]) {
      if (q[part]) add(part, q[part].start, q[part].stop, { quote: q });
    }
  }
  for (const e of doc.entities) add("entity", e.start, e.stop, { entity: e });
  return [...found.values()].sort((a, b) => a.start - b.start || b.stop - a.stop);
}

function describe(q) {
  let line = `${q.id} · ${KINDS[q.kind] || q.kind} · ${q.speaker ? q.speaker.normal : "?"}`;
  if (q.addressee) line += ` → ${q.addressee.normal}`;
  if (q.source) line += ` · по данным ${q.source.normal}`;
  return `${line} · ${q.rule}`;
}

function element(mark) {
  const span = document.createElement("span");
  if (mark.part === "entity") {
    span.className = `nn-ent nn-${mark.entity.type}`;
    span.title = `${mark.entity.type}: ${mark.entity.normal}`;
    return span;
  }
  const q = mark.quote;
  span.className = mark.part === "quote" ? `nn-quote nn-${q.kind}` : `nn-${mark.part}`;
  span.dataset.quote = q.id;
  span.title = mark.part === "quote" ? describe(q) : `${mark.part} · ${describe(q)}`;
  return span;
}

// Each stretch between two mark boundaries is wrapped in every mark covering it, outermost
// first, so that overlapping marks always nest. One sweep: only marks open at a boundary
// are looked at, so a long text with thousands of marks stays fast.
function renderText(doc) {
  const text = doc.text;
  const marks = marksOf(doc);
  const cuts = new Set([0, text.length]);
  for (const m of marks) {
    cuts.add(m.start);
    cuts.add(m.stop);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out = document.createDocumentFragment();
  let open = [];
  let next = 0;
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i];
    const b = points[i + 1];
    open = open.filter((m) => m.stop > a);
    while (next < marks.length && marks[next].start <= a) {
      if (marks[next].stop > a) open.push(marks[next]);
      next++;
    }
    const covering = [...open].sort(
      (x, y) => ORDER[x.part] - ORDER[y.part] || x.start - y.start || y.stop - x.stop,
    );
    let node = document.createTextNode(text.slice(a, b));
    for (let k = covering.length - 1; k >= 0; k--) {
      const span = element(covering[k]);
      span.appendChild(node);
      node = span;
    }
    out.appendChild(node);
  }
  const target = $("doc");
  target.replaceChildren(out);
  target.dataset.doc = doc.id;
}

function cell(row, value, extraClass) {
  const td = row.insertCell();
  if (extraClass) td.className = extraClass;
  if (value == null || value === "") {
    td.innerHTML = '<span class="none">—</span>';
  } else {
    td.textContent = value;
  }
  return td;
}

function mentionCell(row, mention) {
  const td = cell(row, mention ? mention.normal : null);
  // Show what the text says where it is not the name itself ("он", "Кима").
  if (mention && mention.text && mention.text !== mention.normal) {
    const small = document.createElement("span");
    small.className = "as-written";
    small.textContent = mention.text;
    td.appendChild(small);
  }
}

function focusQuote(id) {
  for (const el of document.querySelectorAll(".nn-focus")) el.classList.remove("nn-focus");
  const pieces = document.querySelectorAll(`#doc .nn-quote[data-quote="${CSS.escape(id)}"]`);
  for (const el of pieces) el.classList.add("nn-focus");
  if (pieces.length) pieces[0].scrollIntoView({ behavior: "smooth", block: "center" });
}

function renderTable(doc) {
  const body = $("who").tBodies[0];
  body.replaceChildren();
  for (const q of doc.quotes) {
    const row = body.insertRow();
    row.dataset.quote = q.id;
    cell(row, q.id);
    mentionCell(row, q.speaker);
    cell(row, q.cue ? q.cue.text : null);
    mentionCell(row, q.addressee);
    cell(row, q.source ? q.source.normal : null);
    cell(row, KINDS[q.kind] || q.kind);
    cell(row, q.text, "said");
    row.addEventListener("click", () => focusQuote(q.id));
  }
  $("who").hidden = doc.quotes.length === 0;
  $("no-quotes").hidden = doc.quotes.length > 0;
}

function renderClusters(doc) {
  const list = $("clusters");
  list.replaceChildren();
  const shown = doc.clusters
    .filter((c) => c.type === "PER" || c.type === "ORG")
    .sort((a, b) => b.mentions.length - a.mentions.length);
  for (const c of shown) {
    const item = document.createElement("li");
    item.className = `nn-ent nn-${c.type}`;
    item.textContent = `${c.name} `;
    const small = document.createElement("small");
    small.textContent = `${c.type} · ${c.mentions.length}${c.roles.length ? " · " + c.roles.join(", ") : ""}`;
    item.appendChild(small);
    list.appendChild(item);
  }
}

async function extract(text, id) {
  $("run").disabled = true;
  setStatus("Разбираю…");
  try {
    const response = await fetch("extract", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ text, id }),
    });
    const raw = await response.text();
    let data;
    try {
      data = JSON.parse(raw);
    } catch {
      throw new Error(`HTTP ${response.status}: ${raw.slice(0, 200)}`);
    }
    if (!response.ok) throw new Error(`${data.code || response.status}: ${data.detail || raw}`);
    answer = { raw, doc: data };
    renderText(data);
    renderTable(data);
    renderClusters(data);
    $("result").hidden = false;
    const n = data.quotes.length;
    setStatus(`Готово: ${n} цит., ${data.entities.length} упоминаний, ${data.clusters.length} референтов.`);
  } catch (error) {
    setStatus(`Ошибка: ${error.message}`, true);
  } finally {
    $("run").disabled = false;
  }
}

function download() {
  if (!answer) return;
  const blob = new Blob([answer.raw], { type: "application/json" });
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = `${answer.doc.id || "newsnlp"}.json`;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

async function waitForModels() {
  try {
    const v = await (await fetch("version")).json();
    $("version").textContent = `newsnlp ${v.newsnlp}`;
  } catch {
    /* the page works without it */
  }
  for (;;) {
    try {
      const health = await (await fetch("health")).json();
      if (health.status === "ok") {
        if (!answer) setStatus("Модели загружены.");
        return;
      }
      if (health.status === "error") {
        setStatus(`Модели не загрузились: ${health.detail}`, true);
        return;
      }
      setStatus("Модели загружаются…");
    } catch {
      setStatus("Сервер недоступен, пробую снова…", true);
    }
    await new Promise((done) => setTimeout(done, 1000));
  }
}

document.addEventListener("DOMContentLoaded", () => {
  $("run").addEventListener("click", () => {
    const text = $("text").value;
    if (!text.trim()) {
      setStatus("Вставьте текст статьи или загрузите файл.", true);
      return;
    }
    extract(text, "doc");
  });
  $("file").addEventListener("change", async (event) => {
    const file = event.target.files[0];
    if (!file) return;
    const text = await file.text();
    if (text.includes("\uFFFD")) {
      setStatus("Файл не в UTF-8: пересохраните его в UTF-8 (iconv -f cp1251 -t utf-8).", true);
      return;
    }
    $("text").value = text;
    extract(text, file.name.replace(/\.[^.]*$/, "") || "doc");
  });
  $("download").addEventListener("click", download);
  $("show-quotes").addEventListener("change", (e) =>
    $("doc").classList.toggle("hide-quotes", !e.target.checked),
  );
  $("show-entities").addEventListener("change", (e) =>
    $("doc").classList.toggle("hide-entities", !e.target.checked),
  );
  waitForModels();
});
