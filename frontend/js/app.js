// Upskill front-end behaviour. Vanilla ES module, no dependencies.
// Include once, at the end of <body>:
//   <script type="module" src="{% static 'cms/build/app.js' %}"></script>
// govuk-frontend.min.js must sit next to this file (npm run build does that).

import { initAll } from "./govuk-frontend.min.js";

// GOV.UK Frontend components only initialise when <body> has this class.
// It must be added before initAll(). Browsers that can't run ES modules never
// get here, so they keep the no-JS experience.
document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

/**
 * Practice questions
 *
 * <form data-practice-question> containing radios named "choice"; each radio
 * has data-feedback-id="<id of its feedback element>". On submit the matching
 * feedback is shown and focused; if nothing is chosen the element marked
 * [data-practice-error] is shown instead.
 *
 * @param {HTMLElement} form - the [data-practice-question] element (normally the <form>; submit events bubble, so a wrapper also works)
 */
function initPracticeQuestion(form) {
  const radios = Array.from(form.querySelectorAll('input[type="radio"][name="choice"]'));
  const error = form.querySelector("[data-practice-error]");
  const formGroup = error ? error.closest(".govuk-form-group") : null;

  const feedbackFor = (radio) => {
    const id = radio.getAttribute("data-feedback-id");
    return id ? document.getElementById(id) : null;
  };

  const setError = (visible) => {
    if (!error) return;
    error.hidden = !visible;
    if (formGroup) formGroup.classList.toggle("govuk-form-group--error", visible);
  };

  form.addEventListener("submit", (event) => {
    event.preventDefault();

    radios.forEach((radio) => {
      const feedback = feedbackFor(radio);
      if (feedback) feedback.hidden = true;
    });

    const checked = radios.find((radio) => radio.checked);
    if (!checked) {
      setError(true);
      if (radios[0]) radios[0].focus();
      return;
    }

    setError(false);
    const feedback = feedbackFor(checked);
    if (feedback) {
      feedback.hidden = false;
      if (!feedback.hasAttribute("tabindex")) feedback.setAttribute("tabindex", "-1");
      feedback.focus();
    }
  });
}

document.querySelectorAll("[data-practice-question]").forEach(initPracticeQuestion);

/**
 * Buttons that write: saving you can trust on a poor connection
 *
 * <form method="post" data-saving data-busy-text="Saving…" data-offline-message="…">
 *
 * On submit the form is sent with fetch (header X-Upskill-Fetch: 1; cms/saving.py answers a successful
 * POST with 204 and the next page's address in X-Upskill-Location). While it is on its way the submit
 * button says so (its text becomes data-busy-text, aria-busy="true", disabled) and a second press is
 * ignored. When the server answers, the browser opens the next page, which confirms what was saved. If
 * the request never gets an answer (offline, connection dropped), the button comes back and the learner
 * is told plainly, on this page, that it may not have been saved and that pressing again is safe (every
 * one of these actions is recorded once however often it is sent). Any other answer (a form with
 * mistakes, an error page) is shown by sending the form again the ordinary way, which is safe for the
 * same reason.
 *
 * @param {HTMLFormElement} form
 */
function initSavingForm(form) {
  const button = form.querySelector('button[type="submit"], input[type="submit"]');
  const busyText = form.getAttribute("data-busy-text") || "Saving…";
  const offlineText =
    form.getAttribute("data-offline-message") ||
    "We could not reach Upskill, so this may not have been saved. Check your connection and press the button again. It is safe to press it again: nothing is saved twice.";
  let busy = false;
  let idleHTML = button ? button.innerHTML : "";
  let status = null;
  let problem = null;

  const announce = (text) => {
    if (!status) {
      status = document.createElement("p");
      status.className = "govuk-visually-hidden";
      status.setAttribute("role", "status");
      form.appendChild(status);
    }
    status.textContent = text;
  };

  const setBusy = (on) => {
    busy = on;
    form.setAttribute("aria-busy", on ? "true" : "false");
    if (!button) return;
    if (on) {
      idleHTML = button.innerHTML;
      button.textContent = busyText;
      button.disabled = true;
      button.setAttribute("aria-busy", "true");
    } else {
      button.innerHTML = idleHTML;
      button.disabled = false;
      button.removeAttribute("aria-busy");
    }
  };

  const showProblem = () => {
    if (!problem) {
      problem = document.createElement("p");
      problem.className = "govuk-error-message app-saving-problem";
      problem.setAttribute("role", "alert");
      problem.setAttribute("data-saving-problem", "");
      form.insertBefore(problem, form.firstChild);
    }
    problem.innerHTML = "";
    const hidden = document.createElement("span");
    hidden.className = "govuk-visually-hidden";
    hidden.textContent = "Error: ";
    problem.append(hidden, offlineText);
    problem.hidden = false;
  };

  const sendTheOrdinaryWay = (submitter) => {
    if (submitter && submitter.name) {
      const copy = document.createElement("input");
      copy.type = "hidden";
      copy.name = submitter.name;
      copy.value = submitter.value;
      form.appendChild(copy);
    }
    HTMLFormElement.prototype.submit.call(form);
  };

  form.addEventListener("submit", async (event) => {
    if (event.defaultPrevented) return;
    event.preventDefault();
    if (busy) return; // a second press while the first is on its way
    const submitter = event.submitter || button;
    const data = new FormData(form, submitter || undefined);
    if (problem) problem.hidden = true;
    setBusy(true);
    announce(busyText);
    let response;
    try {
      response = await fetch(form.action, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "X-Upskill-Fetch": "1" },
      });
    } catch (error) {
      setBusy(false);
      announce("");
      showProblem();
      return;
    }
    const next = response.headers.get("X-Upskill-Location");
    if (response.status === 204 && next) {
      window.location.assign(next); // stays busy until the next page opens
      return;
    }
    sendTheOrdinaryWay(submitter);
  });

  // Coming back with the browser's Back button can show the page as it was left: busy.
  window.addEventListener("pageshow", (event) => {
    if (event.persisted) setBusy(false);
  });
}

document.querySelectorAll("form[data-saving]").forEach(initSavingForm);
