// Starts the portal: who is signed in (GET /api/me), the sign-in screen when nobody is, the header, and the router.
import { api, ApiError, go, h, lang, navFor, render, session, setLang, showError, strings, t } from './core.js';
import { keepForSignIn, remember, restore, resumeHash, resumeTyping } from './form-memory.js';
import './terms.js';
import './home.js';
import './catalogue.js';
import './draft-form.js';
import './applications.js';
import './application.js';
import './my-payouts.js';
import './bank-account.js';
import './approver.js';
import './finance-payouts.js';
import './finance-batches.js';
import './reconciliation.js';
import './admin.js';
import './annual-report.js';
import './admin-funds.js';
import './admin-people.js';
import './admin-operations.js';

strings({
  ja: {
    'main.skip': '本文へ移動',
    'main.lang': '言語',
    'main.loading': '読み込み中',
    'main.signOut': 'サインアウト',
    'main.signIn.title': 'サインイン',
    'main.signIn.lead': '研究所のアカウントでサインインしてください。',
    'main.signIn.button': 'Microsoft アカウントでサインイン',
    'main.signIn.dev': '開発用サインイン(ローカル実行時のみ)',
    'main.signIn.devLead': 'デモの利用者を選んでください。',
    'main.signIn.as': '{name} としてサインイン',
    'main.nav': 'メイン',
    'main.home.none': 'あなたのアカウントにはまだ役割が割り当てられていません。研究支援室に連絡してください。',
    'role.applicant': '申請者', 'role.director': '所長', 'role.approver': '承認者', 'role.delegate': '代理承認者', 'role.finance': '経理', 'role.admin': '管理者',
  },
  en: {
    'main.skip': 'Skip to content',
    'main.lang': 'Language',
    'main.loading': 'Loading',
    'main.signOut': 'Sign out',
    'main.signIn.title': 'Sign in',
    'main.signIn.lead': 'Sign in with your institute account.',
    'main.signIn.button': 'Sign in with Microsoft',
    'main.signIn.dev': 'Development sign-in (local runtime only)',
    'main.signIn.devLead': 'Choose a demo person.',
    'main.signIn.as': 'Sign in as {name}',
    'main.nav': 'Main',
    'main.home.none': 'Your account has no role yet. Ask the research support office to assign one.',
    'role.applicant': 'Applicant', 'role.director': 'Director', 'role.approver': 'Approver', 'role.delegate': 'Delegate', 'role.finance': 'Finance', 'role.admin': 'Administrator',
  },
});

/** The local runtime lists demo people at /dev/people; in Azure that address is not JSON and Easy Auth signs people in. */
async function developmentPeople() {
  try {
    const response = await fetch('/dev/people', { headers: { Accept: 'application/json' } });
    return response.ok && (response.headers.get('Content-Type') ?? '').includes('json') ? await response.json() : null;
  } catch {
    return null;
  }
}

async function signInScreen() {
  const people = await developmentPeople();
  const slot = h('div', {});
  if (!people) {
    return h('section', { class: 'card' },
      h('h1', {}, t('main.signIn.title')),
      h('p', {}, t('main.signIn.lead')),
      h('a', { class: 'button', href: `/.auth/login/aad?post_login_redirect_uri=${encodeURIComponent('/' + (resumeHash() ?? ''))}` }, t('main.signIn.button')));
  }
  return h('section', { class: 'card' },
    h('h1', {}, t('main.signIn.title')),
    h('h2', {}, t('main.signIn.dev')),
    h('p', {}, t('main.signIn.devLead')),
    slot,
    h('ul', { class: 'people' }, people.map(p => h('li', {},
      h('button', {
        type: 'button',
        class: 'secondary',
        onclick: async () => {
          const response = await fetch('/dev/sign-in', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ id: p.id }) });
          if (!response.ok) {
            showError(slot, new ApiError(response.status, await response.json().catch(() => null)));
            return;
          }
          location.hash = resumeHash() ?? '#/';
          location.reload();
        },
      }, t('main.signIn.as', { name: p.name })),
      ' ', h('span', { class: 'muted' }, `${p.id} · ${p.roles.map(r => t('role.' + r)).join(', ')}`)))));
}

async function signOut() {
  if (await developmentPeople()) {
    await fetch('/dev/sign-out', { method: 'POST' });
    location.hash = '#/';
    location.reload();
  } else {
    location.href = '/.auth/logout?post_logout_redirect_uri=/';
  }
}

function header() {
  document.documentElement.lang = lang;
  document.getElementById('skip-link').textContent = t('main.skip');
  document.getElementById('lang-label').textContent = t('main.lang');
  // The bar shown while requests are under way is announced by name (axe: aria-progressbar-name).
  document.getElementById('progress').setAttribute('aria-label', t('main.loading'));
  document.getElementById('lang').value = lang;
  document.getElementById('nav').setAttribute('aria-label', t('main.nav'));
  document.getElementById('nav').replaceChildren(...navFor().map(i => h('a', { href: i.href }, i.label())));
  const who = document.getElementById('who');
  const out = document.getElementById('sign-out');
  who.textContent = session.me ? `${session.me.name} (${session.me.roles.map(r => t('role.' + r)).join(', ')})` : '';
  out.hidden = !session.me;
  out.textContent = t('main.signOut');
}

/** Home: the first screen of the person's main navigation. */
function home() {
  const first = navFor()[0];
  if (first) {
    go(first.href.replace(/^#/, ''));
    return h('p', {}, '…');
  }
  return h('section', { class: 'card' }, h('h1', {}, 'Grants'), h('p', {}, t('main.home.none')));
}

async function start() {
  try {
    session.me = await api('GET', '/api/me');
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 401) {
      header();
      const main = document.getElementById('main');
      main.replaceChildren();
      showError(main, e);
      return;
    }
  }
  header();
  document.getElementById('lang').addEventListener('change', async e => {
    // The screen is drawn anew in the other language; what the person typed and has not saved stays.
    const main = document.getElementById('main');
    const typed = remember(main);
    setLang(e.target.value);
    header();
    if (session.me) await render(home);
    else await showSignIn();
    restore(main, typed);
  });
  // The session expired (the API answered 401): keep the screen and its typing, and sign in again.
  addEventListener('grants:sign-in-again', () => {
    keepForSignIn(document.getElementById('main'));
    session.me = null;
    header();
    showSignIn();
  });
  document.getElementById('sign-out').addEventListener('click', signOut);
  if (!session.me) {
    await showSignIn();
    return;
  }
  window.addEventListener('hashchange', () => render(home));
  await render(home);
  resumeTyping(document.getElementById('main'));
}

async function showSignIn() {
  const view = await signInScreen();
  document.getElementById('main').replaceChildren(view);
  document.title = `${t('main.signIn.title')} — Grants`;
}

start();
