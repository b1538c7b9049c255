// Small behaviours without inline scripts (the Content-Security-Policy allows none).
document.addEventListener("change", function (event) {
  const field = event.target.closest("[data-autosubmit]");
  if (!field || !field.form) return;
  const clears = field.dataset.clears;
  if (clears && field.form.elements[clears]) field.form.elements[clears].value = "";
  field.form.submit();
});

// The menu fills a phone's first screen: there it starts folded (a "เมนู" button opens it); wider screens, and
// browsers without script, keep it open.
document.querySelectorAll("details[data-collapse-below]").forEach(function (menu) {
  if (window.matchMedia("(max-width: " + menu.dataset.collapseBelow + "px)").matches) menu.open = false;
});

// A table wider than its box scrolls inside it: make that box reachable by keyboard (Tab, then arrow keys),
// named for screen readers, whenever it does scroll.
function markScrollingTables() {
  document.querySelectorAll(".table-wrap").forEach(function (box) {
    if (box.scrollWidth > box.clientWidth) {
      // Every scrolling table says so, not only those whose template wrote the hint (paper forms, a run…).
      const before = box.previousElementSibling;
      if (!before || !before.classList.contains("scroll-hint")) {
        const hint = document.createElement("p");
        hint.className = "scroll-hint";
        hint.setAttribute("aria-hidden", "true");
        hint.textContent = "เลื่อนตารางไปทางซ้าย-ขวาเพื่อดูคอลัมน์อื่น";
        box.parentNode.insertBefore(hint, box);
      }
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", "ตาราง เลื่อนซ้าย-ขวาได้");
    } else if (box.getAttribute("role") === "region") {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
    }
  });
}
markScrollingTables();
window.addEventListener("resize", markScrollingTables);
