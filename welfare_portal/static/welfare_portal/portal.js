// Small behaviours without inline scripts (the Content-Security-Policy allows none).
document.addEventListener("change", function (event) {
  const field = event.target.closest("[data-autosubmit]");
  if (!field || !field.form) return;
  const clears = field.dataset.clears;
  if (clears && field.form.elements[clears]) field.form.elements[clears].value = "";
  field.form.submit();
});
