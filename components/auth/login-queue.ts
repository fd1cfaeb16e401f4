// Shared by the login page (a server component) and the form (a client component): constants
// exported from a "use client" module would reach the server as client references, not strings.

/** The form's id; `LOGIN_QUEUE_SCRIPT` finds it by this. */
export const LOGIN_FORM_ID = "login-form";

/**
 * Runs while the page is parsed, before React hydrates: a submit (Enter in the password field)
 * that comes before hydration is held instead of posting the page back to itself, which would
 * empty the fields. The hydrated form sends it (see the effect in `LoginForm`).
 */
export const LOGIN_QUEUE_SCRIPT = `(function(){var f=document.getElementById(${JSON.stringify(LOGIN_FORM_ID)});if(!f)return;f.addEventListener("submit",function(e){if(f.dataset.ready)return;e.preventDefault();f.dataset.queued="1";});})();`;
