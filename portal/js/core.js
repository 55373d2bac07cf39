// The portal's small core: DOM building, strings in Japanese and English, calls to the JSON API (problem details
// included), a hash router, and formatting. Screens live in their own modules and use only what is exported here.

// ---- DOM ---------------------------------------------------------------------------------------------------------

/**
 * Builds an element: h('button', { type: 'button', onclick: f, class: 'secondary' }, 'Save').
 * Attributes starting with "on" become listeners; null/false attributes and children are skipped; strings become text
 * (never HTML), so nothing from the API is ever parsed as markup.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(el.dataset, value);
    else if (value === true) el.setAttribute(name, '');
    else el.setAttribute(name, String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

let idCounter = 0;
/** A unique element id, for label/for and aria-describedby pairs. */
export const uid = (prefix = 'f') => `${prefix}-${++idCounter}`;

/** A labelled form field: field(t('title'), h('input', { name: 'title' }), { hint }) → a .field div with <label for>. */
export function field(label, control, { hint, inline } = {}) {
  control.id ||= uid(control.name || 'f');
  const hintEl = hint ? h('span', { class: 'hint', id: uid('hint') }, hint) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  const error = h('span', { class: 'field-error', id: uid('err'), hidden: true });
  return h('div', { class: inline ? 'field inline' : 'field', dataset: { field: control.name || '' } },
    h('label', { for: control.id }, label), hintEl, control, error);
}

/** A table whose cells carry their column's header for the stacked phone layout. */
export function table(headers, rows, { caption, numeric = [] } = {}) {
  return h('div', { class: 'table-wrap' },
    h('table', { class: 'stack' },
      caption ? h('caption', { class: 'muted' }, caption) : null,
      h('thead', {}, h('tr', {}, headers.map((text, i) => h('th', { scope: 'col', class: numeric.includes(i) ? 'num' : null }, text)))),
      h('tbody', {}, rows.map(cells => h('tr', {}, cells.map((cell, i) =>
        h('td', { 'data-label': headers[i], class: numeric.includes(i) ? 'num' : null }, cell)))))));
}

// ---- Strings -------------------------------------------------------------------------------------------------------

const dictionaries = { ja: {}, en: {} };

/** Adds a module's strings: strings({ ja: { key: '…' }, en: { key: '…' } }). Values may use {name} placeholders. */
export function strings(more) {
  for (const lang of Object.keys(dictionaries)) Object.assign(dictionaries[lang], more[lang] ?? {});
}

/** Japanese for Japanese browsers (or anyone who chose it), English otherwise. */
export let lang = (() => {
  const chosen = localStorage.getItem('grants.lang');
  if (chosen === 'ja' || chosen === 'en') return chosen;
  return (navigator.languages ?? [navigator.language]).some(l => (l ?? '').toLowerCase().startsWith('ja')) ? 'ja' : 'en';
})();

export function setLang(value) {
  lang = value === 'en' ? 'en' : 'ja';
  localStorage.setItem('grants.lang', lang);
  document.documentElement.lang = lang;
}

/** The string for key in the current language, with {name} placeholders filled from vars. */
export function t(key, vars = {}) {
  const text = dictionaries[lang][key] ?? dictionaries.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (vars[name] ?? `{${name}}`));
}

/** Picks the Japanese or English of a pair the API sends (labelJa/labelEn, nameJa/nameEn …). */
export const pick = (ja, en) => (lang === 'ja' ? ja || en : en || ja);

// ---- Formatting ------------------------------------------------------------------------------------------------------

/** Integer yen as ¥1,234 (the API sends yen as a plain integer). */
export const yen = value => (value === null || value === undefined ? '—' : `¥${Number(value).toLocaleString('ja-JP')}`);

export const date = value => (value ? new Date(value).toLocaleDateString(lang === 'ja' ? 'ja-JP' : 'en-GB', { year: 'numeric', month: 'short', day: 'numeric' }) : '—');

export const dateTime = value => (value ? new Date(value).toLocaleString(lang === 'ja' ? 'ja-JP' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' }) : '—');

/** "3 days" / "3日" — how long since a moment. */
export function since(value) {
  const hours = Math.max(0, (Date.now() - new Date(value).getTime()) / 3_600_000);
  return hours < 24 ? t('core.hours', { n: Math.floor(hours) }) : t('core.days', { n: Math.floor(hours / 24) });
}

// ---- API -------------------------------------------------------------------------------------------------------------

/** A refused request: status, and the RFC 9457 problem the API answered (title, detail, errors by field, traceId). */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem ?? {};
  }
}

