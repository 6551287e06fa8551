// Give every rich text editor and table widget in the Wagtail admin an accessible name.
//
// Draftail's editing area is a contenteditable element with role="textbox". Wagtail labels the hidden input
// that stores its value, not that element, so a screen reader announces an unnamed text box (axe-core:
// aria-input-field-name). A paragraph block in a StreamField has no field label at all, only its block header.
// This names each editor from, in order: its field's label, its StreamField block's type ("Paragraph"), or the
// panel heading of the field it belongs to; names a plain block placed straight in a StreamField by its type;
// and names Handsontable's copy-and-paste buffer. It runs on every
// admin page and again whenever blocks are added (registered in cms/wagtail_hooks.py).
(function () {
  "use strict";

  function ensureId(element, prefix) {
    if (!element.id) {
      ensureId.count = (ensureId.count || 0) + 1;
      element.id = prefix + "-" + ensureId.count;
    }
    return element.id;
  }

  function labelFor(editor) {
    var field = editor.closest(".w-field");
    var label = field && field.querySelector(":scope > .w-field__label, :scope > label");
    if (!label && field) {
      var input = field.querySelector("input[type=hidden][id]");
      label = input && document.querySelector('label[for="' + input.id + '"]');
    }
    if (label && label.textContent.trim()) {
      return { labelledby: ensureId(label, "field-label") };
    }
    var block = editor.closest("[data-streamfield-child], [data-contentpath]");
    var type = block && block.querySelector(".c-sf-block__type");
    if (type && type.textContent.trim()) {
      return { label: type.textContent.trim() };
    }
    var panel = editor.closest("section.w-panel");
    var heading = panel && panel.querySelector(".w-panel__heading");
    if (heading && heading.textContent.trim()) {
      return { labelledby: ensureId(heading, "panel-heading") };
    }
    return { label: "Rich text" };
  }

  function nameEditors(root) {
    root.querySelectorAll('.public-DraftEditor-content[role="textbox"]').forEach(function (editor) {
      if (editor.hasAttribute("aria-label") || editor.hasAttribute("aria-labelledby")) {
        return;
      }
      var name = labelFor(editor);
      if (name.labelledby) {
        editor.setAttribute("aria-labelledby", name.labelledby);
      } else {
        editor.setAttribute("aria-label", name.label);
      }
    });
    // A plain block placed straight in a StreamField (an outcome, a skill area) has no field label either.
    root.querySelectorAll("[data-streamfield-child] input:not([type=hidden]), [data-streamfield-child] select, "
      + "[data-streamfield-child] textarea:not(.copyPaste)").forEach(function (input) {
      var labelled = input.hasAttribute("aria-label") || input.hasAttribute("aria-labelledby")
        || (input.id && document.querySelector('label[for="' + input.id + '"]'));
      if (labelled) {
        return;
      }
      var block = input.closest("[data-streamfield-child]");
      var type = block.querySelector(".c-sf-block__type");
      var name = type && type.textContent.trim();
      if (name) {
        input.setAttribute("aria-label", name);
      }
    });
    root.querySelectorAll("textarea.copyPaste:not([aria-label])").forEach(function (buffer) {
      buffer.setAttribute("aria-label", "Table cells being copied or pasted");
    });
  }

  var pending = false;
  function schedule() {
    if (pending) {
      return;
    }
    pending = true;
    window.requestAnimationFrame(function () {
      pending = false;
      nameEditors(document);
    });
  }

  function start() {
    nameEditors(document);
    new MutationObserver(schedule).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
