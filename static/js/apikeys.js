// API keys page: opens the forms that htmx loads in a <dialog>. Without this file the
// same links open the forms as pages.
(() => {
  const dialog = () => document.getElementById("key-dialog");

  function closeDialog() {
    const element = dialog();
    if (element?.open) element.close();
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

  // Drop the dialog's content on close, so a revealed key does not stay in the page.
  document.addEventListener("DOMContentLoaded", () => {
    syncCustomExpiry(document);
    dialog()?.addEventListener("close", () => {
      document.getElementById("key-dialog-content").replaceChildren();
    });
  });
})();
