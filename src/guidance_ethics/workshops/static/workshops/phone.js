// The participant's page (the phone), beside live.js: which contributions are one's own,
// correcting and withdrawing them, the options as a list per chosen value, and the length
// counter of every text field. live.js calls window.GEPhone once with what it shares and then
// phone.render() after each of its own renders. Own items are recognised without telling
// anyone else who wrote what: each item of a participant carries a "mark", the SHA-256 of
// the author's key (state.me.key, sent to that participant only), the kind and the id; the
// phone computes the same hash (docs/live.md, "Own contributions").
"use strict";

(function () {
  // --- SHA-256 (FIPS 180-4) of a string's UTF-8 bytes, as hex; synchronous, so that it also
  // works where crypto.subtle does not (a page served over plain http on a venue network).
  const K = new Uint32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
  ]);

  function sha256(text) {
    const bytes = new TextEncoder().encode(text);
    const length = ((bytes.length + 9 + 63) >> 6) << 6;
    const data = new Uint8Array(length);
    data.set(bytes);
    data[bytes.length] = 0x80;
    const view = new DataView(data.buffer);
    view.setUint32(length - 4, bytes.length * 8);
    view.setUint32(length - 8, Math.floor(bytes.length / 0x20000000));
    const h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
    const w = new Uint32Array(64);
    const rotr = (x, n) => (x >>> n) | (x << (32 - n));
    for (let offset = 0; offset < length; offset += 64) {
      for (let i = 0; i < 16; i++) w[i] = view.getUint32(offset + i * 4);
      for (let i = 16; i < 64; i++) {
        const s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >>> 3);
        const s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >>> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
      }
      let [a, b, c, d, e, f, g, k] = h;
      for (let i = 0; i < 64; i++) {
        const t1 = (k + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i]) >>> 0;
        const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
        k = g; g = f; f = e; e = (d + t1) >>> 0; d = c; c = b; b = a; a = (t1 + t2) >>> 0;
      }
      h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += k;
    }
    return [...h].map((x) => x.toString(16).padStart(8, "0")).join("");
  }

  // Which phases let the author change an item of each kind (workshops/own_actions.py).
  const OWN_PHASES = { question: ["case"], actor: ["actors", "effects"], effect: ["effects"], option: ["options"] };
  const LIST = { question: "questions", actor: "actors", effect: "effects", option: "options" };
  const REGION_KIND = { questions: "question", actors: "actor", "effects-positive": "effect", "effects-negative": "effect", options: "option", "own-private": "effect" };

  window.GEPhone = function (ctx) {
    const { el, labels } = ctx;
    const number = new Intl.NumberFormat(document.documentElement.lang || "nl");
    const marks = new Map();
    const me = ctx.state().me || {};
    // Effects written with private writing on, until the moderator reveals them: from the
    // page's state, and from the answers to this phone's own posts (below).
    let privateOwn = me.private || [];

    function markOf(kind, id) {
      const key = `${kind}:${id}`;
      if (!marks.has(key)) marks.set(key, sha256(`${me.key}:${kind}:${id}`).slice(0, 20));
      return marks.get(key);
    }
    const isOwn = (kind, item) => Boolean(me.key && item.mark && item.mark === markOf(kind, item.id));
    const textOf = (kind, item) => (kind === "actor" ? item.name : item.text);
    // A button's name names its item, shortened: a screen reader need not read it all again.
    const short = (text) => (text.length > 60 ? `${text.slice(0, 59)}…` : text);

    function editable(kind) {
      const status = ctx.state().status;
      return OWN_PHASES[kind].includes(status.phase) && !status.input_locked && !status.closed;
    }

    function say(text, isError) {
      ctx.regions("feedback").forEach((r) => {
        r.textContent = text;
        r.classList.toggle("ge-feedback--error", Boolean(isError));
      });
    }

    async function send(path, body) {
      let response;
      try {
        response = await fetch(`${ctx.api}/${path}`, {
          method: "POST",
          credentials: "same-origin",
          headers: { "Content-Type": "application/json", "X-CSRFToken": ctx.csrf },
          body: JSON.stringify(body),
        });
      } catch (error) {
        return { error: labels.reconnecting };
      }
      const data = await response.json().catch(() => ({}));
      if (response.ok) return { data };
      const reasons = (data["invalid-params"] || []).map((p) => p.reason);
      return { error: [data.detail, ...reasons].filter(Boolean).filter((v, i, a) => a.indexOf(v) === i).join(" ") || response.statusText };
    }

    // The answer to this phone's own new effect is how it learns of an effect that private
    // writing keeps out of the events (the outbox may send it later: fetch is where all meet).
    const originalFetch = window.fetch.bind(window);
    window.fetch = async function (input, init) {
      const response = await originalFetch(input, init);
      const method = ((init && init.method) || (input && input.method) || "GET").toUpperCase();
      const url = new URL(typeof input === "string" ? input : input.url, window.location.href);
      if (method === "POST" && response.ok && url.pathname === `${ctx.api}/effects` && ctx.state().settings.private_writing) {
        response.clone().json().then((answer) => {
          if (answer && answer.item && !privateOwn.some((e) => e.id === answer.item.id)) {
            privateOwn.push(answer.item);
            ctx.rerender();
          }
        }).catch(() => {});
      }
      return response;
    };

    // --- the options: a list per chosen value, the direction as a label (no wide table) ---
    function options() {
      const state = ctx.state();
      return state.values.filter((v) => v.chosen && !v.merged_into).map((v) => {
        const box = el("div", null, "ge-option-group");
        box.append(el("h3", ctx.valueLabel(v), "utrecht-heading-3"));
        const ul = el("ul", null, "ge-list");
        for (const [direction, label] of labels.directions) {
          state.options.filter((o) => o.value === v.id && o.direction === direction).forEach((o) => {
            const li = ctx.itemLine(o, o.text);
            li.prepend(el("span", label, "ge-badge ge-direction"));
            ul.append(li);
          });
        }
        box.append(ul);
        return box;
      });
    }

    // --- own items: "yours", and Correct / Withdraw while their phase is open ---
    function decorate() {
      const state = ctx.state();
      for (const [region, kind] of Object.entries(REGION_KIND)) {
        const list = region === "own-private" ? privateOwn : state[LIST[kind]];
        ctx.regions(region).forEach((r) => r.querySelectorAll("li[data-id]").forEach((li) => {
          if (li.dataset.own) return;
          const item = list.find((x) => String(x.id) === li.dataset.id);
          if (!item || !isOwn(kind, item)) return;
          li.dataset.own = "true";
          li.classList.add("ge-item--own");
          li.append(el("span", labels.yours, "ge-badge ge-badge--own"));
          if (!editable(kind)) return;
          const tools = el("span", null, "ge-item__tools");
          const correct = el("button", labels.correct, "utrecht-button utrecht-button--subtle");
          correct.type = "button";
          correct.dataset.ownEdit = `${kind}:${item.id}`;
          correct.setAttribute("aria-label", labels.correctLabel.replace("%s", short(textOf(kind, item))));
          correct.addEventListener("click", () => openEditor(kind, item.id));
          const withdraw = el("button", labels.withdraw, "utrecht-button utrecht-button--subtle");
          withdraw.type = "button";
          withdraw.setAttribute("aria-label", labels.withdrawLabel.replace("%s", short(textOf(kind, item))));
          withdraw.addEventListener("click", () => withdrawItem(kind, item.id));
          tools.append(correct, withdraw);
          li.append(tools);
        }));
      }
    }

    function renderPrivate() {
      const shown = new Set(ctx.state().effects.map((e) => e.id));
      privateOwn = privateOwn.filter((e) => !shown.has(e.id));
      ctx.regions("own-private").forEach((r) => {
        r.replaceChildren(...privateOwn.map((e) => ctx.itemLine(e, `${e.polarity === "positive" ? "+" : "−"} ${e.text}`)));
      });
      ctx.regions("own-private-block").forEach((r) => { r.hidden = privateOwn.length === 0; });
    }

    const find = (kind, id) => (kind === "effect" && privateOwn.find((e) => e.id === id)) || ctx.state()[LIST[kind]].find((x) => x.id === id);

    // --- correcting, in a dialog that live updates leave alone ---
    const dialog = document.querySelector("[data-region='own-editor']");
    let editing = null;

    function openEditor(kind, id) {
      const item = find(kind, id);
      if (!item || !dialog) return;
      editing = { kind, id };
      const text = dialog.querySelector("textarea");
      text.value = textOf(kind, item);
      text.dataset.limit = kind === "actor" ? "120" : "2000";
      dialog.querySelector("label[for='own-editor-text']").textContent = kind === "actor" ? labels.nameLabel : labels.textLabel;
      const polarity = dialog.querySelector("[data-own-polarity]");
      polarity.hidden = kind !== "effect";
      polarity.querySelectorAll("input").forEach((input) => { input.checked = input.value === item.polarity; });
      dialog.querySelector("[data-own-error]").textContent = "";
      dialog.showModal();
      count(text);
      text.focus();
    }

    function backToItem() {
      if (!editing) return;
      const button = document.querySelector(`[data-own-edit="${editing.kind}:${editing.id}"]`);
      editing = null;
      if (button) button.focus();
    }

    if (dialog) {
      dialog.querySelector("[data-own-cancel]").addEventListener("click", () => dialog.close());
      dialog.addEventListener("close", backToItem);
      dialog.querySelector("form").addEventListener("submit", async (event) => {
        event.preventDefault();
        if (!editing) return;
        const { kind, id } = editing;
        const form = event.target;
        const body = { [kind === "actor" ? "name" : "text"]: form.elements.text.value };
        const polarity = form.querySelector("[data-own-polarity] input:checked");
        if (kind === "effect" && polarity) body.polarity = polarity.value;
        const { data, error } = await send(`contributions/${kind}/${id}`, body);
        if (error) { dialog.querySelector("[data-own-error]").textContent = error; return; }
        const stored = privateOwn.findIndex((e) => e.id === id);
        if (kind === "effect" && stored !== -1) privateOwn[stored] = Object.assign({}, privateOwn[stored], data.item);
        dialog.close();
        say(labels.corrected, false);
        ctx.rerender();
      });
    }

    async function withdrawItem(kind, id) {
      const item = find(kind, id);
      if (!item || !window.confirm(labels.withdrawConfirm.replace("%s", short(textOf(kind, item))))) return;
      const { error } = await send(`contributions/${kind}/${id}/withdrawal`, {});
      if (error) { say(error, true); return; }
      privateOwn = privateOwn.filter((e) => e.id !== id);
      say(labels.withdrawnDone, false);
      ctx.rerender();
      const heading = document.querySelector(`[data-phase-section]:not([hidden]) h2`);
      if (heading) { heading.tabIndex = -1; heading.focus(); }
    }

    // --- the length counter: "1.234 / 2.000 characters", shown near the limit; refused
    // (with the reason) over it, never cut off silently ---
    const quiet = document.createElement("span");
    quiet.className = "ge-visually-hidden";
    quiet.setAttribute("role", "status");
    document.body.append(quiet);

    function count(field) {
      const limit = Number(field.dataset.limit);
      const counter = document.getElementById(`${field.id}-count`);
      if (!counter) return;
      const n = field.value.length;
      counter.textContent = labels.count.replace("%(n)s", number.format(n)).replace("%(max)s", number.format(limit));
      const level = n > limit ? "over" : n >= limit * 0.9 ? "near" : "";
      counter.hidden = level === "";
      counter.classList.toggle("ge-count--over", level === "over");
      const message = level === "over" ? (n - limit === 1 ? labels.tooLongOne : labels.tooLong).replace("%(over)s", number.format(n - limit)).replace("%(max)s", number.format(limit)) : "";
      field.setCustomValidity(message);
      // Said once when the text comes near the limit or goes over it, not at every key.
      if (level !== (field.dataset.level || "")) {
        field.dataset.level = level;
        if (level) quiet.textContent = level === "over" ? message : counter.textContent;
      }
    }

    document.querySelectorAll("textarea[data-limit]").forEach((field) => {
      const counter = el("span", null, "ge-count");
      counter.id = `${field.id}-count`;
      counter.hidden = true;
      field.after(counter);
      field.setAttribute("aria-describedby", [field.getAttribute("aria-describedby"), counter.id].filter(Boolean).join(" "));
      field.addEventListener("input", () => count(field));
    });

    // Feedback about the phase before (a saved vote, a refusal) goes when the phase changes.
    let phase = ctx.state().status.phase;

    return {
      options,
      render() {
        if (ctx.state().status.phase !== phase) {
          phase = ctx.state().status.phase;
          say("", false);
        }
        renderPrivate();
        decorate();
        document.querySelectorAll("textarea[data-limit]").forEach(count);
      },
    };
  };
})();
