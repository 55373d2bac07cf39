// Funds and budgets as administered data: the administrator creates and edits funds and sets any fund's allocation
// for a fiscal year (next year's before April); the director adjusts the funds they approve. Every change is kept in
// the fund's history, with its reason.
import { act, api, dateTime, field, go, h, hasRole, lang, messageSlot, nav, route, showOk, strings, t, table, yen } from './core.js';

strings({
  ja: {
    'fund.nav': '経費と予算',
    'fund.title': '経費と予算',
    'fund.lead': '経費ごとの年度予算です。配分額は、確保済みと支払済みの合計を下回るようには変更できません。',
    'fund.empty': '管理できる経費はありません。',
    'fund.fund': '経費',
    'fund.code': '予算コード',
    'fund.approver': '承認者',
    'fund.delegate': '代理承認者',
    'fund.year': '年度',
    'fund.yearValue': '{year}年度',
    'fund.noBudget': '予算なし',
    'fund.allocation': '配分額',
    'fund.reserved': '確保済み',
    'fund.paid': '支払済み',
    'fund.remaining': '残額',
    'fund.manage': '{name} を管理',
    'fund.new.title': '経費を登録',
    'fund.id': '経費ID',
    'fund.idHint': '半角英小文字・数字・ハイフン(例:kakenhi-indirect)。登録後は変更できません。',
    'fund.nameJa': '名称(日本語)',
    'fund.nameEn': '名称(英語)',
    'fund.codeHint': '会計システムの予算コード(例:DIR-001)',
    'fund.personHint': 'サインイン名。氏名やメールアドレスの一部を入力すると候補が出ます。',
    'fund.create': '登録する',
    'fund.created': '{name} を登録しました。',
    'fund.back': '経費と予算の一覧へ',
    'fund.edit.title': '経費の内容',
    'fund.save': '保存する',
    'fund.saved': '保存しました。',
    'fund.budgets': '年度予算',
    'fund.set.title': '配分額を設定・変更',
    'fund.set.lead': '前年度から翌年度まで設定できます。既存の配分額を変えるときは理由が必要です。',
    'fund.reason': '理由',
    'fund.reasonHint': '履歴と監査ログに残ります(例:補正予算、旅費から振替)。',
    'fund.set': '配分額を保存',
    'fund.setDone': '{year}年度の配分額を {amount} にしました。',
    'fund.history': '変更履歴',
    'fund.historyEmpty': '変更はまだありません。',
    'fund.at': '日時',
    'fund.who': '実行者',
    'fund.change': '変更',
    'fund.committed': '当時の確保・支払',
    'fund.none': 'なし',
  },
  en: {
    'fund.nav': 'Funds and budgets',
    'fund.title': 'Funds and budgets',
    'fund.lead': 'Each fund’s budget per fiscal year. An allocation can never be set below what is reserved plus paid.',
    'fund.empty': 'There is no fund you manage.',
    'fund.fund': 'Fund',
    'fund.code': 'Budget code',
    'fund.approver': 'Approver',
    'fund.delegate': 'Delegate',
    'fund.year': 'Fiscal year',
    'fund.yearValue': 'FY{year}',
    'fund.noBudget': 'No budget',
    'fund.allocation': 'Allocation',
    'fund.reserved': 'Reserved',
    'fund.paid': 'Paid',
    'fund.remaining': 'Remaining',
    'fund.manage': 'Manage {name}',
    'fund.new.title': 'Create a fund',
    'fund.id': 'Fund id',
    'fund.idHint': 'Lower-case letters, digits and hyphens (e.g. kakenhi-indirect). It cannot change later.',
    'fund.nameJa': 'Name in Japanese',
    'fund.nameEn': 'Name in English',
    'fund.codeHint': 'The accounting system’s budget code (e.g. DIR-001)',
    'fund.personHint': 'Their sign-in name. Type part of a name or e-mail address for suggestions.',
    'fund.create': 'Create the fund',
    'fund.created': '{name} was created.',
    'fund.back': 'Back to funds and budgets',
    'fund.edit.title': 'The fund',
    'fund.save': 'Save',
    'fund.saved': 'Saved.',
    'fund.budgets': 'Budgets per fiscal year',
    'fund.set.title': 'Set or change an allocation',
    'fund.set.lead': 'From last fiscal year to next. Changing an existing allocation needs a reason.',
    'fund.reason': 'Reason',
    'fund.reasonHint': 'Kept in the history and the audit trail (e.g. supplementary budget, moved from travel).',
    'fund.set': 'Save the allocation',
    'fund.setDone': 'The FY{year} allocation is now {amount}.',
    'fund.history': 'History',
    'fund.historyEmpty': 'No change yet.',
    'fund.at': 'When',
    'fund.who': 'Who',
    'fund.change': 'Change',
    'fund.committed': 'Committed then',
    'fund.none': 'none',
  },
});

