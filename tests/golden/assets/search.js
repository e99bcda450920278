// The /search/ page: asks the Pagefind index (built with the site) and lists the briefs
// found, with title, date and excerpt. The index is made of shards, Pagefind bundles of a
// year, a quarter or a month (data-shards, newest first). Pagefind is loaded once, from the
// newest shard, and the others are merged into it (mergeIndex: they share its script, worker
// and WebAssembly); it asks them all and merges their answers: best matches first for a
// query, in shard order (newest first) when no query ranks them, filter counts summed.
// The query, tag and year live in the address
// (?q=...&tag=...&year=...), so a search can be linked to and reloaded. Without
// JavaScript the page points to the archive and the tags instead.

const form = document.querySelector(".search-form");
const field = form.querySelector('input[name="q"]');
const status = document.querySelector(".search-status");
const list = document.querySelector(".search-results");
const selects = Array.from(form.querySelectorAll("select[data-filter]"));
const LIMIT = 50;

let pagefind = null; // the newest shard's Pagefind, with every other shard merged in
let shards = []; // their names, newest first
let latest = 0; // the newest search started: older answers are dropped

function text(html) {
  // Pagefind's excerpts are escaped text with <mark> around the words found. A detached
  // <textarea> decodes the entities without parsing tags, and keeps the spaces at the ends
  // (an HTML body drops leading spaces, which glued the word after a match to it).
  const box = document.createElement("textarea");
  box.innerHTML = html;
  return box.value;
}

function excerpt(html) {
  const p = document.createElement("p");
  p.className = "summary";
  html.split(/(<mark>[\s\S]*?<\/mark>)/).forEach((part) => {
    const marked = part.startsWith("<mark>");
    const value = text(marked ? part.slice(6, -7) : part);
    if (!value) return;
    if (marked) {
      const mark = document.createElement("mark");
      mark.textContent = value;
      p.append(mark);
    } else {
      p.append(value);
    }
  });
  return p;
}

function item(data) {
  const li = document.createElement("li");
  const article = document.createElement("article");
  article.className = "teaser";
  if (data.meta.image) {
    // a brief's lead picture (its smallest JPEG or PNG, from the page's data-pagefind-meta)
    article.classList.add("with-picture");
    const box = document.createElement("div");
    box.className = "teaser-picture";
    const img = document.createElement("img");
    img.src = data.meta.image;
    img.alt = data.meta.image_alt || "";
    img.loading = "lazy";
    img.decoding = "async";
    box.append(img);
    article.append(box);
  }
  const heading = document.createElement("h2");
  const a = document.createElement("a");
  a.href = data.url; // Pagefind puts the folder it is served from in front of the path
  a.textContent = data.meta.title || data.url;
  heading.append(a);
  article.append(heading);
  if (data.meta.date) {
    const meta = document.createElement("p");
    meta.className = "meta";
    meta.textContent = data.meta.date;
    article.append(meta);
  }
  article.append(excerpt(data.excerpt || ""));
  li.append(article);
  return li;
}

function chosen() {
  const filters = {};
  for (const select of selects) {
    if (select.value) filters[select.dataset.filter] = select.value;
  }
  return filters;
}

function remember(query, filters) {
  const params = new URLSearchParams();
  if (query) params.set("q", query);
  for (const [name, value] of Object.entries(filters)) params.set(name, value);
  const search = params.toString();
  history.replaceState(null, "", search ? "?" + search : location.pathname);
}

async function run() {
  const query = field.value.trim();
  const filters = chosen();
  remember(query, filters);
  const mine = ++latest;
  if (!query && Object.keys(filters).length === 0) {
    list.replaceChildren();
    status.textContent = "";
    return;
  }
  let results;
  if (query) {
    // the best matches of every shard first (Pagefind's merge sorts them by score)
    ({ results } = await pagefind.search(query, { filters }));
  } else {
    // No query, newest first: each shard asked on its own (the filter every shard carries,
    // see start) sorted by date, and the shards are in date order, newest first
    const sort = { date: "desc" };
    const answers = await Promise.all(
      shards.map((name) => pagefind.search(null, { filters: { ...filters, shard: name }, sort })),
    );
    results = answers.flatMap((answer) => answer.results);
  }
  const shown = await Promise.all(results.slice(0, LIMIT).map((r) => r.data()));
  if (mine !== latest) return;
  list.replaceChildren(...shown.map(item));
  const count = results.length;
  const what = query ? `“${query}”` : say("these_filters");
  status.textContent =
    count === 0
      ? say("none", { what })
      : say("found", { count, what }, count) + say(count > LIMIT ? "more" : "done", { limit: LIMIT });
}

// The page's messages in its language (data-messages: each one's plural forms, with
// {placeholders}), the form chosen by the language's plural rules.
const messages = JSON.parse(status.dataset.messages || "{}");
const plurals = new Intl.PluralRules(document.documentElement.lang || "en");

function say(name, values = {}, count = undefined) {
  const forms = messages[name] || {};
  const text = forms[count === undefined ? "other" : plurals.select(count)] || forms.other || "";
  return text.replace(/\{([a-z_]+)\}/g, (whole, key) => (key in values ? String(values[key]) : whole));
}

function fill(select, values, wanted) {
  const names = Object.keys(values).sort((a, b) =>
    select.dataset.filter === "year" ? b.localeCompare(a) : a.localeCompare(b),
  );
  for (const name of names) {
    const option = document.createElement("option");
    option.value = name;
    option.textContent = `${name} (${values[name]})`;
    select.append(option);
  }
  if (wanted && names.includes(wanted)) select.value = wanted;
}

async function start() {
  const params = new URLSearchParams(location.search);
  field.value = params.get("q") || "";
  try {
    const names = form.dataset.shards.split(" ").filter(Boolean);
    if (names.length === 0) throw new Error("no index");
    const folder = (name) => new URL(`${form.dataset.index}${name}/`, document.baseURI).href;
    const found = await import(`${folder(names[0])}pagefind.js`);
    await found.init();
    // every page of a shard carries the filter shard:<name>, to ask one shard alone
    await found.options({ mergeFilter: { shard: names[0] } });
    for (const name of names.slice(1)) {
      await found.mergeIndex(folder(name), { mergeFilter: { shard: name } });
    }
    pagefind = found;
    shards = names;
    const filters = await pagefind.filters(); // summed over the shards
    for (const select of selects) {
      fill(select, filters[select.dataset.filter] || {}, params.get(select.dataset.filter));
    }
    delete form.querySelector(".search-filters").dataset.pending;
  } catch (error) {
    status.textContent = say("unavailable");
    return;
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run();
  });
  let timer = 0;
  field.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, 200);
  });
  for (const select of selects) select.addEventListener("change", run);
  form.dataset.ready = "true";
  await run();
}

start();
