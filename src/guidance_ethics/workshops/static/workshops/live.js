// Live pages of a session: the phone, the board, the moderator console, the co-moderator
// workspace. The server renders each page's frame with its live regions empty; this script
// draws every item in them, so that there is one way an item looks (docs/decisions.md).
// It starts from the state the page embeds (json_script "live-state"), listens to the event
// stream from the sequence number of that state, applies each event to the state, and
// renders the regions again. Participant text is only ever set with textContent.
"use strict";

(function () {
  const root = document.getElementById("live");
  if (!root) return;
  const role = root.dataset.role;
  const api = root.dataset.api;
  const staff = role === "console" || role === "workspace";
  const labels = JSON.parse(document.getElementById("live-labels").textContent);
  let state = JSON.parse(document.getElementById("live-state").textContent);
  const csrf = (document.cookie.match(/csrftoken=([^;]+)/) || [])[1] || "";
  // The phone's own parts (phone.js): own items, the options as lists, the length counter.
  const phone = role === "participant" && window.GEPhone
    ? window.GEPhone({ state: () => state, el, itemLine, regions, labels, api, csrf, rerender: () => render(), valueLabel: (v) => valueLabel(v) })
    : null;

  // --- applying events ------------------------------------------------------------------

  function upsert(list, item) {
    const index = list.findIndex((x) => x.id === item.id);
    if (index === -1) list.push(item);
    else list[index] = item;
  }

  const listOf = { question: "questions", actor: "actors", effect: "effects", option: "options" };

  const reducers = {
    participants: (s, d) => { s.groups = d.groups; },
    status: (s, d) => { s.status = d; },
    "question.added": (s, d) => upsert(s.questions, d),
    "actor.added": (s, d) => upsert(s.actors, d),
    "actor.updated": (s, d) => upsert(s.actors, d),
    "effect.added": (s, d) => upsert(s.effects, d),
    "effect.updated": (s, d) => upsert(s.effects, d),
    "question.updated": (s, d) => upsert(s.questions, d),
    "actor.updated": (s, d) => upsert(s.actors, d),
    "option.updated": (s, d) => upsert(s.options, d),
    "effects.revealed": (s, d) => d.effects.forEach((e) => upsert(s.effects, e)),
    "option.added": (s, d) => upsert(s.options, d),
    "item.hidden": (s, d) => {
      const list = s[listOf[d.type]];
      if (d.item) upsert(list, d.item);
      else s[listOf[d.type]] = list.filter((x) => x.id !== d.id);
    },
    "item.shown": (s, d) => { if (d.item) upsert(s[listOf[d.type]], d.item); },
    // The author withdrew it (own_actions.py): gone from the public lists; staff keep it, marked.
    "item.withdrawn": (s, d) => {
      if (d.item) upsert(s[listOf[d.type]], d.item);
      else s[listOf[d.type]] = s[listOf[d.type]].filter((x) => x.id !== d.id);
    },
    "value.added": (s, d) => upsert(s.values, d),
    "value.updated": (s, d) => upsert(s.values, d),
    votes: (s, d) => { s.votes = d.totals; },
    "values.chosen": (s, d) => s.values.forEach((v) => { v.chosen = d.chosen.includes(v.id); }),
    "evaluation.added": (s, d) => { s.evaluations = d.count; },
  };

  function apply(event) {
    if (event.seq === undefined) { if (reducers[event.kind]) reducers[event.kind](state, event.data); return; } // a notice: not in the log
    if (event.seq <= state.seq) return;
    const reducer = reducers[event.kind];
    if (reducer) reducer(state, event.data);
    state.seq = event.seq;
  }

  // --- rendering ------------------------------------------------------------------------

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function regions(name) {
    return document.querySelectorAll(`[data-region="${name}"]`);
  }

  function fill(name, build) {
    regions(name).forEach((region) => withFocus(() => region.replaceChildren(...build(region))));
  }

  // A live update never takes the focus away from the control a person is on: a control
  // rebuilt by an update gets the focus back if it is drawn again. It is found by its
  // data-focus-key, else by its region, its item (data-id) and its key, name or place there.
  function focusKey(node) {
    if (!node || node === document.body || !root.contains(node)) return null;
    const region = node.closest("[data-region]");
    const item = node.closest("[data-id]");
    const scope = item || region;
    const place = scope ? [...scope.querySelectorAll(node.tagName)].indexOf(node) : -1;
    return {
      region: region ? region.dataset.region : null,
      item: item ? item.dataset.id : null,
      own: node.dataset.focusKey || node.dataset.key || node.getAttribute("aria-label") || null,
      tag: node.tagName,
      place,
    };
  }

  function findByKey(key) {
    let scopes = key.region ? [...regions(key.region)] : [root];
    if (key.item !== null) {
      scopes = scopes.map((s) => [...s.querySelectorAll("[data-id]")].find((x) => x.dataset.id === key.item)).filter(Boolean);
    }
    for (const scope of scopes) {
      const candidates = [...scope.querySelectorAll(key.tag)];
      const own = key.own && candidates.find((c) => (c.dataset.focusKey || c.dataset.key || c.getAttribute("aria-label")) === key.own);
      const found = own || candidates[key.place];
      if (found && !found.disabled) return found;
      if (found) return candidates.find((c) => !c.disabled) || null;
    }
    return null;
  }

  function withFocus(change) {
    const before = document.activeElement;
    const key = focusKey(before);
    change();
    if (!key || before.isConnected || (document.activeElement && document.activeElement !== document.body)) return;
    const again = findByKey(key);
    if (again && !again.disabled) again.focus({ preventScroll: true });
  }

  const visibleValues = () => state.values.filter((v) => !v.merged_into);
  // A value's name in the page's language, or the session's name (docs/live.md).
  const valueLabel = (v) => (v.names && v.names[document.documentElement.lang]) || v.name || "";
  const actorName = (id) => (state.actors.find((a) => a.id === id) || {}).name || "";
  const valueName = (id) => valueLabel(state.values.find((v) => v.id === id) || {});

  function itemLine(item, text) {
    const li = el("li", null, "ge-item");
    li.dataset.id = item.id;
    li.append(el("span", text, "ge-item__text"));
    // A text in the other language than the page's says so (WCAG 3.1.2).
    if (item.lang && item.lang !== document.documentElement.lang) li.lang = item.lang;
    if (item.signed) li.append(el("span", `— ${item.signed}`, "ge-item__by"));
    if (item.scribe && staff) li.append(el("span", labels.scribe, "ge-badge"));
    if (item.hidden) { li.classList.add("ge-item--hidden"); li.append(el("span", item.withdrawn ? labels.withdrawn : labels.hidden, "ge-badge")); }
    if (item.edited && staff) li.append(el("span", labels.edited, "ge-badge ge-badge--edited"));
    const type = li_type(item);
    if (type && state.status.spotlight === `${type}:${item.id}`) li.classList.add("ge-item--spotlit");
    if (staff) li.append(moderationButtons(item));
    return li;
  }

  function moderationButtons(item) {
    const span = el("span", null, "ge-item__tools");
    const type = li_type(item);
    if (role !== "console" || !type) return span;
    const hide = el("button", item.hidden ? labels.show : labels.hide, "utrecht-button utrecht-button--subtle");
    hide.type = "button";
    const action = item.hidden ? "show" : "hide";
    hide.addEventListener("click", () => post("moderation", { action, type, id: item.id }).then((d) => {
      if (d) announce(labels.staffDone[action], false);
    }));
    const spot = el("button", labels.spotlight, "utrecht-button utrecht-button--subtle ge-toggle");
    spot.type = "button";
    const spotlit = state.status.spotlight === `${type}:${item.id}`;
    spot.setAttribute("aria-pressed", String(spotlit));
    spot.addEventListener("click", () => post("moderation", {
      action: "spotlight", item: spotlit ? "" : `${type}:${item.id}`,
    }).then((d) => { if (d) announce(labels.staffDone[spotlit ? "spotlightOff" : "spotlight"], false); }));
    // A closed session takes no more moderation.
    hide.disabled = spot.disabled = Boolean(state.status.closed);
    span.append(hide, spot);
    return span;
  }

  function li_type(item) {
    for (const [type, list] of Object.entries(listOf)) if (state[list].includes(item)) return type;
    return null;
  }

  function effectText(effect) {
    const actor = effect.actor ? ` (${actorName(effect.actor)})` : "";
    return effect.text + actor;
  }

  function renderEffects(polarity) {
    return () => state.effects
      .filter((e) => e.polarity === polarity && !e.merged_into)
      .sort((a, b) => actorName(a.actor).localeCompare(actorName(b.actor)) || a.id - b.id)
      .map((e) => {
        const li = itemLine(e, e.text);
        // The actor after the text, outside it, so that a shortened text still names it.
        if (e.actor) li.querySelector(".ge-item__text").after(" ", el("span", `(${actorName(e.actor)})`, "ge-item__actor"));
        const merged = state.effects.filter((m) => m.merged_into === e.id);
        if (merged.length) {
          li.append(el("span", `+${merged.length}`, "ge-badge"));
          if (staff) {
            // The duplicates stay visible to the moderators, under the effect they joined.
            const ul = el("ul", null, "ge-merged");
            merged.forEach((m) => ul.append(el("li", `${labels.merged} ${m.text}`)));
            li.append(ul);
          }
        }
        if (e.values.length) li.append(el("span", e.values.map(valueName).join(", "), "ge-item__values"));
        if (staff && e.revealed === false) li.append(el("span", labels.private, "ge-badge"));
        return li;
      });
  }

  function renderValues() {
    return visibleValues().map((v) => {
      const li = el("li", null, "ge-value" + (v.chosen ? " ge-value--chosen" : ""));
      li.dataset.id = v.id;
      li.append(el("span", valueLabel(v), "ge-value__name"));
      const linked = state.effects.filter((e) => e.values.includes(v.id) && !e.merged_into).length;
      li.append(el("span", labels.effectsCount.replace("%s", linked), "ge-value__count"));
      const dots = state.votes[String(v.id)] || 0;
      if (dots) li.append(el("span", labels.votesCount.replace("%s", dots), "ge-value__votes"));
      if (v.chosen) li.append(el("span", labels.chosen, "ge-badge"));
      if (role === "board") {
        // On the board, each value with the effects behind it.
        const ul = el("ul", null, "ge-value__effects");
        state.effects.filter((e) => e.values.includes(v.id) && !e.merged_into)
          .forEach((e) => ul.append(el("li", `${e.polarity === "positive" ? "+" : "−"} ${e.text}`)));
        if (ul.children.length) li.append(ul);
      }
      return li;
    });
  }

  function renderOptions() {
    const chosen = visibleValues().filter((v) => v.chosen);
    const table = el("table", null, "utrecht-table utrecht-table--html-table ge-grid");
    const head = el("tr");
    head.append(el("th", labels.value));
    for (const d of labels.directions) { const th = el("th", d[1]); th.scope = "col"; head.append(th); }
    table.append(el("thead")); table.tHead.append(head);
    const body = el("tbody");
    for (const v of chosen) {
      const row = el("tr");
      const th = el("th", valueLabel(v)); th.scope = "row"; row.append(th);
      for (const [direction] of labels.directions) {
        const cell = el("td");
        const ul = el("ul", null, "ge-list");
        state.options.filter((o) => o.value === v.id && o.direction === direction)
          .forEach((o) => ul.append(itemLine(o, o.text)));
        cell.append(ul);
        row.append(cell);
      }
      body.append(row);
    }
    table.append(body);
    return [table];
  }

  function renderTimer() {
    const t = state.status.timer;
    let seconds = t.seconds;
    if (t.started_at) {
      const skew = Date.parse(t.now) - clientTimeAtStatus;
      seconds = Math.max(0, t.seconds - Math.floor((Date.now() + skew - Date.parse(t.started_at)) / 1000));
    }
    const text = `${String(Math.floor(seconds / 60)).padStart(2, "0")}:${String(seconds % 60).padStart(2, "0")}`;
    regions("timer").forEach((r) => { r.textContent = text; r.dataset.running = String(Boolean(t.started_at)); });
    // The timer is not a live region (it would talk over the typing every second): the time
    // is announced once at one minute left and once at zero.
    if (t.started_at && timerWas !== null) {
      if (timerWas > 60 && seconds <= 60 && seconds > 0) say(labels.oneMinuteLeft);
      if (timerWas > 0 && seconds === 0) say(labels.timeUp);
    }
    timerWas = t.started_at ? seconds : null;
  }
  let clientTimeAtStatus = Date.now();
  let timerWas = null;

  // The one polite live region for changes of state (not for the result of a send).
  function say(text) {
    regions("announcement").forEach((r) => { r.textContent = text; });
  }

  let shownStatus = null;

  // Each change of state is announced once, saying what it means; the answer to an earlier
  // send no longer applies after it. Text typed in a phase that ended is kept, not sent, and
  // the focus goes to the new phase's heading instead of to nowhere.
  function announceChanges(was, status, leaving) {
    const changes = [];
    if (was.phase !== status.phase) changes.push(labels.phaseNow.replace("%s", labels.phases[status.phase]));
    if (!was.input_locked && status.input_locked) changes.push(labels.inputPaused);
    if (was.input_locked && !status.input_locked) changes.push(labels.inputReopened);
    if (!was.voting_closed && status.voting_closed) changes.push(labels.votingClosed);
    if (was.voting_closed && !status.voting_closed) changes.push(labels.votingReopened);
    if (!was.closed && status.closed) changes.push(labels.sessionClosed);
    if (!changes.length) return;
    // A participant's feedback belongs to the phase it was given in. The moderators' own
    // feedback ("Fase gewijzigd.") is about the change itself and stays.
    if (!staff) announce("", false);
    say(changes.join(" "));
    const focused = document.activeElement;
    const lostFocus = leaving.some((section) => section.contains(focused));
    for (const section of leaving) {
      section.querySelectorAll("form[data-post]").forEach((form) => {
        const text = [...form.querySelectorAll("textarea, input:not([type]), input[type=text]")].map((f) => f.value.trim()).filter(Boolean).join(" — ");
        if (text && outbox) outbox.keepUnsent(text, labels.phaseEndedUnsent);
      });
    }
    if (!lostFocus) return;
    // The new phase's heading; a phase without a task of its own: the page's heading.
    const heading = document.querySelector("[data-phase-section]:not([hidden]) h2") || root.querySelector("h1");
    if (heading) { heading.tabIndex = -1; heading.focus(); }
  }

  function renderStatus() {
    const status = state.status;
    const was = shownStatus;
    shownStatus = Object.assign({}, status);
    const leaving = [];
    document.querySelectorAll("[data-phase-section]").forEach((section) => {
      const phases = section.dataset.phaseSection.split(" ");
      const hide = !phases.includes(status.phase);
      if (hide && !section.hidden) leaving.push(section);
      section.hidden = hide;
    });
    if (was) announceChanges(was, status, leaving);
    regions("phase").forEach((r) => { r.textContent = labels.phases[status.phase]; });
    document.querySelectorAll("[data-phase-item]").forEach((li) => {
      const current = li.dataset.phaseItem === status.phase;
      li.classList.toggle("ge-phase--current", current);
      if (current) li.setAttribute("aria-current", "step"); else li.removeAttribute("aria-current");
    });
    regions("locked").forEach((r) => { r.hidden = !status.input_locked; });
    regions("votes-left").forEach((r) => { r.hidden = Boolean(status.voting_closed); });
    regions("voting-closed").forEach((r) => { r.hidden = !status.voting_closed; });
    regions("closed").forEach((r) => { r.hidden = !status.closed; });
    document.querySelectorAll("[data-lock-button]").forEach((b) => {
      b.textContent = status.input_locked ? labels.unlock : labels.lock;
      b.dataset.action = status.input_locked ? "unlock" : "lock";
    });
    document.querySelectorAll("[data-disable-when-closed]").forEach((b) => { b.disabled = status.closed; });
    // A follow-up session: the earlier outcome, on the board during the case phase.
    regions("previous").forEach((r) => { r.hidden = !(status.previous_shown && status.phase === "case"); });
    document.querySelectorAll("[data-previous-button]").forEach((b) => {
      b.setAttribute("aria-pressed", String(Boolean(status.previous_shown)));
      b.dataset.action = status.previous_shown ? "hide_previous" : "show_previous";
    });
    const spot = status.spotlight;
    regions("spotlight").forEach((r) => {
      r.hidden = !spot;
      if (!spot) return;
      const [type, id] = spot.split(":");
      const item = state[listOf[type]].find((x) => String(x.id) === id);
      r.textContent = item ? (item.text || item.name) : "";
    });
  }

  function renderVoting() {
    if (role !== "participant") return;
    const mine = wantedVotes || (state.me && state.me.votes) || {};
    const limit = state.settings.votes_per_participant;
    const used = Object.values(mine).reduce((a, b) => a + b, 0);
    regions("votes-left").forEach((r) => { r.textContent = labels.votesLeft.replace("%s", limit - used); });
    regions("dots-hidden").forEach((r) => { r.hidden = !state.settings.dots_hidden || state.status.voting_closed; });
    // Redrawn whole: which effect lists were open, and which button had the focus, survive.
    const open = new Set([...document.querySelectorAll("[data-region='vote-values'] details[open]")].map((d) => d.dataset.id));
    const focused = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.voteKey : undefined;
    fill("vote-values", () => visibleValues().map((v) => {
      const li = el("li", null, "ge-vote");
      const dots = mine[String(v.id)] || 0;
      li.append(el("span", valueLabel(v), "ge-vote__name"));
      const minus = el("button", "−", "utrecht-button utrecht-button--secondary-action");
      minus.type = "button";
      minus.dataset.voteKey = `${v.id}:-1`;
      minus.setAttribute("aria-label", labels.voteLess.replace("%s", valueLabel(v)));
      minus.disabled = dots === 0 || state.status.voting_closed;
      minus.addEventListener("click", () => vote(v.id, -1));
      const count = el("output", String(dots), "ge-vote__count");
      count.setAttribute("aria-label", labels.yourDots.replace("%s", valueLabel(v)));
      const plus = el("button", "+", "utrecht-button utrecht-button--secondary-action");
      plus.type = "button";
      plus.dataset.voteKey = `${v.id}:1`;
      plus.setAttribute("aria-label", labels.voteMore.replace("%s", valueLabel(v)));
      plus.disabled = used >= limit || state.status.voting_closed;
      plus.addEventListener("click", () => vote(v.id, 1));
      li.append(minus, count, plus);
      li.append(effectsBehind(v, open.has(String(v.id))));
      return li;
    }));
    if (focused) {
      const again = document.querySelector(`[data-vote-key="${focused}"]`);
      if (again && !again.disabled) again.focus();
    }
  }

  // The effects behind a value, folded away under the value in the phone's vote list.
  function effectsBehind(value, open) {
    const details = el("details", null, "ge-vote__effects");
    details.dataset.id = String(value.id);
    details.open = open;
    details.append(el("summary", labels.effectsBehind.replace("%s", valueLabel(value))));
    const effects = state.effects.filter((e) => e.values.includes(value.id) && !e.merged_into);
    const ul = el("ul", null, "ge-list");
    effects.forEach((e) => ul.append(el("li", `${e.polarity === "positive" ? "+" : "−"} ${e.text}`, "ge-item")));
    details.append(effects.length ? ul : el("p", labels.noEffectsBehind, "utrecht-paragraph"));
    return details;
  }

  function renderSelects() {
    document.querySelectorAll("select[data-options='actors']").forEach((select) => {
      const current = select.value;
      const first = select.options[0];
      select.replaceChildren(first, ...state.actors.filter((a) => !a.merged_into).map((a) => { const o = el("option", a.name); o.value = a.id; return o; }));
      select.value = current;
    });
    document.querySelectorAll("select[data-options='chosen-values']").forEach((select) => {
      const current = select.value;
      select.replaceChildren(...visibleValues().filter((v) => v.chosen).map((v) => { const o = el("option", valueLabel(v)); o.value = v.id; return o; }));
      if (current) select.value = current;
    });
    document.querySelectorAll("select[data-options='values']").forEach((select) => {
      const current = select.value;
      const first = select.options[0];
      select.replaceChildren(first, ...visibleValues().map((v) => { const o = el("option", valueLabel(v)); o.value = v.id; return o; }));
      select.value = current;
    });
    document.querySelectorAll("select[data-options='effects']").forEach((select) => {
      const current = select.value;
      const first = select.options[0];
      select.replaceChildren(first, ...state.effects.filter((e) => !e.merged_into).map((e) => { const o = el("option", e.text); o.value = e.id; return o; }));
      select.value = current;
    });
  }

  // The workspace list is updated in place, row by row, so that what the co-moderator is
  // typing in one row survives events about other rows.
  function renderWorkspace() {
    if (role !== "workspace") return;
    const onlyUnlinked = document.getElementById("only-unlinked");
    const wanted = state.effects.filter((e) => !e.merged_into && !e.hidden && !(onlyUnlinked && onlyUnlinked.checked && e.values.length));
    const closed = Boolean(state.status.closed);
    regions("link-effects").forEach((list) => {
      const rows = new Map([...list.children].map((li) => [li.dataset.id, li]));
      const keep = new Set(wanted.map((e) => String(e.id)));
      rows.forEach((li, id) => { if (!keep.has(id)) li.remove(); });
      for (const e of wanted) {
        let li = rows.get(String(e.id));
        if (!li) { li = linkRow(e); list.append(li); }
        li.querySelector(".ge-link__effect").textContent = `${e.polarity === "positive" ? "+" : "−"} ${effectText(e)}`;
        li.querySelector(".ge-link__values").replaceChildren(...e.values.map((id) => {
          const b = el("button", `${valueName(id)} ×`, "utrecht-button utrecht-button--subtle");
          b.type = "button";
          b.setAttribute("aria-label", labels.unlink.replace("%s", valueName(id)));
          b.addEventListener("click", () => post(`effects/${e.id}/values`, { value: id, linked: false }));
          b.disabled = closed;
          return b;
        }));
        li.querySelector(".ge-link__input").disabled = closed;
        renderSuggestions(li, e);
      }
    });
    regions("unlinked-count").forEach((r) => {
      r.textContent = String(state.effects.filter((e) => !e.merged_into && !e.hidden && !e.values.length).length);
    });
    requestSuggestions();
  }

  // --- value suggestions (workspace) ----------------------------------------------------
  // The server suggests values for each effect and names possible duplicates; they are
  // fetched once per effect, in batches, as effects arrive. Nothing is linked without the
  // co-moderator: a chip, a number key or Enter in the row's empty field links one.

  const suggestions = new Map(); // effect id -> {values, duplicates}, or null while asked
  const rejected = new Map(); // effect id -> the keys just turned down, until undone
  let suggestTimer = null;

  function requestSuggestions() {
    if (suggestTimer !== null) return;
    suggestTimer = setTimeout(() => {
      suggestTimer = null;
      const ids = state.effects.filter((e) => !e.merged_into && !e.hidden && !suggestions.has(e.id)).map((e) => e.id).slice(0, 200);
      if (!ids.length) return;
      ids.forEach((id) => suggestions.set(id, null));
      fetch(`${api}/suggestions?effects=${ids.join(",")}`, { credentials: "same-origin" })
        .then((response) => (response.ok ? response.json() : Promise.reject(response)))
        .then((data) => {
          for (const id of ids) suggestions.set(id, data.effects[String(id)] || { values: [], duplicates: [] });
          renderWorkspace();
        })
        .catch(() => { ids.forEach((id) => suggestions.delete(id)); });
    }, 0);
  }

  // Suggested values not yet on the effect (a value is "on it" by its catalogue key).
  function openSuggestions(effect) {
    const found = suggestions.get(effect.id);
    if (!found) return [];
    const linkedKeys = new Set(effect.values.map((id) => (state.values.find((v) => v.id === id) || {}).catalogue).filter(Boolean));
    return found.values.filter((s) => !linkedKeys.has(s.key));
  }

  function renderSuggestions(li, effect) {
    const box = li.querySelector(".ge-link__suggestions");
    const found = suggestions.get(effect.id);
    const open = openSuggestions(effect);
    const undoable = rejected.get(effect.id);
    const signature = JSON.stringify([open.map((s) => s.key), found ? found.duplicates.map((d) => d.id) : null, undoable || null, Boolean(state.status.closed)]);
    if (box.dataset.signature === signature) return;
    box.dataset.signature = signature;
    const children = [];
    if (open.length) {
      const group = el("span", null, "ge-chips");
      group.setAttribute("role", "group");
      group.setAttribute("aria-label", labels.suggested);
      // On a chip, the digits 1 to 3 link one; in the text field only Alt+digit does, since
      // a digit there can start a value's name ("112-meldingen").
      group.addEventListener("keydown", (event) => {
        if (event.altKey || event.ctrlKey || event.metaKey || !/^[1-3]$/.test(event.key)) return;
        const chosen = openSuggestions(currentEffect(effect))[Number(event.key) - 1];
        if (chosen) { event.preventDefault(); acceptSuggestion(effect.id, chosen.key); }
      });
      open.forEach((s, n) => {
        const name = document.documentElement.lang === "en" ? s.name_en : s.name_nl;
        const chip = el("button", null, "ge-chip");
        chip.type = "button";
        chip.dataset.key = s.key;
        chip.setAttribute("aria-keyshortcuts", `${n + 1} Alt+${n + 1}`);
        chip.disabled = Boolean(state.status.closed);
        // The accessible name is the visible text with "Link" before it: key, value, reason.
        chip.append(el("span", `${labels.link} `, "ge-visually-hidden"), el("span", String(n + 1), "ge-chip__key"), el("span", name, "ge-chip__name"), el("span", s.reason, "ge-chip__reason"));
        chip.addEventListener("click", () => acceptSuggestion(effect.id, s.key));
        group.append(chip);
      });
      const none = el("button", labels.noneFits, "utrecht-button utrecht-button--subtle ge-chip__none");
      none.type = "button";
      none.setAttribute("aria-keyshortcuts", "Escape");
      none.setAttribute("aria-label", labels.noneFitsLabel.replace("%s", effect.text));
      none.addEventListener("click", () => rejectSuggestions(effect.id));
      none.disabled = Boolean(state.status.closed);
      group.append(none);
      children.push(group);
    }
    if (undoable) {
      const undo = el("button", labels.undo, "utrecht-button utrecht-button--subtle ge-link__undo");
      undo.type = "button";
      undo.setAttribute("aria-label", labels.undoLabel.replace("%s", effect.text));
      undo.disabled = Boolean(state.status.closed);
      undo.addEventListener("click", () => undoRejection(effect.id));
      children.push(undo);
    }
    for (const duplicate of (found && found.duplicates) || []) {
      const other = state.effects.find((x) => x.id === duplicate.id);
      if (!other || other.merged_into || other.hidden) continue;
      const note = el("span", null, "ge-duplicate");
      note.append(el("span", labels.duplicateOf.replace("%s", duplicate.text)));
      const merge = el("button", labels.merge, "utrecht-button utrecht-button--subtle");
      merge.type = "button";
      merge.addEventListener("click", () => {
        if (!window.confirm(labels.mergeConfirm.replace("%s", duplicate.text))) return;
        post("merges", { type: "effect", source: effect.id, target: duplicate.id }).then((d) => { if (d) announce(labels.mergeDone, false); });
      });
      note.append(merge);
      children.push(note);
    }
    box.replaceChildren(...children);
  }

  const currentEffect = (effect) => state.effects.find((e) => e.id === effect.id) || effect;

  function acceptSuggestion(effectId, key) {
    const link = (valueId) => post(`effects/${effectId}/values`, { value: valueId }).then((d) => {
      if (d) { announce(labels.linked, false); focusNextUnlinked(effectId); }
    });
    const onBoard = visibleValues().find((v) => v.catalogue === key);
    if (onBoard) return link(onBoard.id);
    return post("values", { catalogue_key: key }).then((d) => { if (d) return link(d.item.id); });
  }

  function rejectSuggestions(effectId) {
    const effect = state.effects.find((e) => e.id === effectId);
    const open = effect ? openSuggestions(effect) : [];
    if (!open.length) return;
    post("suggestions/rejections", { effect: effectId, values: open.map((s) => s.key) }).then((d) => {
      if (!d) return;
      const found = suggestions.get(effectId);
      if (found) found.values = found.values.filter((s) => !d.item.rejected.includes(s.key));
      rejected.set(effectId, d.item.rejected);
      announce(labels.rejected, false);
      renderWorkspace();
    });
  }

  // "Undo" after "None of these": the rejection is taken back and the suggestions return.
  function undoRejection(effectId) {
    const keys = rejected.get(effectId);
    if (!keys || !keys.length) return;
    post("suggestions/rejections", { effect: effectId, values: keys, undo: true }).then((d) => {
      if (!d) return;
      rejected.delete(effectId);
      suggestions.delete(effectId); // asked again, with the values back
      announce(labels.restored, false);
      renderWorkspace();
      const row = document.querySelector(`[data-region="link-effects"] > li[data-id="${effectId}"] .ge-link__input`);
      if (row) row.focus();
    });
  }

  // After a link, the next effect (in the list's order, from this one on) without a value.
  function focusNextUnlinked(effectId) {
    const rows = [...document.querySelectorAll('[data-region="link-effects"] > li')];
    const start = rows.findIndex((li) => li.dataset.id === String(effectId));
    const ordered = rows.slice(start + 1).concat(rows.slice(0, Math.max(start, 0)));
    const next = ordered.find((li) => {
      const e = state.effects.find((x) => String(x.id) === li.dataset.id);
      return e && !e.values.length;
    });
    if (next) next.querySelector(".ge-link__input").focus();
  }

  function linkRow(effect) {
    const li = el("li", null, "ge-link");
    li.dataset.id = effect.id;
    const input = el("input", null, "utrecht-textbox utrecht-textbox--html-input ge-link__input");
    input.setAttribute("list", "value-names");
    input.setAttribute("aria-label", labels.linkValue.replace("%s", effect.text));
    input.setAttribute("aria-keyshortcuts", "Alt+1 Alt+2 Alt+3 Enter Escape");
    input.placeholder = labels.typeValue;
    input.addEventListener("keydown", (event) => {
      const current = currentEffect(effect);
      // Alt+digit, never a bare digit: a digit can start a value's name.
      const digit = /^Digit([1-3])$/.exec(event.code);
      if (event.altKey && !event.ctrlKey && !event.metaKey && digit) {
        const chosen = openSuggestions(current)[Number(digit[1]) - 1];
        event.preventDefault();
        if (chosen) acceptSuggestion(effect.id, chosen.key);
        return;
      }
      if (input.value === "" && event.key === "Escape") {
        event.preventDefault();
        rejectSuggestions(effect.id);
        return;
      }
      if (event.key !== "Enter") return;
      event.preventDefault();
      const name = input.value;
      input.value = "";
      if (name.trim() === "") {
        const first = openSuggestions(current)[0];
        if (first) acceptSuggestion(effect.id, first.key);
        return;
      }
      linkByName(effect.id, name);
    });
    li.append(el("span", null, "ge-link__effect"), el("span", null, "ge-link__values"), input, el("div", null, "ge-link__suggestions"));
    return li;
  }

  // Who is connected right now is not an event (it would flood the log); the console asks.
  let connected = null;

  function pollPresence() {
    const table = document.querySelector("[data-presence]");
    if (!table) return;
    fetch(table.dataset.presence, { credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : null))
      .then((data) => { if (data) { connected = data.connected; renderGroups(); } })
      .catch(() => {});
  }

  function renderGroups() {
    if (role !== "console" || !state.groups) return;
    for (const [group, count] of Object.entries(state.groups)) {
      regions(`group-${group}`).forEach((r) => { r.textContent = String(count); });
    }
    if (connected === null) return;
    for (const [group, count] of Object.entries(connected)) {
      regions(`present-${group}`).forEach((r) => { r.textContent = String(count); });
    }
    const missing = labels.expectedGroups.filter(([g]) => !(connected[g] > 0)).map(([, label]) => label);
    regions("missing-groups").forEach((r) => {
      r.hidden = missing.length === 0;
      r.textContent = missing.length ? labels.missingGroups.replace("%s", missing.join(", ")) : "";
    });
  }

  function render() {
    if (!staff) {
      // Defence in depth: whatever arrives, pages for the public never show hidden or
      // unrevealed items.
      for (const list of Object.values(listOf)) {
        state[list] = state[list].filter((x) => !x.hidden && x.revealed !== false);
      }
    }
    renderStatus();
    renderTimer();
    fill("questions", () => state.questions.map((q) => itemLine(q, q.text)));
    fill("actors", () => state.actors.filter((a) => !a.merged_into).map((a) => itemLine(a, a.name)));
    fill("effects-positive", renderEffects("positive"));
    fill("effects-negative", renderEffects("negative"));
    fill("values", renderValues);
    fill("options", phone ? phone.options : renderOptions);
    renderVoting();
    renderSelects();
    renderWorkspace();
    renderGroups();
    regions("evaluations").forEach((r) => { r.textContent = String(state.evaluations || 0); });
    regions("seq").forEach((r) => { r.textContent = String(state.seq); });
    if (phone) phone.render();
    regions("unrevealed-count").forEach((r) => {
      r.textContent = String(state.effects.filter((e) => e.revealed === false && !e.merged_into && !e.hidden).length);
    });
    if (staff) {
      // A closed session takes no more input from the moderators: every control of their
      // forms is disabled (the buttons carry data-disable-when-closed).
      root.querySelectorAll("form[data-post] :is(input, select, textarea, button)").forEach((c) => { c.disabled = Boolean(state.status.closed); });
    }
    root.dataset.seq = String(state.seq);
    root.dataset.phase = state.status.phase;
    if (role === "board") fitBoard();
  }

  // The board is a projector: it never scrolls. Long texts are clamped (CSS), and the type
  // gets smaller and the columns more, one step at a time, until the page fits the screen.
  const DENSITIES = ["normal", "compact", "dense"];

  function fitBoard() {
    // A spotlighted item is shown whole: a long one in smaller type.
    regions("spotlight").forEach((r) => r.classList.toggle("ge-spotlight--long", r.textContent.length > 280));
    const page = document.documentElement;
    for (const density of DENSITIES) {
      root.dataset.density = density;
      if (page.scrollHeight <= window.innerHeight) break;
    }
  }
  if (role === "board") window.addEventListener("resize", fitBoard);

  // --- writing --------------------------------------------------------------------------

  function announce(text, isError) {
    regions("feedback").forEach((r) => {
      r.textContent = text;
      r.classList.toggle("ge-feedback--error", Boolean(isError));
    });
  }

  // One POST, with its Idempotency-Key. The answer says whether it is worth trying again
  // with the same key (no connection, the server down or busy) or was refused, and why.
  async function send(path, body, key) {
    let response;
    try {
      response = await fetch(`${api}/${path}`, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, "Idempotency-Key": key },
        body,
      });
    } catch (error) {
      return { ok: false, retry: true, reason: labels.sendOffline };
    }
    const data = await response.json().catch(() => ({}));
    if (response.ok) return { ok: true, data };
    const reasons = (data["invalid-params"] || []).map((p) => p.reason);
    const reason = [data.detail, ...reasons].filter(Boolean).filter((v, i, a) => a.indexOf(v) === i).join(" ");
    const retry = response.status >= 500 || response.status === 429;
    return { ok: false, retry, status: response.status, reason: reason || labels.sendFailed.replace("%s", response.status) };
  }

  // A send of the page's own (a vote, a moderator's action): a failure says so, always.
  async function post(path, body, key) {
    announce("", false);
    const result = await send(path, JSON.stringify(body), key || newKey());
    if (result.ok) return result.data;
    announce(result.status ? result.reason : labels.sendOffline, true);
    return null;
  }

  // Dots are sent one request at a time, each built on the one before it, so that a second
  // tap before the first is answered adds a dot instead of sending the same allocation again.
  // Until the server answers, the page shows what was asked for.
  let wantedVotes = null;
  let votesSent = Promise.resolve();

  function vote(valueId, change) {
    const mine = Object.assign({}, wantedVotes || (state.me && state.me.votes) || {});
    mine[String(valueId)] = Math.max(0, (mine[String(valueId)] || 0) + change);
    wantedVotes = mine;
    render();
    votesSent = votesSent.then(() => post("votes", { votes: mine }).then((data) => {
      if (!data) { wantedVotes = null; render(); return; }
      state.me.votes = data.item.votes;
      if (wantedVotes === mine) wantedVotes = null;
      announce(labels.voteSaved, false);
      render();
    }));
  }

  function linkByName(effectId, name) {
    const wanted = name.trim().toLowerCase();
    if (!wanted) return;
    // A value on the board matches by its name in either language.
    const onBoard = visibleValues().find((v) => [valueLabel(v), ...Object.values(v.names || {})].some((n) => n.toLowerCase() === wanted));
    const link = (valueId) => post(`effects/${effectId}/values`, { value: valueId }).then((d) => {
      if (d) { announce(labels.linked, false); focusNextUnlinked(effectId); }
    });
    if (onBoard) return link(onBoard.id);
    const option = [...document.querySelectorAll("#value-names option")].find((o) => o.value.toLowerCase() === wanted);
    const body = option && option.dataset.key ? { catalogue_key: option.dataset.key } : { name: name.trim() };
    post("values", body).then((d) => { if (d) link(d.item.id); });
  }

  function formBody(form) {
    const body = {};
    for (const [name, value] of new FormData(form).entries()) {
      if (name === "csrfmiddlewaretoken") continue;
      if (value === "") continue;
      body[name] = /^(actor|value|id|source|target|seconds)$/.test(name) ? Number(value) : value;
    }
    for (const box of form.querySelectorAll("input[type=checkbox]")) body[box.name] = box.checked;
    if (form.dataset.minutes && body.seconds !== undefined) body.seconds = Math.round(body.seconds * 60);
    return body;
  }

  // What a participant writes is queued when it cannot be sent now (docs/live.md).
  const queued = new Set(["questions", "actors", "effects", "options", "evaluations"]);
  const newKey = () => (window.geOutbox ? window.geOutbox.newKey() : crypto.randomUUID());
  let outbox = null;

  function connectionText(online) {
    const word = online === "offline" ? labels.offline : online === "open" ? labels.connected : online === "lost" ? labels.reconnecting : labels.connecting;
    const waiting = outbox ? outbox.waiting() : 0;
    const text = waiting ? `${word} · ${(waiting === 1 ? labels.waitingOne : labels.waitingMany).replace("%s", waiting)}` : word;
    regions("connection").forEach((r) => { r.textContent = text; r.dataset.state = online; });
  }
  let connection = "connecting";

  if (role === "participant" && window.geOutbox && state.me) {
    outbox = window.geOutbox.start({
      scope: `${api}:${state.me.id}`,
      labels,
      send,
      onChange: () => connectionText(connection),
    });
  }

  function flushOutbox() {
    // Not while the browser knows it is offline (a stream that reopens then is a leftover).
    if (!outbox || navigator.onLine === false) return;
    outbox.flush().then((sent) => { if (sent) announce(labels.outboxSent, false); });
  }

  function resetForm(form) {
    if (form.dataset.keep !== undefined) return;
    form.querySelectorAll("textarea, input:not([type]), input[type=text], input[type=search], input[type=number]").forEach((f) => { f.value = ""; });
    form.querySelectorAll("input[type=radio]").forEach((f) => { f.checked = false; });
    form.querySelectorAll("select").forEach((f) => { f.selectedIndex = f.options.length ? 0 : -1; });
  }

  function finished(form) {
    resetForm(form);
    if (!form.dataset.done) return;
    form.hidden = true;
    regions(form.dataset.done).forEach((r) => { r.hidden = false; r.tabIndex = -1; r.focus(); });
  }

  document.querySelectorAll("form[data-post]").forEach((form) => {
    let attempt = null; // the last body sent from this form and its key, for an honest retry
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const extra = form.dataset.extra ? JSON.parse(form.dataset.extra) : {};
      const submitter = event.submitter;
      if (submitter && submitter.name) extra[submitter.name] = submitter.value;
      const fields = Object.assign(formBody(form), extra);
      const body = JSON.stringify(fields);
      const key = attempt && attempt.body === body ? attempt.key : newKey();
      attempt = { body, key };
      announce("", false);
      const queue = outbox && queued.has(form.dataset.post);
      const text = fields.text || fields.name || fields.message || labels.evaluation;
      if (queue && navigator.onLine === false) {
        outbox.add(form.dataset.post, body, text, key);
        attempt = null;
        finished(form);
        announce(labels.queued, false);
        return;
      }
      const result = await send(form.dataset.post, body, key);
      if (result.ok) {
        attempt = null;
        finished(form);
        announce(form.dataset.saved || labels.saved, false);
      } else if (queue && !result.status) {
        // No connection: kept on the phone, sent by itself when the connection returns.
        outbox.add(form.dataset.post, body, text, key);
        attempt = null;
        finished(form);
        announce(labels.queued, false);
      } else {
        // Refused, or the server failed: the text stays in the form, with the reason.
        announce(result.reason, true);
      }
    });
  });

  document.querySelectorAll("button[data-moderation]").forEach((button) => {
    button.addEventListener("click", () => {
      const action = button.dataset.action || button.dataset.moderation;
      if (button.dataset.confirm && !window.confirm(button.dataset.confirm)) return;
      post("moderation", { action }).then((d) => { if (d) announce(labels.staffDone[action], false); });
    });
  });
  document.querySelectorAll("button[data-step]").forEach((button) => {
    button.addEventListener("click", () => post("phase", { step: Number(button.dataset.step) }).then((d) => {
      if (d) announce(labels.staffDone.phase, false);
    }));
  });
  document.querySelectorAll("button[data-timer]").forEach((button) => {
    button.addEventListener("click", () => post("timer", { action: button.dataset.timer, seconds: Number(button.dataset.seconds || 0) || undefined }).then((d) => {
      if (d) announce(labels.staffDone[button.dataset.timer], false);
    }));
  });
  const onlyUnlinked = document.getElementById("only-unlinked");
  if (onlyUnlinked) onlyUnlinked.addEventListener("change", render);

  // --- listening ------------------------------------------------------------------------

  function connect() {
    // The board is opened by a moderator but shows only what the public may see.
    const audience = role === "board" ? "&audience=public" : "";
    const source = new EventSource(`${api}/events?since=${state.seq}${audience}`);
    const show = (now) => { connection = now; connectionText(now); };
    show(navigator.onLine === false ? "offline" : "connecting");
    source.onopen = () => { show("open"); flushOutbox(); };
    source.onmessage = (message) => {
      const event = JSON.parse(message.data);
      if (event.kind === "status") clientTimeAtStatus = Date.now();
      apply(event);
      withFocus(render);
    };
    source.onerror = () => show(navigator.onLine === false ? "offline" : "lost");
    window.addEventListener("offline", () => show("offline"));
    window.addEventListener("online", () => { show(source.readyState === EventSource.OPEN ? "open" : "lost"); flushOutbox(); });
  }

  render();
  connect();
  flushOutbox();
  setInterval(renderTimer, 1000);
  if (role === "console") {
    pollPresence();
    setInterval(pollPresence, 5000);
  }
})();
