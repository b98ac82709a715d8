// The phone's outbox: contributions written while the phone has no connection wait here
// (in localStorage, per session and participant, so that they survive a reload) and are
// sent by themselves when the connection returns. Each item carries the Idempotency-Key it
// was given when it was written, and the exact body, so that a retry after a lost answer
// never creates a second contribution. An item the server refuses stays, with the reason,
// until the participant dismisses it: its text is theirs to copy. docs/live.md explains.
// live.js starts it with window.geOutbox.start(); this file draws only the outbox list.
"use strict";

(function () {
  const PREFIX = "ge-outbox:";
  const KEEP_DAYS = 7;

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function start({ scope, labels, send, onChange }) {
    const storageKey = PREFIX + scope;
    let sending = false;
    let retry = null;

    function load() {
      try {
        const items = JSON.parse(localStorage.getItem(storageKey) || "[]");
        const oldest = Date.now() - KEEP_DAYS * 86400000;
        return Array.isArray(items) ? items.filter((i) => i && i.key && Date.parse(i.queuedAt) > oldest) : [];
      } catch (error) {
        return [];
      }
    }

    function save(items) {
      try {
        if (items.length) localStorage.setItem(storageKey, JSON.stringify(items));
        else localStorage.removeItem(storageKey);
      } catch (error) {
        // Storage full or refused (private mode): the list on the page still shows them.
      }
      render();
      onChange(waiting());
    }

    const waiting = () => load().filter((i) => !i.refused).length;

    function add(path, body, text, key) {
      const items = load();
      const item = { key: key || newKey(), path, body, text, queuedAt: new Date().toISOString() };
      items.push(item);
      save(items);
      return item;
    }

    // Text that was never sent (its phase ended while it was typed): kept, not sent.
    function keepUnsent(text, reason) {
      const items = load();
      items.push({ key: newKey(), path: "", body: "", text, queuedAt: new Date().toISOString(), refused: reason });
      save(items);
    }

    function dismiss(key) {
      save(load().filter((i) => i.key !== key));
    }

    // Send what waits, one item at a time, oldest first. Only one run at a time: the online
    // event, the stream's reopening and the page load may all ask at once.
    async function flush() {
      if (sending) return;
      sending = true;
      clearTimeout(retry);
      let sent = 0;
      try {
        for (;;) {
          const item = load().find((i) => !i.refused);
          if (!item) break;
          const result = await send(item.path, item.body, item.key);
          const items = load();
          const index = items.findIndex((i) => i.key === item.key);
          if (result.ok) {
            if (index !== -1) items.splice(index, 1);
            save(items);
            sent += 1;
          } else if (result.retry) {
            // No connection, the server is down or busy: try again later, with the same key.
            retry = setTimeout(flush, 15000);
            break;
          } else {
            if (index !== -1) items[index].refused = result.reason || labels.outboxRefused;
            save(items);
          }
        }
      } finally {
        sending = false;
      }
      return sent;
    }

    function time(iso) {
      const date = new Date(iso);
      return `${String(date.getHours()).padStart(2, "0")}:${String(date.getMinutes()).padStart(2, "0")}`;
    }

    function render() {
      document.querySelectorAll('[data-region="outbox"]').forEach((list) => {
        const items = load();
        list.hidden = items.length === 0;
        list.replaceChildren(...items.map((item) => {
          const li = document.createElement("li");
          li.className = "ge-outbox__item" + (item.refused ? " ge-outbox__item--refused" : "");
          li.dataset.key = item.key;
          const status = document.createElement("span");
          status.className = "ge-outbox__status";
          status.textContent = item.refused
            ? labels.outboxNotSent.replace("%s", item.refused)
            : labels.outboxWaiting.replace("%s", time(item.queuedAt));
          const text = document.createElement("span");
          text.className = "ge-outbox__text";
          text.textContent = item.text;
          li.append(status, text);
          if (item.refused) {
            const button = document.createElement("button");
            button.type = "button";
            button.className = "utrecht-button utrecht-button--subtle";
            button.textContent = labels.outboxDismiss;
            button.setAttribute("aria-label", labels.outboxDismissLabel.replace("%s", item.text));
            button.addEventListener("click", () => dismiss(item.key));
            li.append(button);
          }
          return li;
        }));
      });
    }

    render();
    return { add, keepUnsent, dismiss, flush, waiting, newKey };
  }

  window.geOutbox = { start, newKey };
})();
