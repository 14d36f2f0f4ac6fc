/* Names and roles for the parts of the admin that scripts build: Django's two-list
   picker (SelectFilter2), select2's search box (autocomplete fields) and
   modeltranslation's language tabs and switch. They are built at different moments
   (on load, on ready, when a row is added or a list opens), so every change of the page
   is looked at again; each fix is idempotent. The texts come translated from the
   script's data attributes (templates/admin/base_site.html). */
"use strict";
{
  const texts = document.currentScript.dataset;

  // The picker's search icon carries its explanation in aria-label, which a plain span
  // may not have: as an image, its name is the label of the filter box.
  function nameFilterIcons() {
    for (const icon of document.querySelectorAll(".search-label-icon[aria-label]:not([role])")) {
      icon.setAttribute("role", "img");
    }
  }

  // select2's search box is named by the label of the field it searches.
  function labelFor(select) {
    const label = select.id && document.querySelector(`label[for="${select.id}"]`);
    if (!label) return null;
    if (!label.id) label.id = `${select.id}_label`;
    return label.id;
  }

  function nameSearchBoxes() {
    for (const box of document.querySelectorAll(".select2-search__field:not([aria-labelledby])")) {
      const container = box.closest(".select2-container");
      // Inline (a multiple choice): the box sits after the select it stands for;
      // in an open drop-down, the box controls "select2-<id>-results".
      let select = container && container.previousElementSibling;
      if (!select || select.tagName !== "SELECT") {
        const controls = box.getAttribute("aria-controls") || "";
        const id = controls.replace(/^select2-/, "").replace(/-results$/, "");
        select = id ? document.getElementById(id) : null;
      }
      const labelId = select && labelFor(select);
      if (labelId) box.setAttribute("aria-labelledby", labelId);
    }
  }

  // jQuery UI makes each language's list item a tab and leaves a link inside it: a
  // control within a control. The tab alone is kept: the link is made inert (out of
  // the keyboard's and screen readers' way) and a click on the tab is passed to it,
  // where jQuery UI listens; the keyboard works on the tab as before. The tab is named
  // by the language's code and its name.
  function flattenLanguageTabs() {
    for (const anchor of document.querySelectorAll(".ui-tabs-nav [role=tab] a:not([inert])")) {
      const tab = anchor.closest("[role=tab]");
      const language = anchor.getAttribute("title");
      anchor.inert = true;
      tab.addEventListener("click", (event) => {
        if (event.target === tab) anchor.click();
      });
      tab.removeAttribute("aria-labelledby");
      tab.setAttribute(
        "aria-label",
        language ? `${anchor.textContent} – ${language}` : anchor.textContent,
      );
    }
    const languageSwitch = document.getElementById("modeltranslation-main-switch");
    if (languageSwitch && !languageSwitch.hasAttribute("aria-label")) {
      languageSwitch.setAttribute("aria-label", texts.languageSwitch);
    }
  }

  function fix() {
    nameFilterIcons();
    nameSearchBoxes();
    flattenLanguageTabs();
  }

  new MutationObserver(fix).observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", fix);
}
