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
