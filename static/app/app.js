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

  document.addEventListener("submit", function (event) {
    const submitter = event.submitter;
    const question = submitter && submitter.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      return;
    }
    submitting = event.target;
  });

  window.addEventListener("beforeunload", function (event) {
    if (!unsaved()) return;
    event.preventDefault();
    event.returnValue = "";
  });

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-unsaved-warning] .is-invalid, form[data-unsaved-warning].has-conflict")
      .forEach(function (element) { rejected.add(element.closest("form")); });
    const first = document.querySelector(".is-invalid, #conflict");
    if (first) first.scrollIntoView({ block: "center" });
    document.querySelectorAll("select[data-next-sittings]").forEach(followTerm);
  });

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