let busy = 0;
function progress(delta) {
  busy += delta;
  const bar = document.getElementById('progress');
  if (bar) {
    bar.hidden = busy === 0;
    bar.setAttribute('aria-hidden', String(busy === 0));
  }
  document.body.setAttribute('aria-busy', String(busy > 0));
}

/**
 * Calls the JSON API: api('GET', '/api/applications'), api('POST', url, { json: body, key: idempotencyKey }),
 * api('POST', url, { form: formData }), api('PUT', url, { json, ifMatch }). Resolves to the parsed JSON (or null for no
 * body) with the response's ETag in result[ETAG] when there is one; rejects with ApiError carrying the problem.
 */
export async function api(method, url, { json, form, key, ifMatch, signal } = {}) {
  const headers = { Accept: 'application/json', 'Accept-Language': lang, 'X-Requested-With': 'XMLHttpRequest' };
  let body;
  if (json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(json);
  } else if (form !== undefined) {
    body = form;
  }
  if (key) headers['Idempotency-Key'] = key;
  if (ifMatch) headers['If-Match'] = ifMatch;
  progress(1);
  try {
    let response;
    try {
      response = await fetch(url, { method, headers, body, signal, credentials: 'same-origin' });
    } catch (e) {
      if (e.name === 'AbortError') throw e;
      throw new ApiError(0, { title: t('core.offline.title'), detail: t('core.offline.detail') });
    }
    const type = response.headers.get('Content-Type') ?? '';
    const data = type.includes('json') ? await response.json().catch(() => null) : null;
    if (!response.ok) throw new ApiError(response.status, data);
    if (data && typeof data === 'object') data[ETAG] = response.headers.get('ETag');
    return data;
  } finally {
    progress(-1);
  }
}

/** Where api() puts a response's ETag on the object it returns. */
export const ETAG = Symbol('etag');

/**
 * Saves a file the API serves (download('/api/payout-batches/B-1/file?format=csv')) under the name the server gives it.
 * The answer is read before anything is saved, so a refusal (a problem such as a bank file that cannot be written)
 * rejects with ApiError to be shown, instead of being saved as if it were the file. Resolves to { name, size }.
 */
export async function download(url) {
  progress(1);
  try {
    let response;
    try {
      response = await fetch(url, { headers: { 'X-Requested-With': 'XMLHttpRequest' }, credentials: 'same-origin' });
    } catch {
      throw new ApiError(0, { title: t('core.offline.title'), detail: t('core.offline.detail') });
    }
    if (!response.ok) {
      const type = response.headers.get('Content-Type') ?? '';
      throw new ApiError(response.status, type.includes('json') ? await response.json().catch(() => null) : null);
    }
    if (response.status === 202) {
      // The first download marks the batch exported; a slow server answers 202 with that work: wait, then download.
      await settle(await response.json(), { read: false });
      return download(url);
    }
    const blob = await response.blob();
    const name = /filename="?([^";]+)"?/i.exec(response.headers.get('Content-Disposition') ?? '')?.[1] ?? url.split('?')[0].split('/').pop();
    const href = URL.createObjectURL(blob);
    const link = h('a', { href, download: name, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(href), 60_000);
    return { name, size: blob.size };
  } finally {
    progress(-1);
  }
}

/**
 * A finance step the server is still finishing answers 202 with its work ({ id, status: 'running', … }); this follows
 * it every second until it is done and then reads what it produced (unless read is false). Other answers pass through.
 */
export async function settle(answer, { read = true } = {}) {
  if (!(answer && typeof answer === 'object' && /^(batch|export|paid|return)-/.test(answer.id ?? '') && 'lastUpdatedAt' in answer)) return answer;
  let work = answer;
  while (work.status === 'running') {
    await new Promise(resolve => setTimeout(resolve, 1000));
    work = await api('GET', `/api/finance-work/${encodeURIComponent(work.id)}`);
  }
  if (work.status !== 'done') throw new ApiError(409, { title: t('core.work.title'), detail: work.refusal ?? t('core.work.failed') });
  return read && work.location ? api('GET', work.location) : work;
}

/** A fresh Idempotency-Key: keep one per form so that a retried submit cannot create twice. */
export const newKey = () => crypto.randomUUID();

