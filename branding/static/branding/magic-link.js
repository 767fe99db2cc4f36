// Filters the utility provider list as the end client types. Without this file the
// search box submits a GET form and the server filters the list instead.
document.addEventListener("DOMContentLoaded", () => {
  const search = document.querySelector("[data-provider-search]");
  if (!search) return;
  const options = document.querySelectorAll(".provider-list .provider-option");
  const empty = document.querySelector("[data-provider-empty]");
  document.querySelector("[data-provider-search-button]").hidden = true;

  const filter = () => {
    const words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    options.forEach((option) => {
      const text = option.dataset.search;
      const match = words.every((word) => text.includes(word));
      option.hidden = !match;
      if (match) shown += 1;
    });
    empty.hidden = shown > 0;
  };

  search.addEventListener("input", filter);
  // Enter filters in place instead of reloading the page.
  search.form.addEventListener("submit", (event) => {
    event.preventDefault();
    filter();
  });
});
