// Jeugdbot web chat: renders the Answer JSON of POST /api/ask with DOM nodes and textContent
// only (never as HTML: no innerHTML, insertAdjacentHTML or document.write).
"use strict";

(function () {
  const KEY = "jeugdbot.conversation";
  const log = document.getElementById("log");
  const form = document.getElementById("ask");
  const input = document.getElementById("question");
  const status = document.getElementById("status");
  let busy = false;

  function newId() {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function conversationId() {
    let id = sessionStorage.getItem(KEY);
    if (!id) {
      id = newId();
      sessionStorage.setItem(KEY, id);
    }
    return id;
  }

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value !== undefined && value !== null) node.setAttribute(name, value);
    }
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  // The answer text may mark words as *bold*; everything else is plain text.
  function paragraph(text, cls) {
    const p = el("p", cls ? { class: cls } : {});
    const parts = String(text).split(/\*([^*\n]+)\*/);
    parts.forEach((part, i) => {
      if (i % 2 === 1) p.appendChild(el("strong", {}, part));
      else if (part) p.appendChild(document.createTextNode(part));
    });
    return p;
  }

  function textBlock(container, text, cls) {
    String(text).split(/\n{2,}/).forEach((chunk) => {
      const lines = chunk.split("\n");
      const p = paragraph(lines[0], cls);
      for (const line of lines.slice(1)) {
        p.appendChild(el("br"));
        paragraph(line).childNodes.forEach((n) => p.appendChild(n.cloneNode(true)));
      }
      container.appendChild(p);
    });
  }

  // A cell that is a figure: "2.635", "€ 94,6 mln", "-5,5%", "+3,2%", "12 dagen".
  const NUMBER = /^[+\-\u2212]?(€\s?)?[+\-\u2212]?\d[\d.,]*(\s?(%|mln|mld|dagen|jaar))?$/;
  // What the disclosure rule shows instead of a figure, and empty cells.
  const NOT_A_FIGURE = /^(minder dan \d+|niet beschikbaar|geheim|niet getoond.*|[-\u2013\u2014]|n\.v\.t\.?|)$/i;

  // Only a column of figures is right-aligned; a column of names or periods stays left.
  function numericColumns(t) {
    return t.columns.map((_c, i) => {
      const cells = t.rows.map((row) => String(row[i] === undefined ? "" : row[i]).trim());
      return i > 0 && cells.some((c) => NUMBER.test(c))
        && cells.every((c) => NUMBER.test(c) || NOT_A_FIGURE.test(c));
    });
  }

  function table(t) {
    const wrap = el("div", { class: "table-wrap", tabindex: "0", role: "region",
      "aria-label": "Tabel" });
    const tbl = el("table");
    const head = el("tr");
    const num = numericColumns(t);
    t.columns.forEach((c, i) => head.appendChild(el("th", { scope: "col", class: num[i] ? "num" : null }, c)));
    tbl.appendChild(el("thead")).appendChild(head);
    const body = el("tbody");
    for (const row of t.rows) {
      const tr = el("tr");
      row.forEach((cell, i) => {
        tr.appendChild(el(i ? "td" : "th", i ? { class: num[i] ? "num" : null } : { scope: "row" }, cell));
      });
      body.appendChild(tr);
    }
    tbl.appendChild(body);
    wrap.appendChild(tbl);
    return wrap;
  }

  function toggle(label, build) {
    const button = el("button", { type: "button", "aria-expanded": "false" }, label);
    let panel = null;
    button.addEventListener("click", () => {
      if (!panel) {
        panel = build();
        panel.id = "p" + newId();
        button.setAttribute("aria-controls", panel.id);
        button.closest(".message").appendChild(panel);
      }
      const open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", String(open));
      panel.hidden = !open;
    });
    return button;
  }

  // A drawn thumb (Material Icons "thumb_up", Apache-2.0): emoji fonts are not everywhere.
  function thumbIcon() {
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    const path = document.createElementNS(ns, "path");
    path.setAttribute("d", "M1 21h4V9H1v12zm22-11c0-1.1-.9-2-2-2h-6.31l.95-4.57.03-.32c0-.41-.17-.79" +
      "-.44-1.06L14.17 1 7.59 7.59C7.22 7.95 7 8.45 7 9v10c0 1.1.9 2 2 2h9c.83 0 1.54-.5 1.84-1.22" +
      "l3.02-7.05c.09-.23.14-.47.14-.73v-2z");
    svg.appendChild(path);
    return svg;
  }

  function feedbackButtons(answer) {
    const buttons = [];
    for (const [value, label] of [["up", "Goed antwoord"], ["down", "Slecht antwoord"]]) {
      const b = el("button", { type: "button", class: "thumb " + value, "aria-label": label,
        "aria-pressed": "false", title: label });
      b.appendChild(thumbIcon());
      b.addEventListener("click", async () => {
        buttons.forEach((o) => o.setAttribute("aria-pressed", String(o === b)));
        try {
          const r = await fetch("/api/feedback", {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ answer_id: answer.id, value }),
          });
          status.textContent = r.ok ? "Bedankt voor je reactie." : "Je reactie is niet opgeslagen.";
        } catch (e) {
          status.textContent = "Je reactie is niet opgeslagen.";
        }
      });
      buttons.push(b);
    }
    return buttons;
  }

  function renderAnswer(a) {
    const kind = a.kind || "answer";
    const msg = el("article", { class: "message bot " + kind, "aria-label": "Antwoord van Jeugdbot" });
    textBlock(msg, a.text || "");
    // The answer text usually says what was understood already; show the line only when not.
    if (a.understood && !(a.text || "").includes("Ik begreep")) msg.appendChild(el("p", { class: "understood" }, "Begrepen: " + a.understood));
    if (a.table && a.table.rows && a.table.rows.length) msg.appendChild(table(a.table));
    if (a.chart_url && a.series) {
      // src is set once the message is in the page and its width is known (see send).
      msg.appendChild(el("img", { class: "chart", "data-src": a.chart_url, alt: "Grafiek: " + a.series.title }));
    }
    if (a.context_line) msg.appendChild(el("p", { class: "context" }, a.context_line));
    if (a.options && a.options.length) {
      const opts = el("div", { class: "options", role: "group", "aria-label": "Kies een mogelijkheid" });
      for (const o of a.options) {
        const b = el("button", { type: "button", "data-value": o.value }, o.label);
        b.addEventListener("click", () => send(o.value));
        opts.appendChild(b);
      }
      msg.appendChild(opts);
    }
    const actions = el("div", { class: "actions" });
    if (a.more) {
      actions.appendChild(toggle("Toon meer", () => {
        const d = el("div", { class: "more" });
        textBlock(d, a.more);
        return d;
      }));
    }
    if (a.definition) {
      actions.appendChild(toggle("Hoe berekend?", () => el("p", { class: "note" }, a.definition)));
    }
    if (a.query) {
      actions.appendChild(toggle("Toon query", () => {
        const params = Object.entries(a.params || {})
          .map(([k, v]) => "  " + k + " = " + JSON.stringify(v)).join("\n");
        return el("pre", { class: "query" }, "query: " + a.query + "\nparameters:\n" + (params || "  (geen)"));
      }));
    }
    if (kind === "answer" || kind === "clarify" || kind === "refuse") {
      feedbackButtons(a).forEach((b) => actions.appendChild(b));
    }
    if (actions.childNodes.length) msg.appendChild(actions);
    return msg;
  }

  // The input bar is sticky at the bottom: scrolling keeps that much room below the end of
  // the last answer, so its buttons and chart are never under the bar.
  function reserveBar() {
    document.documentElement.style.scrollPaddingBottom = (form.offsetHeight + 12) + "px";
  }
  reserveBar();
  window.addEventListener("resize", reserveBar);

  function scrollToEnd(node) {
    if (node !== log.lastElementChild) return; // a newer message is shown already
    reserveBar();
    const reduce = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    node.scrollIntoView({ block: "end", behavior: reduce ? "auto" : "smooth" });
  }

  // The chart is drawn for the width of the column, so its labels keep their size on a
  // phone instead of being scaled down; the page scrolls again once it is loaded.
  function loadCharts(node) {
    node.querySelectorAll("img.chart[data-src]").forEach((img) => {
      const style = getComputedStyle(node);
      const frame = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight)
        + parseFloat(style.borderLeftWidth) + parseFloat(style.borderRightWidth);
      const inner = log.clientWidth - frame; // a bot message may take the log's full width
      img.addEventListener("load", () => scrollToEnd(node));
      img.addEventListener("error", () => scrollToEnd(node));
      img.src = img.getAttribute("data-src") + "?w=" + Math.max(1, Math.floor(inner));
      img.removeAttribute("data-src");
    });
  }

  async function send(question) {
    question = question.trim();
    if (!question || busy) return;
    busy = true;
    log.appendChild(el("p", { class: "message user" }, question));
    status.textContent = "Bezig met je vraag…";
    let node;
    try {
      const r = await fetch("/api/ask", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ question, conversation_id: conversationId() }),
      });
      let data = null;
      try { data = await r.json(); } catch (e) { data = null; }
      if (data && typeof data.text === "string") node = renderAnswer(data);
      else if (r.status === 413) node = renderAnswer({ kind: "error", text: "Je vraag is te lang." });
      else node = renderAnswer({ kind: "error", text: "Er ging iets mis. Probeer het opnieuw." });
    } catch (e) {
      node = renderAnswer({ kind: "error", text: "De server is niet bereikbaar. Probeer het later opnieuw." });
    }
    log.appendChild(node);
    loadCharts(node);
    status.textContent = "";
    busy = false;
    scrollToEnd(node);
    input.focus();
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (busy) return; // keep what was typed; Enter again once the answer is in
    const q = input.value;
    input.value = "";
    send(q);
  });

  document.querySelectorAll("button.example").forEach((b) => {
    b.addEventListener("click", () => send(b.textContent));
  });

  document.getElementById("new-conversation").addEventListener("click", () => {
    sessionStorage.setItem(KEY, newId());
    log.querySelectorAll(".message:not(.intro)").forEach((n) => n.remove());
    status.textContent = "Nieuw gesprek gestart.";
    input.focus();
  });
})();
