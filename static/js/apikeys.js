// API keys page: opens the forms that htmx loads in a <dialog>. Without this file the
// same links open the forms as pages.
(() => {
  const dialog = () => document.getElementById("key-dialog");

  function clearDialog() {
    document.getElementById("key-dialog-content")?.replaceChildren();
  }

  // Closing drops the dialog's content, so a revealed key does not stay in the page.
  function closeDialog() {
    const element = dialog();
    if (element?.open) element.close();
    clearDialog();
  }

  function syncCustomExpiry(root) {
    const select = root.querySelector?.("#id_expiration");
    const custom = root.querySelector?.("#custom-expiry");
    if (select && custom) custom.hidden = select.value !== "custom";
  }

  document.addEventListener("htmx:afterSwap", (event) => {
    const element = dialog();
    if (!element || event.detail.target.id !== "key-dialog-content") return;
    syncCustomExpiry(element);
    if (!element.open) element.showModal();
    element.querySelector("input:not([type=hidden]):not([readonly]), select")?.focus();
  });

  document.addEventListener("change", (event) => {
    if (event.target.id === "id_expiration") syncCustomExpiry(document);
  });

  document.addEventListener("click", (event) => {
    if (event.target.closest("[data-close-dialog]")) closeDialog();
  });

  document.body.addEventListener("apikeys:close-dialog", closeDialog);

  // Escape closes the dialog without a click, so clear it on its close event too.
  document.addEventListener("DOMContentLoaded", () => {
    syncCustomExpiry(document);
    dialog()?.addEventListener("close", clearDialog);
  });
})();
