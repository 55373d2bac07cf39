// The people picker: a combobox that finds a person by a part of their name or kana, or the start of their e-mail,
// through the API's people search (name and department only), and keeps the chosen person's sign-in name for the
// form. Typing a sign-in name (an e-mail address) without choosing still works: what was typed is sent as it is.
import { api, field, h, strings, t, uid } from './core.js';

strings({
  ja: {
    'picker.results': '候補',
    'picker.typeMore': '2文字以上入力すると候補が出ます。',
    'picker.found': '{count}人の候補があります。上下キーで選び、Enter で決定します。',
    'picker.more': '{count}人を表示しています。ほかにも該当者がいるので、さらに入力して絞り込んでください。',
    'picker.none': '該当する人がいません。メールアドレスを直接入力することもできます。',
    'picker.chosen': '{name}({department})を選びました。',
    'picker.failed': '候補を読み込めませんでした: {reason}',
  },
  en: {
    'picker.results': 'Suggestions',
    'picker.typeMore': 'Type at least 2 characters to see suggestions.',
    'picker.found': '{count} suggestions. Use the up and down keys to pick one and Enter to choose it.',
    'picker.more': 'Showing {count}; more people match, so type more to narrow them down.',
    'picker.none': 'No one matches. You can also type their e-mail address.',
    'picker.chosen': 'Chose {name} ({department}).',
    'picker.failed': 'Suggestions could not be loaded: {reason}',
  },
});

const SEARCH = '/api/people-search';
const DEBOUNCE_MS = 250;
const MIN_LENGTH = 2;

/** The person a sign-in name names, found through the same search (leavers are not found: then the name stays as typed). */
async function personFor(id) {
  const answer = await api('GET', `${SEARCH}?q=${encodeURIComponent(id)}`);
  return answer.people.find(p => p.id === id) ?? null;
}

/**
 * The suggestions under a combobox: a listbox of name + department, one highlighted with the up and down keys (the box
 * keeps focus and points at it with aria-activedescendant), chosen with Enter or the mouse, closed with Escape.
 */
function suggestions(input, label, choose) {
  const list = h('ul', { id: uid('picker-list'), role: 'listbox', class: 'picker-list', 'aria-label': `${label} — ${t('picker.results')}`, hidden: true });
  input.setAttribute('aria-controls', list.id);
  let people = [];
  let active = -1;

  const highlight = index => {
    active = index;
    [...list.children].forEach((option, i) => option.setAttribute('aria-selected', String(i === index)));
    if (index < 0) return input.removeAttribute('aria-activedescendant');
    input.setAttribute('aria-activedescendant', list.children[index].id);
    list.children[index].scrollIntoView({ block: 'nearest' });
  };
  const close = () => {
    highlight(-1);
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
  };
  const show = found => {
    people = found;
    list.replaceChildren(...people.map((person, i) => h('li', {
      id: `${list.id}-${i}`, role: 'option', 'aria-selected': 'false', class: 'picker-option',
      // mousedown, not click: the box must not lose focus (and close the list) before the choice is made.
      onmousedown: e => { e.preventDefault(); close(); choose(person); },
    }, h('span', { class: 'picker-name' }, person.name), ' ', h('span', { class: 'muted' }, person.department))));
    list.hidden = !people.length;
    input.setAttribute('aria-expanded', String(people.length > 0));
    highlight(-1);
  };

  input.addEventListener('keydown', e => {
    if (list.hidden || !people.length) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      highlight((active + (e.key === 'ArrowDown' ? 1 : -1) + people.length) % people.length);
    } else if (e.key === 'Enter' && active >= 0) {
      // Enter chooses the highlighted person rather than submitting the form.
      e.preventDefault();
      const person = people[active];
      close();
      choose(person);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      close();
    }
  });
  input.addEventListener('blur', close);
  return { list, show, close };
}

/** Searches at most once per pause in typing, and drops an answer a newer keystroke has made stale. */
function searcher(answered, failed) {
  let timer = null;
  let inFlight = null;
  const cancel = () => {
    clearTimeout(timer);
    inFlight?.abort();
  };
  const later = query => {
    cancel();
    timer = setTimeout(async () => {
      inFlight = new AbortController();
      try {
        answered(await api('GET', `${SEARCH}?q=${encodeURIComponent(query)}`, { signal: inFlight.signal }));
      } catch (e) {
        if (e.name !== 'AbortError') failed(e);
      }
    }, DEBOUNCE_MS);
  };
  return { later, cancel };
}

/**
 * A labelled people picker for a form: personPicker({ name: 'endorserId', value, label, hint }) → { element, value }.
 * `value` is what the form sends: the chosen person's sign-in name, or what was typed when nobody was chosen. The
 * sign-in name sits in a hidden text control named `name`, so a redrawn screen (a change of language) keeps it.
 */
export function personPicker({ name, value, label, hint }) {
  const input = h('input', {
    type: 'text', name: `${name}.search`, value: value ?? '', autocomplete: 'off', spellcheck: 'false',
    role: 'combobox', 'aria-autocomplete': 'list', 'aria-expanded': 'false',
  });
  const chosenId = h('input', { type: 'text', name, value: value ?? '', hidden: true });
  const status = h('p', { class: 'hint picker-status', role: 'status' });
  const list = suggestions(input, label, person => {
    input.value = person.name;
    chosenId.value = person.id;
    status.textContent = t('picker.chosen', { name: person.name, department: person.department });
  });
  const search = searcher(answer => {
    list.show(answer.people);
    status.textContent = !answer.people.length ? t('picker.none')
      : t(answer.more ? 'picker.more' : 'picker.found', { count: answer.people.length });
  }, e => {
    list.close();
    status.textContent = t('picker.failed', { reason: e.problem?.title ?? e.message });
  });
  const element = field(label, input, { hint });
  // Errors the API reports for `name` belong beside the box the person types in.
  element.dataset.field = name;
  input.after(list.list, chosenId, status);

  input.addEventListener('input', () => {
    // Typing replaces any choice: until a person is chosen again, the form sends what is typed.
    const query = input.value.trim();
    chosenId.value = query;
    if (query.length >= MIN_LENGTH) return search.later(query);
    search.cancel();
    list.close();
    status.textContent = query.length ? t('picker.typeMore') : '';
  });
  // A redrawn screen puts the sign-in name back after the typing: it is the choice, so no search is left pending.
  chosenId.addEventListener('input', () => {
    search.cancel();
    list.close();
  });

  // A saved draft names the person by sign-in name: show their name instead, as the person who chose them saw it.
  if (value) {
    personFor(value).then(person => {
      if (person && chosenId.value === value) input.value = input.defaultValue = person.name;
      // Not found or not readable now: the sign-in name stays shown, which is still what the form sends.
    }).catch(() => {});
  }

  return {
    element,
    get value() {
      return chosenId.value.trim();
    },
  };
}
