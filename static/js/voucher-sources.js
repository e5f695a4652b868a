/* Voucher form (issue 13 item 3): an entry's source list offers only the sources that feed the account chosen.
   Each account option carries data-sources="<id> <id>"; the source select is the one of the same entry
   (entries-N-account -> entries-N-source). The server refuses a mismatch all the same. */
(function () {
  "use strict";

  function sourceFor(accountSelect) {
    var name = accountSelect.name.replace(/-account$/, "-" + (accountSelect.dataset.feeds || "source"));
    return accountSelect.form ? accountSelect.form.elements.namedItem(name) : null;
  }

  function filter(accountSelect) {
    var source = sourceFor(accountSelect);
    if (!source) { return; }
    var chosen = accountSelect.options[accountSelect.selectedIndex];
    var allowed = chosen && chosen.value ? (chosen.dataset.sources || "").split(" ").filter(Boolean) : null;
    Array.prototype.forEach.call(source.options, function (option) {
      var offered = !option.value || allowed === null || allowed.indexOf(option.value) !== -1;
      option.hidden = !offered;
      option.disabled = !offered;
    });
    var current = source.options[source.selectedIndex];
    if (current && current.disabled) {
      source.value = "";
    }
    if (allowed && allowed.length === 1 && !source.value) {
      source.value = allowed[0];
    }
  }

  function start() {
    var selects = document.querySelectorAll("select[data-feeds]");
    Array.prototype.forEach.call(selects, function (select) {
      select.addEventListener("change", function () { filter(select); });
      filter(select);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