nav('#/funds', () => t('fund.nav'), ['admin', 'director'], 15);
route('/funds', fundsScreen);
route('/funds/:id', fundScreen);

/** This fiscal year in Japan: April to March. */
function thisFiscalYear() {
  const [year, month] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(new Date()).split('-').map(Number);
  return month >= 4 ? year : year - 1;
}

const fundName = fund => (lang === 'ja' ? fund.nameJa : fund.nameEn);

/** Names of the people the directory lists (a fund names its approver and delegate by sign-in name). */
async function peopleNames() {
  try {
    const page = await api('GET', '/api/people?limit=100');
    return new Map(page.people.map(p => [p.id, p.name]));
  } catch {
    return new Map();
  }
}

/** A sign-in name input that suggests people from the directory as the reader types. */
export function personInput(name, value, attrs = {}) {
  const list = h('datalist', { id: `${name}-people` });
  const input = h('input', { type: 'text', name, value: value ?? '', list: list.id, autocomplete: 'off', spellcheck: 'false', ...attrs });
  let timer;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      if (input.value.trim().length < 1) return;
      const page = await api('GET', `/api/people?q=${encodeURIComponent(input.value.trim())}&limit=10`).catch(() => ({ people: [] }));
      list.replaceChildren(...page.people.filter(p => p.active).map(p => h('option', { value: p.id }, `${p.name} · ${p.email}`)));
    }, 250);
  });
  return [input, list];
}

const personField = (label, name, value) => {
  const [input, list] = personInput(name, value, { required: true });
  return [field(label, input, { hint: t('fund.personHint') }), list];
};

async function fundsScreen() {
  const year = thisFiscalYear();
  const [funds, names] = await Promise.all([api('GET', '/api/funds'), peopleNames()]);
  const budgetOf = (view, y) => view.budgets.find(b => b.fiscalYear === y);
  const rows = funds.flatMap(view => [year, year + 1].map((y, i) => {
    const budget = budgetOf(view, y);
    return [
      i === 0 ? [h('a', { href: `#/funds/${encodeURIComponent(view.fund.id)}`, 'aria-label': t('fund.manage', { name: fundName(view.fund) }) }, fundName(view.fund)), h('br', {}), h('span', { class: 'muted' }, view.fund.budgetCode)] : '',
      t('fund.yearValue', { year: y }),
      budget ? yen(budget.allocation) : t('fund.noBudget'),
      budget ? yen(budget.reserved) : '—',
      budget ? yen(budget.paid) : '—',
      budget ? yen(budget.remaining) : '—',
      i === 0 ? `${names.get(view.fund.approverId) ?? view.fund.approverId} / ${names.get(view.fund.escalationContactId) ?? view.fund.escalationContactId}` : '',
    ];
  }));
  return h('section', {},
    h('h1', {}, t('fund.title')),
    h('p', {}, t('fund.lead')),
    funds.length === 0
      ? h('p', {}, t('fund.empty'))
      : table([t('fund.fund'), t('fund.year'), t('fund.allocation'), t('fund.reserved'), t('fund.paid'), t('fund.remaining'), `${t('fund.approver')} / ${t('fund.delegate')}`], rows, { numeric: [2, 3, 4, 5] }),
    hasRole('admin') ? newFundForm() : null);
}

function fundFields(fund) {
  const text = (name, value, attrs = {}) => h('input', { type: 'text', name, value: value ?? '', required: true, autocomplete: 'off', ...attrs });
  return [
    field(t('fund.nameJa'), text('nameJa', fund?.nameJa, { maxlength: '100', lang: 'ja' })),
    field(t('fund.nameEn'), text('nameEn', fund?.nameEn, { maxlength: '100', lang: 'en' })),
    field(t('fund.code'), text('budgetCode', fund?.budgetCode, { maxlength: '30', spellcheck: 'false' }), { hint: t('fund.codeHint') }),
    personField(t('fund.approver'), 'approverId', fund?.approverId),
    personField(t('fund.delegate'), 'escalationContactId', fund?.escalationContactId),
  ];
}

const values = form => Object.fromEntries([...new FormData(form)].map(([k, v]) => [k, String(v).trim()]));

function newFundForm() {
  const slot = messageSlot();
  const form = h('form', { class: 'card', 'aria-labelledby': 'new-fund-title' },
    h('h2', { id: 'new-fund-title' }, t('fund.new.title')),
    field(t('fund.id'), h('input', { type: 'text', name: 'id', required: true, maxlength: '64', pattern: '[a-z0-9][a-z0-9\\-]{1,63}', autocomplete: 'off', spellcheck: 'false' }), { hint: t('fund.idHint') }),
    fundFields(null),
    slot,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('fund.create'))));
  form.addEventListener('submit', e => {
    e.preventDefault();
    act(form.querySelector('button[type=submit]'), slot, async () => {
      const fund = await api('POST', '/api/funds', { json: values(form) });
      go(`/funds/${encodeURIComponent(fund.id)}`);
    }, form);
  });
  return form;
}

