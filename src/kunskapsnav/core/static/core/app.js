// Marks that scripts run, so that buttons needed only without JavaScript can hide.
document.documentElement.classList.add("js");
