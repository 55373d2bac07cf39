// Keeps what a person has typed but not saved when the screen is drawn anew: on a change of language, and across a
// new sign-in after the session expired (the typing waits in sessionStorage, for this tab only, until the person is
// back on the same screen).

const RESUME = 'grants.resume';

const controls = container => [...container.querySelectorAll('input[name], select[name], textarea[name]')]
  .filter(c => !['file', 'hidden', 'submit', 'button', 'password'].includes(c.type));

/** Each control the person changed, keyed by its name and its place among controls of that name. */
export function remember(container) {
  const seen = {};
  const typed = [];
  for (const control of controls(container)) {
    const key = `${control.name}#${seen[control.name] = (seen[control.name] ?? -1) + 1}`;
    if (control.type === 'checkbox' || control.type === 'radio') {
      if (control.checked !== control.defaultChecked) typed.push({ key, checked: control.checked });
    } else if (control.tagName === 'SELECT') {
      const initial = [...control.options].find(o => o.defaultSelected) ?? control.options[0];
      if (control.value !== initial?.value) typed.push({ key, value: control.value });
    } else if (control.value !== control.defaultValue) {
      typed.push({ key, value: control.value });
    }
  }
  return typed;
}

/** Puts remembered input back into the controls of the same names, as if typed (so forms know they have changes). */
export function restore(container, typed) {
  if (!typed?.length) return;
  const seen = {};
  const byKey = new Map(controls(container).map(c => [`${c.name}#${seen[c.name] = (seen[c.name] ?? -1) + 1}`, c]));
  for (const { key, value, checked } of typed) {
    const control = byKey.get(key);
    if (!control) continue;
    if (checked !== undefined) control.checked = checked;
    else control.value = value;
    control.dispatchEvent(new Event('input', { bubbles: true }));
    control.dispatchEvent(new Event('change', { bubbles: true }));
  }
}

/** Keeps the screen and its typing for after the person has signed in again. */
export function keepForSignIn(container) {
  sessionStorage.setItem(RESUME, JSON.stringify({ hash: location.hash, typed: remember(container) }));
}

/** The screen to go back to after signing in again, if any. */
export const resumeHash = () => JSON.parse(sessionStorage.getItem(RESUME) ?? 'null')?.hash ?? null;

/** Once back on the kept screen, puts the kept typing back and forgets it. */
export function resumeTyping(container) {
  const kept = JSON.parse(sessionStorage.getItem(RESUME) ?? 'null');
  if (!kept || kept.hash !== location.hash) return;
  sessionStorage.removeItem(RESUME);
  restore(container, kept.typed);
}