async function fundScreen({ id }) {
  const [view, names] = await Promise.all([api('GET', `/api/funds/${encodeURIComponent(id)}`), peopleNames()]);
  const fund = view.fund;
  const year = thisFiscalYear();
  const who = personId => names.get(personId) ?? personId;
  return h('section', {},
    h('p', {}, h('a', { href: '#/funds' }, t('fund.back'))),
    h('h1', {}, fundName(fund), ' ', h('span', { class: 'badge' }, fund.budgetCode)),
    h('p', {}, `${t('fund.approver')}: ${who(fund.approverId)} · ${t('fund.delegate')}: ${who(fund.escalationContactId)}`),
    h('h2', {}, t('fund.budgets')),
    view.budgets.length === 0
      ? h('p', {}, t('fund.noBudget'))
      : table([t('fund.year'), t('fund.allocation'), t('fund.reserved'), t('fund.paid'), t('fund.remaining')],
        [...view.budgets].reverse().map(b => [t('fund.yearValue', { year: b.fiscalYear }), yen(b.allocation), yen(b.reserved), yen(b.paid), yen(b.remaining)]),
        { numeric: [1, 2, 3, 4] }),
    allocationForm(fund, view.budgets, year),
    h('h2', {}, t('fund.history')),
    view.history.length === 0
      ? h('p', {}, t('fund.historyEmpty'))
      : table([t('fund.at'), t('fund.who'), t('fund.year'), t('fund.change'), t('fund.committed'), t('fund.reason')],
        view.history.map(c => [dateTime(c.at), who(c.actor), t('fund.yearValue', { year: c.fiscalYear }), `${c.from === undefined || c.from === null ? t('fund.none') : yen(c.from)} → ${yen(c.to)}`, yen(c.committed), c.reason])),
    hasRole('admin') ? editFundForm(fund) : null);
}

function allocationForm(fund, budgets, year) {
  const slot = messageSlot();
  const years = [year + 1, year, year - 1];
  const select = h('select', { name: 'fiscalYear' }, years.map(y => h('option', { value: String(y), selected: y === year }, t('fund.yearValue', { year: y }))));
  const amount = h('input', { type: 'text', name: 'allocation', inputmode: 'numeric', required: true, autocomplete: 'off', size: '12' });
  const fill = () => { amount.value = String(budgets.find(b => b.fiscalYear === Number(select.value))?.allocation ?? ''); };
  select.addEventListener('change', fill);
  fill();
  const form = h('form', { class: 'card', 'aria-labelledby': 'set-title' },
    h('h2', { id: 'set-title' }, t('fund.set.title')),
    h('p', {}, t('fund.set.lead')),
    field(t('fund.year'), select),
    field(`${t('fund.allocation')} (¥)`, amount),
    field(t('fund.reason'), h('input', { type: 'text', name: 'reason', maxlength: '500', autocomplete: 'off' }), { hint: t('fund.reasonHint') }),
    slot,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('fund.set'))));
  form.addEventListener('submit', e => {
    e.preventDefault();
    act(form.querySelector('button[type=submit]'), slot, async () => {
      const { allocation, reason } = values(form);
      const digits = allocation.replace(/[,，¥￥\s]/g, '').replace(/[０-９]/g, d => String.fromCharCode(d.charCodeAt(0) - 0xFEE0));
      const budget = await api('PUT', `/api/funds/${encodeURIComponent(fund.id)}/budgets/${select.value}`,
        { json: { allocation: /^\d+$/.test(digits) ? Number(digits) : allocation, reason } });
      const done = t('fund.setDone', { year: budget.fiscalYear, amount: yen(budget.allocation) });
      const view = await fundScreen({ id: fund.id });
      document.getElementById('main').replaceChildren(view);
      showOk(view.querySelector('.messages'), done);
    }, form);
  });
  return form;
}

function editFundForm(fund) {
  const slot = messageSlot();
  const form = h('form', { class: 'card', 'aria-labelledby': 'edit-fund-title' },
    h('h2', { id: 'edit-fund-title' }, t('fund.edit.title')),
    fundFields(fund),
    slot,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('fund.save'))));
  form.addEventListener('submit', e => {
    e.preventDefault();
    act(form.querySelector('button[type=submit]'), slot, async () => {
      await api('PUT', `/api/funds/${encodeURIComponent(fund.id)}`, { json: values(form) });
      showOk(slot, t('fund.saved'));
    }, form);
  });
  return form;
}
