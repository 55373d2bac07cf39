// Each person's home: what waits for them in each of their roles (GET /api/todo), grouped, late things marked, every
// entry a link to the page where it is done; and the count of waiting things shown in the navigation.
import { api, date, h, messageSlot, nav, pick, route, showError, strings, t, yen } from './core.js';

strings({
  ja: {
    'home.title': 'やること',
    'home.lead': 'あなたを待っていることを、役割ごとにまとめています。',
    'home.nothing': 'いま、あなたを待っていることはありません。',
    'home.more': 'ほか {n}件',
    'home.due': '期限 {date}',
    'home.overdue': '期限超過',
    'home.count': '{n}件',
    'home.countOverdue': '{n}件(うち期限超過 {overdue}件)',
    'home.navCount': '{label}({n})',
    'home.role.applicant': '申請者として', 'home.role.endorser': '指導教員・受入研究者として', 'home.role.approver': '承認者として',
    'home.role.finance': '経理として', 'home.role.admin': '管理者として',
    'home.kind.revise': '差し戻された申請を直して再提出', 'home.kind.finishDraft': '書きかけの申請を仕上げて提出',
    'home.kind.report': '報告(DOIなど)の提出', 'home.kind.registerBankAccount': '振込先口座の登録(登録するまで支払えません)',
    'home.kind.openCall': '受付中の公募と締切', 'home.kind.endorse': '推薦を待っている申請', 'home.kind.recordArrival': '来日日の記録',
    'home.kind.decide': '承認を待っている申請', 'home.kind.decideExtension': '延長申請の判断',
    'home.kind.readyToBatch': '振込データにまとめられる支払', 'home.kind.heldForBankAccount': '口座未登録で保留中の支払',
    'home.kind.exportedNotPaid': '振込データを出力済みで支払完了が未記録の一括振込', 'home.kind.bankReturn': '銀行から返却された振込',
    'home.kind.callClosing': '締切の近い公募', 'home.kind.budgetLow': '残額の少ない経費', 'home.kind.stuckWork': '止まっている処理',
  },
  en: {
    'home.title': 'To do',
    'home.lead': 'What waits for you, by role.',
    'home.nothing': 'Nothing is waiting for you right now.',
    'home.more': '{n} more',
    'home.due': 'due {date}',
    'home.overdue': 'Overdue',
    'home.count': '{n}',
    'home.countOverdue': '{n} ({overdue} overdue)',
    'home.navCount': '{label} ({n})',
    'home.role.applicant': 'As applicant', 'home.role.endorser': 'As supervisor or host', 'home.role.approver': 'As approver',
    'home.role.finance': 'As finance', 'home.role.admin': 'As administrator',
    'home.kind.revise': 'Returned applications to correct and submit again', 'home.kind.finishDraft': 'Drafts to finish and submit',
    'home.kind.report': 'Reports (e.g. the DOI) due', 'home.kind.registerBankAccount': 'Register your bank account (you cannot be paid until you do)',
    'home.kind.openCall': 'Open calls and their deadlines', 'home.kind.endorse': 'Applications waiting for your endorsement', 'home.kind.recordArrival': 'Arrivals to record',
    'home.kind.decide': 'Applications waiting for your decision', 'home.kind.decideExtension': 'Extension requests to decide',
    'home.kind.readyToBatch': 'Payouts ready for a bank batch', 'home.kind.heldForBankAccount': 'Payouts held: no bank account registered',
    'home.kind.exportedNotPaid': 'Batches exported but not yet marked paid', 'home.kind.bankReturn': 'Transfers the bank returned',
    'home.kind.callClosing': 'Calls closing soon', 'home.kind.budgetLow': 'Funds running low', 'home.kind.stuckWork': 'Stuck workflows',
  },
});

/** The last to-do list read, so the navigation can show its count without asking again. */
const toDo = { list: null };

/** The navigation entry's words: "To do (3)" while three things wait. */
const navLabel = () => (toDo.list?.waiting ? t('home.navCount', { label: t('home.title'), n: toDo.list.waiting }) : t('home.title'));

/** Reads what waits for the signed-in person and puts the count into the navigation. */
async function loadToDo() {
  toDo.list = await api('GET', '/api/todo');
  const link = document.querySelector('#nav a[href="#/todo"]');
  if (link) link.textContent = navLabel();
  return toDo.list;
}

function entryItem(entry) {
  const due = entry.due ? t('home.due', { date: date(entry.due) }) : null;
  return h('li', {},
    h('a', { href: entry.link }, pick(entry.title, entry.titleEn)),
    entry.subtitle ? h('span', { class: 'muted' }, ` · ${entry.subtitle}`) : null,
    entry.amount !== null && entry.amount !== undefined ? h('span', {}, ` · ${yen(entry.amount)}`) : null,
    due ? h('span', { class: 'muted' }, ` · ${due}`) : null,
    entry.overdue ? [' ', h('span', { class: 'badge warn' }, t('home.overdue'))] : null);
}

function groupCard(group) {
  const heading = `home-${group.kind}`;
  const count = group.overdue ? t('home.countOverdue', { n: group.count, overdue: group.overdue }) : t('home.count', { n: group.count });
  const hidden = group.count - group.entries.length;
  return h('section', { class: 'card todo', 'aria-labelledby': heading, 'data-kind': group.kind },
    h('h3', { id: heading }, t('home.kind.' + group.kind), ' ', h('span', { class: group.overdue ? 'badge warn' : 'badge' }, count)),
    h('ul', {}, group.entries.map(entryItem)),
    hidden > 0 ? h('p', { class: 'muted' }, t('home.more', { n: hidden })) : null);
}

/** The home screen: the to-do list by role, the roles in the order the server gave them. */
async function homeScreen() {
  const slot = messageSlot();
  const body = h('div', {});
  try {
    const list = await loadToDo();
    const roles = [...new Set(list.groups.map(g => g.role))];
    body.replaceChildren(...(list.groups.length === 0
      ? [h('p', {}, t('home.nothing'))]
      : roles.map(role => h('div', { class: 'todo-role' },
        h('h2', { class: 'role-heading' }, t('home.role.' + role)),
        list.groups.filter(g => g.role === role).map(groupCard)))));
  } catch (e) {
    showError(slot, e);
  }
  return h('section', { 'aria-labelledby': 'home-title' },
    h('h1', { id: 'home-title' }, t('home.title')),
    h('p', { class: 'muted' }, t('home.lead')),
    slot,
    body);
}

// First in everyone's navigation, so it is where each person lands.
nav('#/todo', navLabel, null, 0);
route('/todo', homeScreen);
