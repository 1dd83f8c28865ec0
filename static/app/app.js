// The app's own behaviour on top of htmx: warn before leaving unsaved input, confirm deletions.
(function () {
  "use strict";
  const dirty = new Set();

  document.addEventListener("input", function (event) {
    const form = event.target.form;
    if (form && form.hasAttribute("data-unsaved-warning")) dirty.add(form);
  });

  document.addEventListener("submit", function (event) {
    const submitter = event.submitter;
    const question = submitter && submitter.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      return;
    }
    // Submitting saves this form; input typed into others is still at risk.
    dirty.delete(event.target);
  });

  function warn(event) {
    if (!dirty.size) return;
    event.preventDefault();
    event.returnValue = "";
  }
  window.addEventListener("beforeunload", warn);

  // A form the server sent back with errors still holds unsaved input.
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-unsaved-warning] .is-invalid, form[data-unsaved-warning].has-conflict")
      .forEach(function (element) { dirty.add(element.closest("form")); });
    const first = document.querySelector(".is-invalid, #conflict");
    if (first) first.scrollIntoView({ block: "center" });
  });
})();
