// The corpus view: speakers of the corpus served (newsnlp serve --corpus), and for one of
// them the quotes per day, the statements with the outlets that carried them, the quotes.
// Plain DOM, no build step; text goes into the page as text nodes, never as HTML.
"use strict";

const $ = (id) => document.getElementById(id);

function setStatus(text, isError = false) {
  $("status").textContent = text;
  $("status").classList.toggle("error", isError);
}

function filters(extra = {}) {
  const query = new URLSearchParams();
  if ($("since").value) query.set("since", $("since").value);
  if ($("until").value) query.set("until", $("until").value);
  if ($("teasers").checked) query.set("teasers", "true");
  for (const [k, v] of Object.entries(extra)) query.set(k, v);
  return query.toString();
}

async function ask(view, extra) {
  const response = await fetch(`corpus/api/${view}?${filters(extra)}`);
  const data = await response.json();
  if (!response.ok) throw new Error(data.detail || `HTTP ${response.status}`);
  return data;
}

function cell(row, value) {
  const td = row.insertCell();
  if (value == null || value === "") {
    const none = document.createElement("span");
    none.className = "none";
    none.textContent = "—";
    td.appendChild(none);
  } else {
    td.textContent = value;
  }
  return td;
}

async function showSpeakers() {
  setStatus("Загружаю…");
  try {
    const rows = await ask("speakers");
    const body = $("speakers").tBodies[0];
    body.replaceChildren();
    for (const r of rows) {
      const row = body.insertRow();
      row.dataset.speaker = r.speaker;
      cell(row, r.speaker);
      cell(row, String(r.quotes));
      cell(row, String(r.documents));
      row.addEventListener("click", () => showSpeaker(r.speaker));
    }
    setStatus(rows.length ? "Выберите говорящего." : "В корпусе нет цитат за эти дни.");
  } catch (error) {
    setStatus(`Ошибка: ${error.message}`, true);
  }
}

function drawTimeline(days) {
  // One bar a day with quotes, as tall as its count (CSSOM, allowed by the page's CSP).
  const box = $("timeline");
  box.replaceChildren();
  const top = Math.max(1, ...days.map((d) => d.quotes));
  for (const d of days) {
    const bar = document.createElement("div");
    bar.className = "day";
    bar.dataset.date = d.date;
    bar.dataset.quotes = String(d.quotes);
    bar.title = `${d.date}: ${plural(d.quotes, "цитата", "цитаты", "цитат")}`;
    const fill = document.createElement("span");
    fill.className = "bar";
    fill.style.height = `${Math.round((100 * d.quotes) / top)}%`;
    const label = document.createElement("small");
    label.textContent = d.date.slice(5);
    bar.append(fill, label);
    box.appendChild(bar);
  }
}

function drawStatements(statements) {
  const list = $("statements");
  list.replaceChildren();
  for (const s of statements) {
    const item = document.createElement("li");
    const text = document.createElement("q");
    text.textContent = s.text;
    const outlets = document.createElement("ul");
    outlets.className = "outlets";
    for (const d of s.documents) {
      const where = document.createElement("li");
      where.dataset.doc = d.doc_id;
      where.textContent = [d.date || "—", d.source || "без источника", d.doc_id].join(" · ");
      outlets.appendChild(where);
    }
    const count = document.createElement("small");
    count.textContent = ` ${plural(s.outlets, "статья", "статьи", "статей")}`;
    item.append(text, count, outlets);
    list.appendChild(item);
  }
}

function drawQuotes(quotes) {
  const body = $("quotes").tBodies[0];
  body.replaceChildren();
  for (const q of quotes) {
    const row = body.insertRow();
    row.dataset.quote = `${q.doc_id}/${q.quote_id}`;
    cell(row, q.date);
    cell(row, q.title || q.doc_id);
    cell(row, q.cue);
    cell(row, q.addressee);
    cell(row, q.source);
    cell(row, q.text).className = "said";
  }
}

async function showSpeaker(name) {
  setStatus(`Загружаю ${name}…`);
  for (const row of $("speakers").tBodies[0].rows) {
    row.classList.toggle("chosen", row.dataset.speaker === name);
  }
  try {
    const [days, statements, quotes] = await Promise.all([
      ask("timeline", { speaker: name }),
      ask("statements", { speaker: name }),
      ask("quotes", { speaker: name }),
    ]);
    $("person-name").textContent = name;
    $("person-counts").textContent = [
      plural(quotes.length, "цитата", "цитаты", "цитат"),
      plural(statements.length, "заявление", "заявления", "заявлений"),
      plural(days.length, "день", "дня", "дней"),
    ].join(", ");
    drawTimeline(days);
    drawStatements(statements);
    drawQuotes(quotes);
    $("person").hidden = false;
    $("person").dataset.speaker = name;
    setStatus("");
  } catch (error) {
    setStatus(`Ошибка: ${error.message}`, true);
  }
}

async function start() {
  const summary = await (await fetch("corpus/api/summary")).json();
  if (!summary.corpus) {
    setStatus("Корпус не подключён: запустите newsnlp serve --corpus corpus.duckdb " +
      "(сделать корпус: newsnlp extract статьи/ -o corpus.duckdb).", true);
    $("filters").hidden = true;
    return;
  }
  $("summary").textContent = `${summary.corpus}: ${plural(summary.documents, "статья", "статьи", "статей")}, ` +
    `${plural(summary.quotes, "цитата", "цитаты", "цитат")}`;
  if (summary.since) $("since").min = $("until").min = summary.since;
  if (summary.until) $("since").max = $("until").max = summary.until;
  await showSpeakers();
  const wanted = new URLSearchParams(location.search).get("speaker");
  if (wanted) await showSpeaker(wanted);
}

document.addEventListener("DOMContentLoaded", () => {
  $("filters").addEventListener("submit", (event) => {
    event.preventDefault();
    showSpeakers();
    if ($("person").dataset.speaker) showSpeaker($("person").dataset.speaker);
  });
  start();
});
