// The newsnlp page: send an article to POST /extract, show its quotes and entities in the
// text, the who-said-what table, the referents, and offer the JSON as a download.
// Plain DOM, no build step; text goes into the page as text nodes, never as HTML.
"use strict";

// Nesting order, outermost first: a quote holds its attribution ("X, по словам Y, Z"), a
// source phrase may hold a speaker, an entity sits inside a speaker, a cue innermost.
// A related-story teaser holds whatever it quotes.
const ORDER = { section: -1, quote: 0, source: 1, speaker: 2, addressee: 3, entity: 4, cue: 5 };
const KINDS = { direct: "прямая", indirect: "косвенная", mixed: "смешанная" };

const $ = (id) => document.getElementById(id);
let answer = null; // the last answer, exactly as the server sent it

// The server's offsets count code points (Python's str); a JavaScript string indexes
// UTF-16 units, and a character beyond the BMP (an emoji) takes two. One pass over the text
// gives each code-point offset its UTF-16 index, so every mark is converted in O(1).
function utf16Index(text) {
  const index = [0];
  let unit = 0;
  for (const ch of text) {
    unit += ch.length;
    index.push(unit);
  }
  return index;
}

// The section a code-point offset falls in ("body", "related"), from doc.sections.
function sectionAt(doc, offset) {
  for (const s of doc.sections || []) {
    if (s.start <= offset && offset < s.stop) return s.kind;
  }
  return "body";
}

function isTeaser(doc, q) {
  return sectionAt(doc, q.start) === "related";
}

function setStatus(text, isError = false) {
  const status = $("status");
  status.textContent = text;
  status.classList.toggle("error", isError);
}

function marksOf(doc, u16) {
  const found = new Map();
  const add = (part, start, stop, extra) => {
    // An implied speaker has no offsets; one pronoun may introduce two quotes.
    if (start == null || stop == null || start >= stop) return;
    const key = `${part}:${start}:${stop}`;
    if (!found.has(key)) found.set(key, { part, start: u16[start], stop: u16[stop], ...extra });
  };
  for (const s of doc.sections || []) {
    if (s.kind === "related") add("section", s.start, s.stop, { section: s });
  }
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

// ``at``: where the piece being wrapped starts; a mark crossed by others is drawn in pieces.
function element(mark, at) {
  const span = document.createElement("span");
  if (mark.part === "section") {
    // The label goes on the teaser's first piece only.
    span.className = at === mark.start ? "nn-teaser nn-teaser-first" : "nn-teaser";
    span.dataset.section = String(mark.section.start);
    span.title = "тизер другой новости · a related story's teaser";
    return span;
  }
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
  const marks = marksOf(doc, utf16Index(text));
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
      const span = element(covering[k], a);
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
    const number = cell(row, q.id);
    if (isTeaser(doc, q)) {
      // Another story's quote, printed under this one: marked, not mixed in.
      row.classList.add("teaser");
      const badge = document.createElement("span");
      badge.className = "badge";
      badge.textContent = "тизер";
      badge.title = "цитата из анонса другой новости · a related story's teaser";
      number.appendChild(badge);
    }
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

function counts(doc) {
  const teasers = doc.quotes.filter((q) => isTeaser(doc, q)).length;
  const parts = [
    plural(doc.quotes.length, "цитата", "цитаты", "цитат") +
      (teasers ? ` (${plural(teasers, "из тизера", "из тизеров", "из тизеров")})` : ""),
    plural(doc.entities.length, "упоминание", "упоминания", "упоминаний"),
    plural(doc.clusters.length, "референт", "референта", "референтов"),
  ];
  return parts.join(", ");
}

async function trySample() {
  // The sample article ships with the page: one click from an empty page to a result.
  try {
    const response = await fetch("static/sample.txt");
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const text = await response.text();
    $("text").value = text;
    await extract(text, "kim-putin-vostochny");
  } catch (error) {
    setStatus(`Пример не загрузился: ${error.message}`, true);
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
    setStatus(`Готово: ${counts(data)}.`);
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

async function offerCorpus() {
  // The corpus view only when the server has one (newsnlp serve --corpus).
  try {
    const summary = await (await fetch("corpus/api/summary")).json();
    $("corpus-link").hidden = !summary.corpus;
  } catch {
    /* the page works without it */
  }
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
  $("sample").addEventListener("click", trySample);
  $("show-quotes").addEventListener("change", (e) =>
    $("doc").classList.toggle("hide-quotes", !e.target.checked),
  );
  $("show-entities").addEventListener("change", (e) =>
    $("doc").classList.toggle("hide-entities", !e.target.checked),
  );
  offerCorpus();
  waitForModels();
});
