// The people directory the eligibility check reads: search, add, edit, deactivate a leaver, and import the office's
// CSV file (UTF-8 or Excel's Shift_JIS) — always previewed row by row first; a file with any error imports nothing.
import { act, api, ETAG, field, go, h, messageSlot, nav, route, showOk, strings, t, table } from './core.js';
import { personInput } from './admin-funds.js';

const POSITIONS = ['professor', 'associateProfessor', 'assistantProfessor', 'researchStaff', 'postdoc', 'graduateStudent', 'internationalStudent', 'staff'];

strings({
  ja: {
    'ppl.nav': '利用者',
    'ppl.title': '利用者名簿',
    'ppl.lead': '申請の要件確認に使う名簿です。サインイン名は、Easy Auth が報告する名前(Entra ID のユーザー プリンシパル名)と一致させてください。',
    'ppl.search': '検索',
    'ppl.searchHint': '氏名、フリガナ(ひらがな可)、メールアドレスの一部',
    'ppl.find': '検索する',
    'ppl.count': '{n}人',
    'ppl.more': 'ほかにも該当者がいます。検索語を絞ってください。',
    'ppl.empty': '該当する人はいません。',
    'ppl.add': '利用者を追加',
    'ppl.name': '氏名',
    'ppl.kana': 'フリガナ',
    'ppl.email': 'メールアドレス',
    'ppl.id': 'サインイン名',
    'ppl.idHint': 'Entra ID のユーザー プリンシパル名(例:tanaka@example.ac.jp)。ゲストは #EXT# を含む名前です。登録後は変更できません。',
    'ppl.position': '職位',
    'ppl.department': '所属',
    'ppl.enrolled': '在籍中(学生)',
    'ppl.doctorateYear': '博士取得年',
    'ppl.supervisor': '指導教員',
    'ppl.supervisorHint': '指導教員のサインイン名(学生のみ)',
    'ppl.state': '状態',
    'ppl.active': '有効',
    'ppl.inactive': '無効(退職・修了)',
    'ppl.edit': '{name} を編集',
    'ppl.new.title': '利用者を追加',
    'ppl.edit.title': '{name} を編集',
    'ppl.save': '保存する',
    'ppl.saved': '保存しました。',
    'ppl.deactivate': '無効にする(退職・修了)',
    'ppl.reactivate': '有効に戻す',
    'ppl.deactivated': '{name} を無効にしました。これまでの申請は読めますが、新しい申請と提出はできません。',
    'ppl.reactivated': '{name} を有効に戻しました。',
    'ppl.back': '利用者名簿へ',
    'ppl.audit': 'この人の監査ログ',
    'ppl.import.title': 'CSV から取り込む',
    'ppl.import.lead': 'UTF-8 または Excel の Shift_JIS の CSV。見出しは日本語でも英語でも構いません(サインイン名, 氏名, フリガナ, メールアドレス, 職位, 所属, 在籍, 博士取得年, 指導教員, 有効)。まず確認し、誤りがなければ取り込みます。',
    'ppl.import.file': 'CSV ファイル',
    'ppl.import.preview': '内容を確認する',
    'ppl.import.run': 'この内容で取り込む',
    'ppl.import.summary': '追加 {added}人、変更 {changed}人、変更なし {unchanged}人、誤り {invalid}行',
    'ppl.import.errors': '誤りのある行があるため、取り込めません。ファイルを直してもう一度確認してください。',
    'ppl.import.done': '取り込みました:追加 {added}人、変更 {changed}人。',
    'ppl.import.row': '行',
    'ppl.import.outcome': '結果',
    'ppl.import.detail': '変更・誤り',
    'ppl.outcome.added': '追加',
    'ppl.outcome.changed': '変更',
    'ppl.outcome.unchanged': '変更なし',
    'ppl.outcome.invalid': '誤り',
    'ppl.none': 'なし',
  },
  en: {
    'ppl.nav': 'People',
    'ppl.title': 'People directory',
    'ppl.lead': 'The directory the eligibility check reads. A sign-in name must match what Easy Auth reports (the Entra ID user principal name).',
    'ppl.search': 'Search',
    'ppl.searchHint': 'Part of a name, its kana (hiragana works too) or an e-mail address',
    'ppl.find': 'Search',
    'ppl.count': 'People: {n}',
    'ppl.more': 'More people match; narrow the search.',
    'ppl.empty': 'Nobody matches.',
    'ppl.add': 'Add a person',
    'ppl.name': 'Name',
    'ppl.kana': 'Kana',
    'ppl.email': 'E-mail',
    'ppl.id': 'Sign-in name',
    'ppl.idHint': 'The Entra ID user principal name (e.g. tanaka@example.ac.jp); a guest’s contains #EXT#. It cannot change later.',
    'ppl.position': 'Position',
    'ppl.department': 'Department',
    'ppl.enrolled': 'Enrolled (students)',
    'ppl.doctorateYear': 'Doctorate year',
    'ppl.supervisor': 'Supervisor',
    'ppl.supervisorHint': 'The supervisor’s sign-in name (students only)',
    'ppl.state': 'State',
    'ppl.active': 'Active',
    'ppl.inactive': 'Inactive (left)',
    'ppl.edit': 'Edit {name}',
    'ppl.new.title': 'Add a person',
    'ppl.edit.title': 'Edit {name}',
    'ppl.save': 'Save',
    'ppl.saved': 'Saved.',
    'ppl.deactivate': 'Deactivate (has left)',
    'ppl.reactivate': 'Activate again',
    'ppl.deactivated': '{name} is deactivated: their applications stay readable, but they can no longer create or submit one.',
    'ppl.reactivated': '{name} is active again.',
    'ppl.back': 'Back to the people directory',
    'ppl.audit': 'Audit trail of this person',
    'ppl.import.title': 'Import from CSV',
    'ppl.import.lead': 'UTF-8 or Excel’s Shift_JIS CSV, headings in Japanese or English (signInName, name, kana, email, position, department, enrolled, doctorateYear, supervisor, active). Preview first; import when nothing is wrong.',
    'ppl.import.file': 'CSV file',
    'ppl.import.preview': 'Preview',
    'ppl.import.run': 'Import these people',
    'ppl.import.summary': 'Added {added}, changed {changed}, unchanged {unchanged}, rows with errors {invalid}',
    'ppl.import.errors': 'Some rows have errors, so the file cannot be imported. Correct the file and preview it again.',
    'ppl.import.done': 'Imported: {added} added, {changed} changed.',
    'ppl.import.row': 'Row',
    'ppl.import.outcome': 'Outcome',
    'ppl.import.detail': 'Changes and errors',
    'ppl.outcome.added': 'Added',
    'ppl.outcome.changed': 'Changed',
    'ppl.outcome.unchanged': 'Unchanged',
    'ppl.outcome.invalid': 'Error',
    'ppl.none': 'none',
  },
});

