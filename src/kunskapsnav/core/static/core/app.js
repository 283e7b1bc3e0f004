// Marks that scripts run, so that buttons needed only without JavaScript can hide.
document.documentElement.classList.add("js");

// When htmx replaces the part of the page that had the focus (adding an action replaces the
// agenda), htmx keeps the focus only on an element with the same id. Otherwise the focus would
// fall back to the top of the page, and a keyboard user would have to tab all the way back:
// instead it goes to the nearest enclosing element with an id that is still there (the agenda
// item, the section), which the next Tab goes on from.
let focusTrail = [];
document.addEventListener("htmx:beforeSwap", (event) => {
  const active = document.activeElement;
  focusTrail = [];
  if (!active || active === document.body || !event.detail.target.contains(active)) return;
  for (let el = active; el && el !== document.body; el = el.parentElement) {
    if (el.id) focusTrail.push(el.id);
  }
});
document.addEventListener("htmx:afterSettle", () => {
  const trail = focusTrail;
  focusTrail = [];
  if (document.activeElement && document.activeElement !== document.body) return;
  for (const id of trail) {
    const el = document.getElementById(id);
    if (el && el.checkVisibility()) {
      if (el.tabIndex < 0 && !el.hasAttribute("tabindex")) el.setAttribute("tabindex", "-1");
      el.focus();
      return;
    }
  }
});