// ---- Messages --------------------------------------------------------------------------------------------------------

/** Says something to everyone, screen readers included (the polite live region under the header). */
export function announce(text) {
  const status = document.getElementById('status');
  status.textContent = '';
  requestAnimationFrame(() => { status.textContent = text; });
}

/** What to do about an error, in the reader's language, from its HTTP status. */
function advice(error) {
  switch (error.status) {
    case 0: return t('core.advice.offline');
    case 400: case 422: return t('core.advice.fix');
    case 401: return t('core.advice.signIn');
    case 403: return t('core.advice.forbidden');
    case 404: return t('core.advice.notFound');
    case 409: return t('core.advice.conflict');
    case 412: return t('core.advice.reload');
    case 413: return t('core.advice.tooLarge');
    case 415: return t('core.advice.type');
    default: return error.status >= 500 ? t('core.advice.server') : '';
  }
}

/**
 * Shows an error in a container (an alert with the API's title and detail, each field error, what to do, and the
 * trace id to quote), marks the form fields it names as invalid, and moves focus to the alert. Non-API errors are rethrown.
 */
export function showError(container, error, form) {
  if (!(error instanceof ApiError)) throw error;
  const p = error.problem;
  const errors = Object.entries(p.errors ?? {});
  form?.querySelectorAll('[aria-invalid]').forEach(el => el.removeAttribute('aria-invalid'));
  form?.querySelectorAll('.field-error').forEach(el => { el.hidden = true; el.textContent = ''; });
  const fieldNames = {};
  for (const [name, messages] of errors) {
    const wrapper = form?.querySelector(`[data-field="${CSS.escape(name)}"]`);
    const control = wrapper?.querySelector('input, select, textarea');
    const slot = wrapper?.querySelector('.field-error');
    if (control && slot) {
      control.setAttribute('aria-invalid', 'true');
      slot.textContent = messages.join(' ');
      slot.hidden = false;
      control.setAttribute('aria-describedby', [control.getAttribute('aria-describedby'), slot.id].filter(Boolean).join(' '));
      // The reader knows a field by its label (and its group's legend), not by the API's key such as lines[0].amount.
      fieldNames[name] = [wrapper.closest('fieldset')?.querySelector('legend')?.textContent, wrapper.querySelector('label')?.textContent].filter(Boolean).join(' — ');
    }
  }
  const alert = h('div', { class: 'alert', role: 'alert', tabindex: '-1' },
    h('h2', {}, p.title || t('core.error')),
    p.detail ? h('p', {}, p.detail) : null,
    errors.length ? h('ul', {}, errors.map(([name, messages]) => h('li', {}, `${fieldNames[name] || name}: ${messages.join(' ')}`))) : null,
    advice(error) ? h('p', {}, advice(error)) : null,
    // A reference to quote helps only when the server failed; a mistake in the input needs none.
    p.traceId && error.status >= 500 ? h('p', { class: 'muted' }, t('core.trace', { id: p.traceId })) : null);
  container.replaceChildren(alert);
  alert.focus();
}

/** A slot for errors and confirmations above a form. */
export const messageSlot = () => h('div', { class: 'messages' });

/** Shows a success message in a slot and announces it. */
export function showOk(container, text) {
  container.replaceChildren(h('div', { class: 'alert ok' }, h('p', {}, text)));
  announce(text);
}

/**
 * Runs an action from a button: disables it while it runs (so a double click sends once), shows errors in the slot,
 * and resolves to the action's result or undefined when it failed.
 */
export async function act(button, slot, action, form) {
  button.disabled = true;
  try {
    return await action();
  } catch (e) {
    showError(slot, e, form);
    return undefined;
  } finally {
    button.disabled = false;
  }
}

// ---- Session ---------------------------------------------------------------------------------------------------------

/** The signed-in person from GET /api/me ({ id, name, nameKana, email, position, department, roles }), or null. */
export const session = { me: null };

export const hasRole = (...roles) => roles.some(r => session.me?.roles?.includes(r));

// ---- Router ----------------------------------------------------------------------------------------------------------

const routes = [];
const navItems = [];

/** Registers a screen: route('/applications/:id', ({ id }, query) => Node | Promise<Node>, { title: () => t('…') }). */
export function route(pattern, render) {
  const names = [];
  const regex = new RegExp('^' + pattern.replace(/:(\w+)/g, (_, n) => { names.push(n); return '([^/]+)'; }) + '$');
  routes.push({ regex, names, render });
}