nav('#/people', () => t('ppl.nav'), ['admin'], 16);
route('/people', peopleScreen);
route('/people/new', person => personScreen(person, true));
route('/people/:id', person => personScreen(person, false));

const stateBadge = p => h('span', { class: p.active ? 'badge ok' : 'badge' }, p.active ? t('ppl.active') : t('ppl.inactive'));

async function peopleScreen(_, query) {
  const q = (query.get('q') ?? '').trim();
  const input = h('input', { type: 'search', name: 'q', value: q, autocomplete: 'off' });
  const search = h('form', { role: 'search', class: 'card' },
    field(t('ppl.search'), input, { hint: t('ppl.searchHint') }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('ppl.find')), h('a', { class: 'button secondary', href: '#/people/new' }, t('ppl.add'))));
  search.addEventListener('submit', e => {
    e.preventDefault();
    go(`/people${input.value.trim() ? `?q=${encodeURIComponent(input.value.trim())}` : ''}`);
  });
  const page = await api('GET', `/api/people?limit=100${q ? `&q=${encodeURIComponent(q)}` : ''}`);
  return h('section', {},
    h('h1', {}, t('ppl.title')),
    h('p', {}, t('ppl.lead')),
    search,
    page.people.length === 0
      ? h('p', {}, t('ppl.empty'))
      : [h('p', { class: 'muted' }, t('ppl.count', { n: page.people.length })),
        page.more ? h('p', { class: 'alert warn' }, t('ppl.more')) : null,
        table([t('ppl.name'), t('ppl.email'), t('ppl.position'), t('ppl.department'), t('ppl.state')],
          page.people.map(p => [
            [h('a', { href: `#/people/${encodeURIComponent(p.id)}`, 'aria-label': t('ppl.edit', { name: p.name }) }, p.name), p.nameKana ? [h('br', {}), h('span', { class: 'muted' }, p.nameKana)] : null],
            p.email, t('term.pos.' + p.position), p.department || '—', stateBadge(p),
          ]))],
    importSection());
}

