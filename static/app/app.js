// The app's own behaviour on top of htmx: warn before leaving unsaved input, confirm deletions.
(function () {
  "use strict";
  // Forms the server sent back with errors or a conflict: their input is not saved yet.
  const rejected = new Set();
  let submitting = null;

  function changed(form) {
    return Array.from(form.elements).some(function (el) {
      if (el.type === "hidden" || el.type === "submit" || el.type === "button") return false;
      if (el.type === "checkbox" || el.type === "radio") return el.checked !== el.defaultChecked;
      if (el.tagName === "SELECT") {
        // With no option marked selected in the HTML, the browser shows the first one.
        const options = Array.from(el.options);
        const marked = options.some(function (o) { return o.defaultSelected; });
        return options.some(function (o, i) { return o.selected !== (marked ? o.defaultSelected : i === 0); });
      }
      return el.value !== el.defaultValue;
    });
  }

  function unsaved() {
    return Array.from(document.querySelectorAll("form[data-unsaved-warning]")).some(function (form) {
      return form !== submitting && (rejected.has(form) || changed(form));
    });
  }

  // Captured before htmx's own listener on the form: a refused confirmation sends nothing.
  document.addEventListener("submit", function (event) {
    const submitter = event.submitter;
    const question = submitter && submitter.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      event.stopImmediatePropagation();
      return;
    }
    submitting = event.target;
  }, true);

  window.addEventListener("beforeunload", function (event) {
    if (!unsaved()) return;
    event.preventDefault();
    event.returnValue = "";
  });

  function markRejected(root) {
    root.querySelectorAll("form[data-unsaved-warning] .is-invalid, form[data-unsaved-warning].has-conflict")
      .forEach(function (element) { rejected.add(element.closest("form")); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    markRejected(document);
    const first = document.querySelector(".is-invalid, #conflict");
    if (first) first.scrollIntoView({ block: "center" });
    document.querySelectorAll("select[data-next-sittings]").forEach(followTerm);
    document.querySelectorAll("form").forEach(followKind);
    sortables(document);
  });

  // 会议类别: show the fields of the chosen kind only (`data-kinds` lists the kinds a group of
  // fields belongs to). The server checks and drops the other kinds' fields whatever is shown,
  // so without this script every field is simply visible.
  function followKind(form) {
    const radios = Array.from(form.querySelectorAll("input[type=radio][name='kind']"));
    const groups = Array.from(form.querySelectorAll("[data-kinds]"));
    if (!radios.length || !groups.length) return;
    function show() {
      const chosen = radios.find(function (r) { return r.checked; });
      const kind = chosen ? chosen.value : "";
      groups.forEach(function (group) {
        const kinds = group.getAttribute("data-kinds").split(" ");
        group.hidden = kind !== "" && kinds.indexOf(kind) < 0;
      });
    }
    radios.forEach(function (radio) { radio.addEventListener("change", show); });
    show();
  }

  // ---- The minutes editor, in place (htmx) --------------------------------------------------
  // #editor holds the version the page shows; every form posts it, so after a change made here
  // the next one is not taken for someone else's (a false conflict).
  function editor() { return document.getElementById("editor"); }

  function syncVersions() {
    const root = editor();
    if (!root) return;
    root.querySelectorAll("input[name=version]:not([data-own-version])").forEach(function (input) {
      input.value = root.dataset.version;
      input.defaultValue = root.dataset.version;
    });
    const label = document.getElementById("version-label");
    if (label) label.textContent = label.textContent.replace(/\d+/, root.dataset.version);
  }

  // The preview pane reloads and shows the passage just changed (its data-key, or the first
  // passage whose key starts so).
  function refreshPreview(key) {
    const frame = document.getElementById("preview-frame");
    if (!frame || !frame.contentWindow) return;
    frame.addEventListener("load", function () {
      const doc = frame.contentDocument;
      if (!doc || !key) return;
      const passage = doc.querySelector('[data-key="' + CSS.escape(key) + '"]') ||
        doc.querySelector('[data-key^="' + CSS.escape(key) + '"]');
      // Scrolled inside the pane only (scrollIntoView would scroll the editor too, away from
      // where the secretary is typing).
      if (passage) {
        const view = frame.contentWindow;
        const top = passage.getBoundingClientRect().top + view.scrollY - view.innerHeight / 3;
        view.scrollTo(0, Math.max(0, top));
      }
    }, { once: true });
    frame.contentWindow.location.reload();
  }

  document.addEventListener("minutes-changed", function (event) {
    const root = editor();
    if (root && event.detail && event.detail.version) root.dataset.version = String(event.detail.version);
    syncVersions();
    refreshPreview(event.detail && event.detail.key);
  });

  // What had the focus: the same control in the new content gets it back; after an addition,
  // the section's new-item form, empty, is ready for the next item.
  let focusKey = null;
  let fromAddForm = false;
  let fieldName = null;
  document.addEventListener("htmx:beforeRequest", function (event) {
    const active = document.activeElement;
    const keyed = active && active.closest && active.closest("[data-focus]");
    focusKey = keyed ? keyed.getAttribute("data-focus") : null;
    const source = event.detail.elt;
    fromAddForm = !!(source && source.matches && source.matches("form[data-add-form]"));
    // Enter in a box of the form: the same box, emptied, takes the next item.
    fieldName = fromAddForm && active && active.form === source && active.name && active.type !== "submit"
      ? active.name : null;
    if (source && source.matches && source.matches("[data-focus]")) focusKey = source.getAttribute("data-focus");
  });

  document.addEventListener("htmx:afterRequest", function () { submitting = null; });

  document.addEventListener("htmx:afterSettle", function (event) {
    const target = event.detail.elt;
    syncVersions();
    if (!target || !target.querySelectorAll) return;
    markRejected(target);
    sortables(target);
    // A paste box's preview: its save button takes the focus (Enter saves what was understood,
    // Tab goes on to the choice and the text to correct it) — unless the secretary has moved on
    // to another field while the answer came.
    // (The box swapped in, found again by its id: the element settled may be the one it replaced.)
    const box = target.isConnected ? target : target.id && document.getElementById(target.id);
    const save = box && box.matches(".paste-box") && box.querySelector("#paste-preview button[value=save]");
    if (save && !box.querySelector(".is-invalid")) {
      const active = document.activeElement;
      if (!active || active === document.body || box.contains(active)) save.focus();
      return;
    }
    const invalid = target.querySelector(".is-invalid");
    if (invalid) {
      invalid.focus();
      invalid.scrollIntoView({ block: "center" });
      return;
    }
    const editing = target.querySelector("form[data-edit-form]");
    if (editing) {
      const field = editing.querySelector("input:not([type=hidden]), select, textarea");
      if (field) field.focus();
      return;
    }
    if (fromAddForm) {
      const form = target.querySelector("form[data-add-form]");
      const same = form && fieldName && form.querySelector('[name="' + CSS.escape(fieldName) + '"]');
      const field = same || (form && form.querySelector("input:not([type=hidden]):not([readonly]), select, textarea"));
      if (field) field.focus();
      return;
    }
    if (focusKey) {
      let control = document.querySelector('[data-focus="' + CSS.escape(focusKey) + '"]');
      if (control && control.disabled) {
        const row = control.closest("[data-move-url]");
        control = row && row.querySelector("[data-focus]:not([disabled])");
      }
      if (control) control.focus();
    }
  });

  // Ctrl+Enter (⌘+Enter) in a new-item form's text box adds the item; in its one-line boxes a
  // plain Enter already does (the browser submits the form).
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) return;
    const box = event.target;
    const form = box && box.form;
    if (box.tagName === "TEXTAREA" && form && form.matches("[data-add-form], [data-edit-form]")) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  // The attendance list's ticks: Shift+click ticks (or unticks) every row between the last box
  // clicked and this one, as in a mail client.
  // The last box is remembered by its row (value): the list may have been swapped in since.
  let lastTick = null;
  document.addEventListener("click", function (event) {
    const box = event.target;
    if (!box.matches || !box.matches("input[type=checkbox][name='bulk-rows']")) return;
    const boxes = Array.from(document.querySelectorAll("input[type=checkbox][name='bulk-rows']"));
    const from = boxes.findIndex(function (other) { return other.value === lastTick; });
    if (event.shiftKey && from >= 0) {
      const to = boxes.indexOf(box);
      boxes.slice(Math.min(from, to), Math.max(from, to) + 1).forEach(function (other) {
        other.checked = box.checked;
      });
    }
    lastTick = box.value;
  });

  // A paste box previews a block pasted into it when it was empty (a list pasted from the
  // source); a word pasted into text being corrected waits for 预览. When the choice (category,
  // kind, outcome) changes under a preview, the preview is made again with it: the save posts
  // the choice the preview was made with.
  document.addEventListener("paste", function (event) {
    const box = event.target;
    if (!box.matches || !box.matches(".paste-box textarea")) return;
    const pasted = event.clipboardData ? event.clipboardData.getData("text") : "";
    if (box.value.trim() !== "" || pasted.indexOf("\n") < 0 || !window.htmx) return;
    // After the browser has put the text in the box.
    window.setTimeout(function () {
      window.htmx.process(box.form); // (a box just swapped in may not be set up yet)
      window.htmx.trigger(box.form, "paste-block");
    }, 0);
  });
  document.addEventListener("change", function (event) {
    const select = event.target;
    if (!select.matches || !select.matches(".paste-box select")) return;
    const details = select.closest(".paste-box");
    const preview = details.querySelector("#paste-preview");
    const button = select.form && select.form.querySelector("button[value=preview]");
    if (!preview || !button) return;
    // htmx must have set the form up, or the browser would post it and leave the editor.
    if (window.htmx) window.htmx.process(select.form);
    select.form.requestSubmit(button);
  });

  // A request refused outside the forms (the session ended, the server failed): say so.
  // The page's own words (translated on the server): #editor's data-error-* attributes.
  function say(name) {
    const root = editor();
    const text = root && root.getAttribute("data-error-" + name);
    if (text) window.alert(text);
  }
  document.addEventListener("htmx:responseError", function (event) {
    const status = event.detail.xhr ? event.detail.xhr.status : 0;
    say(status === 403 ? "forbidden" : "server");
  });
  document.addEventListener("htmx:sendError", function () { say("offline"); });

  // Drag to reorder (SortableJS) beside the ↑/↓ buttons: the drop posts the row's new place.
  function sortables(root) {
    if (!window.Sortable || !window.htmx) return;
    root.querySelectorAll("[data-sortable]").forEach(function (list) {
      if (list.dataset.sortableReady) return;
      list.dataset.sortableReady = "1";
      window.Sortable.create(list, {
        handle: ".drag-handle",
        // Mouse and touch events rather than the browser's own drag and drop: the same on every
        // browser, and a dragged row scrolls the page.
        forceFallback: true,
        draggable: "[data-move-url]",
        animation: 150,
        onEnd: function (event) {
          if (event.oldIndex === event.newIndex) return;
          const row = event.item;
          const section = row.closest("section");
          const csrf = section.querySelector("input[name=csrfmiddlewaretoken]");
          window.htmx.ajax("POST", row.getAttribute("data-move-url"), {
            source: row,
            target: section,
            swap: "outerHTML",
            values: {
              position: String((event.newDraggableIndex !== undefined ? event.newDraggableIndex : event.newIndex) + 1),
              version: editor() ? editor().dataset.version : "",
              csrfmiddlewaretoken: csrf ? csrf.value : "",
            },
          });
        },
      });
    });
  }

  // 新建会议: the sitting follows the chosen term (the server's suggestion per term), unless
  // the user typed a number of their own.
  function followTerm(select) {
    let next;
    try { next = JSON.parse(select.getAttribute("data-next-sittings")); } catch (e) { return; }
    const sitting = select.form && select.form.elements.namedItem("sitting");
    if (!sitting || !next) return;
    let suggested = next[select.value];
    select.addEventListener("change", function () {
      const untouched = sitting.value === "" || String(sitting.value) === String(suggested);
      suggested = next[select.value];
      if (untouched && suggested !== undefined) sitting.value = suggested;
    });
  }
})();