/** Adds a main navigation entry shown to people with one of the roles: nav('#/queue', () => t('nav.queue'), ['director']). */
export function nav(href, label, roles, order = 50) {
  navItems.push({ href, label, roles, order });
}

export function navFor() {
  return navItems.filter(i => !i.roles || hasRole(...i.roles)).sort((a, b) => a.order - b.order);
}

/** Goes to a screen: go('/applications/APP-1'). */
export const go = path => { location.hash = '#' + path; };

/** The current path and query of the hash (#/x?y=1). */
export function current() {
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, search] = hash.split('?');
  return { path, query: new URLSearchParams(search ?? '') };
}

/** Renders the screen for the current hash into main, sets the title, and moves focus to its heading. */
export async function render(fallback) {
  const main = document.getElementById('main');
  const { path, query } = current();
  const match = routes.map(r => ({ r, m: r.regex.exec(path) })).find(x => x.m);
  const params = {};
  match?.r.names.forEach((n, i) => { params[n] = decodeURIComponent(match.m[i + 1]); });
  let view;
  try {
    view = await (match ? match.r.render(params, query) : fallback());
  } catch (e) {
    view = h('section', {});
    showError(view, e);
  }
  if (current().path !== path) return; // the reader moved on while this screen loaded
  main.replaceChildren(view);
  const heading = main.querySelector('h1');
  document.title = heading ? `${heading.textContent} — Grants` : 'Grants';
  (heading ?? main).setAttribute('tabindex', '-1');
  (heading ?? main).focus({ preventScroll: false });
  document.querySelectorAll('#nav a').forEach(a => {
    if (a.getAttribute('href') === '#' + path) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
}

strings({
  ja: {
    'core.hours': '{n}時間',
    'core.days': '{n}日',
    'core.error': 'エラー',
    'core.trace': '問い合わせ番号: {id}',
    'core.offline.title': 'サーバーに接続できません',
    'core.work.title': '処理を完了できませんでした',
    'core.work.failed': '処理が失敗しました。もう一度操作すると、中断したところから続けます。',
    'core.offline.detail': 'ネットワーク接続を確認してください。',
    'core.advice.offline': '接続を確認して、もう一度お試しください。',
    'core.advice.fix': '赤く示された項目を直して、もう一度送信してください。',
    'core.advice.signIn': 'サインインし直してください。',
    'core.advice.forbidden': 'この操作の権限がありません。必要なら研究支援室に連絡してください。',
    'core.advice.notFound': '見つかりません。一覧に戻って選び直してください。',
    'core.advice.conflict': '状態が変わっています。画面を再読み込みして確認してください。',
    'core.advice.reload': 'ほかの人が先に変更しました。再読み込みして、もう一度変更してください。',
    'core.advice.tooLarge': 'ファイルが大きすぎます。20 MB 以下にしてください。',
    'core.advice.type': 'この形式は受け付けていません。PDF を選んでください。',
    'core.advice.server': 'しばらくしてからもう一度お試しください。続く場合は問い合わせ番号を添えて研究支援室に連絡してください。',
  },
  en: {
    'core.hours': '{n} h',
    'core.days': '{n} days',
    'core.error': 'Error',
    'core.trace': 'Reference: {id}',
    'core.offline.title': 'Cannot reach the server',
    'core.work.title': 'The step could not be finished',
    'core.work.failed': 'The step failed. Do it again and it continues from where it stopped.',
    'core.offline.detail': 'Check your network connection.',
    'core.advice.offline': 'Check your connection and try again.',
    'core.advice.fix': 'Correct the fields marked in red and send again.',
    'core.advice.signIn': 'Sign in again.',
    'core.advice.forbidden': 'You may not do this. Ask the research support office if you need to.',
    'core.advice.notFound': 'Not found. Go back to the list and choose again.',
    'core.advice.conflict': 'Its state has changed. Reload the page and check.',
    'core.advice.reload': 'Someone changed it first. Reload and make your change again.',
    'core.advice.tooLarge': 'The file is too large. Keep it to 20 MB.',
    'core.advice.type': 'This kind of file is not accepted. Choose a PDF.',
    'core.advice.server': 'Try again in a moment. If it keeps failing, tell the research support office the reference below.',
  },
});