// ---- one person ------------------------------------------------------------------------------------------------------------

async function personScreen({ id }, isNew) {
  const person = isNew ? null : await api('GET', `/api/people/${encodeURIComponent(id)}`);
  const slot = messageSlot();
  const text = (name, value, attrs = {}) => h('input', { type: 'text', name, value: value ?? '', maxlength: '200', autocomplete: 'off', ...attrs });
  const [supervisor, supervisorList] = personInput('supervisorId', person?.supervisorId);
  const form = h('form', { class: 'card', 'aria-labelledby': 'person-title' },
    h('h2', { id: 'person-title' }, isNew ? t('ppl.new.title') : t('ppl.edit.title', { name: person.name })),
    isNew ? field(t('ppl.id'), text('id', '', { required: true, spellcheck: 'false' }), { hint: t('ppl.idHint') }) : h('p', {}, `${t('ppl.id')}: `, h('code', {}, person.id)),
    field(t('ppl.name'), text('name', person?.name, { required: true })),
    field(t('ppl.kana'), text('nameKana', person?.nameKana)),
    field(t('ppl.email'), text('email', person?.email, { type: 'email', required: true, spellcheck: 'false' })),
    field(t('ppl.position'), h('select', { name: 'position', required: true }, POSITIONS.map(p => h('option', { value: p, selected: person?.position === p }, t('term.pos.' + p))))),
    field(t('ppl.department'), text('department', person?.department)),
    field(t('ppl.doctorateYear'), text('doctorateYear', person?.doctorateYear, { inputmode: 'numeric', size: '6', maxlength: '4' })),
    field(t('ppl.enrolled'), h('input', { type: 'checkbox', name: 'enrolled', checked: person?.enrolled === true }), { inline: true }),
    field(t('ppl.supervisor'), supervisor, { hint: t('ppl.supervisorHint') }), supervisorList,
    slot,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('ppl.save'))));
  const body = (active) => {
    const data = new FormData(form);
    const year = String(data.get('doctorateYear') ?? '').trim();
    return {
      id: isNew ? String(data.get('id')).trim() : person.id,
      name: String(data.get('name')).trim(),
      nameKana: String(data.get('nameKana')).trim(),
      email: String(data.get('email')).trim(),
      position: data.get('position'),
      department: String(data.get('department')).trim(),
      doctorateYear: year === '' ? null : (/^\d+$/.test(year) ? Number(year) : year),
      enrolled: data.get('enrolled') === 'on',
      supervisorId: String(data.get('supervisorId') ?? '').trim() || null,
      active,
    };
  };
  let etag = person?.[ETAG];
  const save = async active => {
    if (isNew) {
      const created = await api('POST', '/api/people', { json: body(true) });
      go(`/people/${encodeURIComponent(created.id)}`);
      return null;
    }
    const saved = await api('PUT', `/api/people/${encodeURIComponent(person.id)}`, { json: body(active), ifMatch: etag });
    etag = saved[ETAG];
    return saved;
  };
  form.addEventListener('submit', e => {
    e.preventDefault();
    act(form.querySelector('button[type=submit]'), slot, async () => {
      if (await save(person?.active ?? true)) showOk(slot, t('ppl.saved'));
    }, form);
  });
  if (!isNew) {
    const toggle = h('button', { type: 'button', class: 'secondary' }, person.active ? t('ppl.deactivate') : t('ppl.reactivate'));
    toggle.addEventListener('click', () => act(toggle, slot, async () => {
      const saved = await save(!person.active);
      person.active = saved.active;
      toggle.textContent = person.active ? t('ppl.deactivate') : t('ppl.reactivate');
      state.replaceChildren(stateBadge(person));
      showOk(slot, t(person.active ? 'ppl.reactivated' : 'ppl.deactivated', { name: person.name }));
    }, form));
    form.querySelector('.actions').append(toggle);
  }
  const state = h('span', {}, person ? stateBadge(person) : null);
  return h('section', {},
    h('p', {}, h('a', { href: '#/people' }, t('ppl.back'))),
    h('h1', {}, isNew ? t('ppl.new.title') : person.name, ' ', state),
    form,
    isNew ? null : h('p', {}, h('a', { href: `#/audit?subject=${encodeURIComponent(`person|${person.id}`)}` }, t('ppl.audit'))));
}

