// The language bar of the page editor (exchange_site/core/language_panels.py): the
// server folds (hidden) every language column but the one being written; a bar button
// shows or folds one language in every tab, inline forms added later included.
document.addEventListener("DOMContentLoaded", () => {
  const bar = document.querySelector("[data-language-bar]");
  if (!bar) return;
  let writing = bar.dataset.writingLanguage;
  const shown = new Set();
  // Languages the server left open (a field with an error) count as shown.
  document.querySelectorAll("[data-field-language]:not([hidden])").forEach((field) => {
    if (field.dataset.fieldLanguage !== writing) shown.add(field.dataset.fieldLanguage);
  });

  const apply = (root) => {
    root.querySelectorAll("[data-field-language]").forEach((field) => {
      const language = field.dataset.fieldLanguage;
      field.hidden = language !== writing && !shown.has(language);
    });
    document.querySelectorAll("[data-show-language]").forEach((button) => {
      button.setAttribute("aria-pressed", String(shown.has(button.dataset.showLanguage)));
    });
  };

  document.querySelectorAll("[data-show-language]").forEach((button) => {
    button.addEventListener("click", () => {
      const language = button.dataset.showLanguage;
      if (shown.has(language)) shown.delete(language);
      else shown.add(language);
      apply(document);
    });
  });
  // A new inline form (action item, contact …) follows the languages shown.
  document.addEventListener("w-formset:added", (event) => apply(event.target));
  // Choosing another source language opens its fields; the old ones stay open.
  const source = document.querySelector("select[name=source_language]");
  if (source) {
    source.addEventListener("change", () => {
      shown.add(writing);
      writing = source.value;
      shown.delete(writing);
      apply(document);
    });
  }
  apply(document);
});
