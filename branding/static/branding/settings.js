// White label settings: keeps the color picker and the hex field in step, and applies
// a suggested shade. Each change fires an input event, which htmx turns into a preview.
document.addEventListener("input", (event) => {
  const picker = event.target.closest("[data-color-picker]");
  if (picker) {
    const field = document.getElementById(picker.dataset.colorPicker);
    field.value = picker.value.toUpperCase();
    return;
  }
  const field = event.target;
  const linked = field.id && document.querySelector(`[data-color-picker="${field.id}"]`);
  if (linked && /^#[0-9a-f]{6}$/i.test(field.value.trim())) {
    linked.value = field.value.trim().toLowerCase();
  }
});

document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-use-color]");
  if (!button) return;
  const picker = document.querySelector("[data-color-picker]");
  const field = document.getElementById(picker.dataset.colorPicker);
  field.value = button.dataset.useColor;
  picker.value = button.dataset.useColor.toLowerCase();
  field.dispatchEvent(new Event("input", { bubbles: true }));
  field.focus();
});