// ---- CSV import ------------------------------------------------------------------------------------------------------------

function importSection() {
  const slot = messageSlot();
  const preview = h('div', { 'aria-live': 'polite' });
  const file = h('input', { type: 'file', name: 'file', accept: '.csv,text/csv', required: true });
  // The import button exists only while a preview without errors is shown.
  const run = h('button', { type: 'button' }, t('ppl.import.run'));
  const runSlot = h('span', {});
  const offer = yes => runSlot.replaceChildren(...(yes ? [run] : []));
  const form = h('form', { class: 'card', 'aria-labelledby': 'import-title' },
    h('h2', { id: 'import-title' }, t('ppl.import.title')),
    h('p', {}, t('ppl.import.lead')),
    field(t('ppl.import.file'), file),
    slot,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('ppl.import.preview')), runSlot),
    preview);
  const send = dryRun => api('POST', `/api/people/import?dryRun=${dryRun}`, { form: file.files[0] });
  file.addEventListener('change', () => { offer(false); preview.replaceChildren(); slot.replaceChildren(); });
  form.addEventListener('submit', e => {
    e.preventDefault();
    offer(false);
    preview.replaceChildren();
    act(form.querySelector('button[type=submit]'), slot, async () => {
      const result = await send(true);
      slot.replaceChildren();
      preview.replaceChildren(...resultView(result));
      offer(result.invalid === 0);
      if (result.invalid > 0) slot.replaceChildren(h('div', { class: 'alert', role: 'alert' }, h('p', {}, t('ppl.import.errors'))));
    });
  });
  run.addEventListener('click', () => act(run, slot, async () => {
    const result = await send(false);
    offer(false);
    preview.replaceChildren(...resultView(result));
    showOk(slot, t('ppl.import.done', result));
  }));
  return form;
}

function resultView(result) {
  const describe = row => [
    ...row.changes.map(c => h('div', {}, `${c.field}: ${c.from ?? t('ppl.none')} → ${c.to ?? t('ppl.none')}`)),
    ...Object.entries(row.errors).map(([column, messages]) => h('div', { class: 'field-error' }, `${column}: ${messages.join(' ')}`)),
  ];
  return [
    h('p', {}, h('strong', {}, t('ppl.import.summary', result))),
    table([t('ppl.import.row'), t('ppl.id'), t('ppl.name'), t('ppl.import.outcome'), t('ppl.import.detail')],
      result.rows.map(row => [String(row.row), row.id ?? '—', row.name ?? '—',
        h('span', { class: row.outcome === 'invalid' ? 'badge bad' : row.outcome === 'unchanged' ? 'badge' : 'badge ok' }, t('ppl.outcome.' + row.outcome)),
        describe(row).length ? describe(row) : '—']),
      { numeric: [0] }),
  ];
}
