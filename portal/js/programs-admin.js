// The research support office's screens for program definitions and calls: a program's versions, a new version's
// definition (edited here or loaded from a programs/*.json file) with the changes it makes in words before publishing,
// and the calls (募集) of every program and fiscal year: open, schedule, move the close date, close.
import { act, api, ApiError, date, field, go, h, lang, messageSlot, nav, pick, route, showOk, strings, t, table } from './core.js';

strings({
  ja: {
    'pa.nav.programs': 'プログラムの版',
    'pa.nav.calls': '募集',
    'pa.programs.title': 'プログラムの版',
    'pa.programs.lead': 'プログラムの規程は版ごとに公開され、公開した版は変わりません。申請は提出したときの版で審査されます。定義ファイルの形式は programs/program.schema.json にあります。',
    'pa.programs.current': '現行: 第{n}版',
    'pa.programs.new': '新しいプログラムを追加',
    'pa.programs.newLead': '定義(JSON)を貼り付けるか、ファイルを読み込んでください。プログラムIDは定義の id です。',
    'pa.program.title': '{name} の版',
    'pa.program.versions': '公開済みの版',
    'pa.program.version': '版',
    'pa.program.state': '状態',
    'pa.program.current': '現行',
    'pa.program.past': '過去の版',
    'pa.program.definition': '定義',
    'pa.program.show': '第{n}版の定義を表示',
    'pa.edit.title': '新しい版',
    'pa.edit.lead': '現行の版を元にした定義です。version を上げて規程を直し、変更点を確認してから公開してください。',
    'pa.edit.definition': '定義(JSON)',
    'pa.edit.file': '定義ファイルを読み込む',
    'pa.edit.preview': '変更点を確認',
    'pa.edit.publish': 'この版を公開',
    'pa.edit.changes': '第{n}版で変わること',
    'pa.edit.changesFrom': '第{from}版 → 第{to}版',
    'pa.edit.noChange': '規程に変更はありません(公開済みの版と同じなら、公開しても何も変わりません)。',
    'pa.edit.published': '第{n}版を公開しました。',
    'pa.edit.unchanged': '第{n}版はすでに同じ内容で公開されています。何も変わっていません。',
    'pa.edit.notJson': '定義が JSON として読めません。',
    'pa.calls.title': '募集',
    'pa.calls.lead': '募集はプログラムと年度(4月〜翌年3月)ごとに一つです。日付は日本時間です。新しい年度の募集に新しい版は要りません。',
    'pa.calls.list': '募集の一覧',
    'pa.calls.empty': '募集はまだありません。',
    'pa.calls.program': 'プログラム',
    'pa.calls.year': '年度',
    'pa.calls.opens': '開始日',
    'pa.calls.closes': '締切日',
    'pa.calls.state': '状態',
    'pa.calls.actions': '操作',
    'pa.calls.newCloses': '{program} FY{year} の新しい締切日',
    'pa.calls.move': '締切日を変更',
    'pa.calls.close': '今すぐ締め切る',
    'pa.calls.closeLabel': '今すぐ締め切る: {program} FY{year}',
    'pa.calls.moveLabel': '締切日を変更: {program} FY{year}',
    'pa.calls.moved': '締切日を {date} に変更しました。',
    'pa.calls.closed': '募集を締め切りました。',
    'pa.calls.openTitle': '募集を開く・予定する',
    'pa.calls.openLead': '開始日を空けると今日から受け付けます。先の日付なら予定として表示され、その日に受付が始まります。',
    'pa.calls.yearOption': '{year}年度({year}年4月〜{next}年3月)',
    'pa.calls.openButton': '募集を開く',
    'pa.calls.opened': '{program} の FY{year} の募集を登録しました。',
  },
  en: {
    'pa.nav.programs': 'Program versions',
    'pa.nav.calls': 'Calls',
    'pa.programs.title': 'Program versions',
    'pa.programs.lead': 'A program’s rules are published as versions, and a published version never changes. An application is judged by the version it was submitted under. Definition files follow programs/program.schema.json.',
    'pa.programs.current': 'Current: version {n}',
    'pa.programs.new': 'Add a new program',
    'pa.programs.newLead': 'Paste a definition (JSON) or load a file. The program id is the definition’s id.',
    'pa.program.title': 'Versions of {name}',
    'pa.program.versions': 'Published versions',
    'pa.program.version': 'Version',
    'pa.program.state': 'State',
    'pa.program.current': 'Current',
    'pa.program.past': 'Earlier version',
    'pa.program.definition': 'Definition',
    'pa.program.show': 'Show the definition of version {n}',
    'pa.edit.title': 'A new version',
    'pa.edit.lead': 'The current version’s definition: raise version, change the rules, check the changes, then publish.',
    'pa.edit.definition': 'Definition (JSON)',
    'pa.edit.file': 'Load a definition file',
    'pa.edit.preview': 'Check the changes',
    'pa.edit.publish': 'Publish this version',
    'pa.edit.changes': 'What version {n} changes',
    'pa.edit.changesFrom': 'Version {from} → version {to}',
    'pa.edit.noChange': 'No rule changes (if this version is already published as it is, publishing changes nothing).',
    'pa.edit.published': 'Version {n} is published.',
    'pa.edit.unchanged': 'Version {n} was already published with this content. Nothing changed.',
    'pa.edit.notJson': 'The definition cannot be read as JSON.',
    'pa.calls.title': 'Calls',
    'pa.calls.lead': 'A program has one call per fiscal year (April to March). Dates are in Japan time. A new fiscal year’s call needs no new program version.',
    'pa.calls.list': 'All calls',
    'pa.calls.empty': 'No call yet.',
    'pa.calls.program': 'Program',
    'pa.calls.year': 'Fiscal year',
    'pa.calls.opens': 'Opens',
    'pa.calls.closes': 'Closes',
    'pa.calls.state': 'State',
    'pa.calls.actions': 'Actions',
    'pa.calls.newCloses': 'New close date of {program} FY{year}',
    'pa.calls.move': 'Move the close date',
    'pa.calls.close': 'Close now',
    'pa.calls.closeLabel': 'Close now: {program} FY{year}',
    'pa.calls.moveLabel': 'Move the close date: {program} FY{year}',
    'pa.calls.moved': 'The call now closes on {date}.',
    'pa.calls.closed': 'The call is closed.',
    'pa.calls.openTitle': 'Open or schedule a call',
    'pa.calls.openLead': 'Leave the opening date empty to open it today; a later date schedules it, and it opens on that day.',
    'pa.calls.yearOption': 'FY{year} (April {year} – March {next})',
    'pa.calls.openButton': 'Open the call',
    'pa.calls.opened': 'The FY{year} call of {program} is registered.',
  },
});

nav('#/admin/programs', () => t('pa.nav.programs'), ['admin'], 12);
nav('#/admin/calls', () => t('pa.nav.calls'), ['admin'], 14);
route('/admin/programs', programsScreen);
route('/admin/programs/:id', programScreen);
route('/admin/calls', callsScreen);

/** A calendar date the API sends as yyyy-MM-dd, read as that day wherever the browser is. */
const day = value => (value ? date(`${value}T00:00:00`) : '—');
/** Today's calendar date in Japan, where calls open and close. */
const japanToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(new Date());
const thisFiscalYear = () => {
  const today = japanToday();
  return Number(today.slice(5, 7)) >= 4 ? Number(today.slice(0, 4)) : Number(today.slice(0, 4)) - 1;
};

/** A definition as a file holds it: the API's program without what is not part of a definition file. */
function definitionText(program, version) {
  const { states: _states, calls: _calls, ...definition } = program;
  return JSON.stringify({ $schema: './program.schema.json', ...definition, version }, null, 2);
}

// ---- programs ------------------------------------------------------------------------------------------------------------

async function programsScreen() {
  const programs = await api('GET', '/api/programs');
  return h('section', {},
    h('h1', {}, t('pa.programs.title')),
    h('p', {}, t('pa.programs.lead')),
    h('ul', {}, programs.map(p => h('li', {},
      h('a', { href: `#/admin/programs/${encodeURIComponent(p.id)}` }, pick(p.nameJa, p.nameEn)),
      ' ', h('span', { class: 'badge' }, t('pa.programs.current', { n: p.version }))))),
    h('h2', {}, t('pa.programs.new')),
    h('p', {}, t('pa.programs.newLead')),
    editor(''));
}

async function programScreen({ id }) {
  const versions = await api('GET', `/api/programs/${encodeURIComponent(id)}/versions`);
  const current = versions.find(v => v.current) ?? versions[0];
  const name = pick(current.definition.nameJa, current.definition.nameEn);
  return h('section', {},
    h('h1', {}, t('pa.program.title', { name })),
    h('h2', {}, t('pa.program.versions')),
    table([t('pa.program.version'), t('pa.program.state'), t('pa.program.definition')],
      versions.map(v => [
        String(v.version),
        v.current ? h('span', { class: 'badge ok' }, t('pa.program.current')) : t('pa.program.past'),
        h('details', {}, h('summary', {}, t('pa.program.show', { n: v.version })), h('pre', { tabindex: '0' }, definitionText(v.definition, v.version))),
      ]),
      { numeric: [0] }),
    h('h2', {}, t('pa.edit.title')),
    h('p', {}, t('pa.edit.lead')),
    editor(definitionText(current.definition, current.version + 1), id));
}

/** The definition editor: a text area (or a loaded file), the changes in words, and publishing. */
function editor(text, programId) {
  const slot = messageSlot();
  const area = h('textarea', { name: 'definition', rows: '24', spellcheck: 'false' });
  area.value = text;
  const file = h('input', { type: 'file', name: 'file', accept: '.json,application/json' });
  file.addEventListener('change', async () => {
    if (file.files[0]) area.value = await file.files[0].text();
  });
  const changes = h('div', { 'aria-live': 'polite' });
  const target = () => {
    if (programId) return programId;
    try {
      return JSON.parse(area.value).id || '-';
    } catch {
      return '-';
    }
  };
  const send = (suffix = '') => fetchJson(`/api/programs/${encodeURIComponent(target())}/versions${suffix}`, area.value);
  const preview = h('button', { type: 'button', class: 'secondary' }, t('pa.edit.preview'));
  const publish = h('button', { type: 'button' }, t('pa.edit.publish'));
  const form = h('form', { novalidate: true }, slot, field(t('pa.edit.definition'), area), field(t('pa.edit.file'), file), h('div', { class: 'actions' }, preview, publish), changes);
  form.addEventListener('submit', e => e.preventDefault());
  preview.addEventListener('click', () => act(preview, slot, async () => {
    slot.replaceChildren();
    const result = await send('/preview');
    changes.replaceChildren(describe(result));
  }, form));
  publish.addEventListener('click', () => act(publish, slot, async () => {
    const result = await send();
    changes.replaceChildren(describe(result));
    showOk(slot, t(result.created ? 'pa.edit.published' : 'pa.edit.unchanged', { n: result.version }));
    if (result.created) go(`/admin/programs/${encodeURIComponent(result.programId)}?published=${result.version}`);
  }, form));
  return form;
}

/** Sends the definition text as it is (the API reads the file's exact JSON); resolves to the answer and whether it created a version. */
async function fetchJson(url, text) {
  try {
    JSON.parse(text);
  } catch {
    throw new ApiError(400, { title: t('pa.edit.notJson'), errors: { definition: [t('pa.edit.notJson')] } });
  }
  const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-Requested-With': 'XMLHttpRequest' }, body: text, credentials: 'same-origin' });
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    throw new ApiError(response.status, data);
  }
  return { ...data, created: response.status === 201 };
}

function describe(preview) {
  const heading = preview.currentVersion ? t('pa.edit.changesFrom', { from: preview.currentVersion, to: preview.version }) : t('pa.edit.changes', { n: preview.version });
  return h('section', { class: 'card', 'aria-labelledby': 'changes-title' },
    h('h3', { id: 'changes-title' }, heading),
    preview.changes.length === 0
      ? h('p', {}, t('pa.edit.noChange'))
      : h('ul', { class: 'changes' }, preview.changes.map(c => h('li', {}, lang === 'ja' ? c.ja : c.en))));
}

// ---- calls ---------------------------------------------------------------------------------------------------------------

async function callsScreen() {
  const [programs, calls] = await Promise.all([api('GET', '/api/programs'), api('GET', '/api/calls')]);
  const slot = messageSlot();
  const name = id => {
    const program = programs.find(p => p.id === id);
    return program ? pick(program.nameJa, program.nameEn) : id;
  };
  return h('section', {},
    h('h1', {}, t('pa.calls.title')),
    h('p', {}, t('pa.calls.lead')),
    slot,
    h('h2', {}, t('pa.calls.list')),
    calls.length === 0
      ? h('p', {}, t('pa.calls.empty'))
      : table([t('pa.calls.program'), t('pa.calls.year'), t('pa.calls.opens'), t('pa.calls.closes'), t('pa.calls.state'), t('pa.calls.actions')],
        calls.map(c => [
          name(c.programId),
          `FY${c.fiscalYear}`,
          day(c.opens),
          day(c.closes),
          h('span', { class: c.status === 'open' ? 'badge ok' : 'badge' }, t('term.call.' + c.status)),
          callActions(c, name(c.programId), slot),
        ])),
    openForm(programs));
}

function callActions(call, programName, slot) {
  const closes = h('input', { type: 'date', name: 'closes', value: call.closes });
  const move = h('button', { type: 'button', class: 'secondary', 'aria-label': t('pa.calls.moveLabel', { program: programName, year: call.fiscalYear }) }, t('pa.calls.move'));
  const close = h('button', { type: 'button', class: 'secondary', 'aria-label': t('pa.calls.closeLabel', { program: programName, year: call.fiscalYear }) }, t('pa.calls.close'));
  const base = `/api/programs/${encodeURIComponent(call.programId)}/calls/${call.fiscalYear}`;
  const form = h('form', { novalidate: true, class: 'actions' },
    field(t('pa.calls.newCloses', { program: programName, year: call.fiscalYear }), closes),
    move,
    call.status === 'closed' || call.status === 'ended' ? null : close);
  form.addEventListener('submit', e => e.preventDefault());
  move.addEventListener('click', () => act(move, slot, async () => {
    const moved = await api('POST', `${base}/deadline`, { json: { closes: closes.value || null } });
    await refresh();
    showOk(document.querySelector('main .messages'), t('pa.calls.moved', { date: day(moved.closes) }));
  }, form));
  close.addEventListener('click', () => act(close, slot, async () => {
    await api('POST', `${base}/close`);
    await refresh();
    showOk(document.querySelector('main .messages'), t('pa.calls.closed'));
  }));
  return form;
}

function openForm(programs) {
  const slot = messageSlot();
  const year = thisFiscalYear();
  const program = h('select', { name: 'program' }, programs.map(p => h('option', { value: p.id }, pick(p.nameJa, p.nameEn))));
  const fiscalYear = h('select', { name: 'fiscalYear' }, [year, year + 1].map(y => h('option', { value: String(y) }, t('pa.calls.yearOption', { year: y, next: y + 1 }))));
  const opens = h('input', { type: 'date', name: 'opens' });
  const closes = h('input', { type: 'date', name: 'closes' });
  const submit = h('button', { type: 'submit' }, t('pa.calls.openButton'));
  const form = h('form', { novalidate: true, class: 'card', 'aria-labelledby': 'open-call-title' },
    h('h2', { id: 'open-call-title' }, t('pa.calls.openTitle')),
    h('p', {}, t('pa.calls.openLead')),
    slot,
    field(t('pa.calls.program'), program),
    field(t('pa.calls.year'), fiscalYear),
    field(t('pa.calls.opens'), opens),
    field(t('pa.calls.closes'), closes),
    h('div', { class: 'actions' }, submit));
  form.addEventListener('submit', e => {
    e.preventDefault();
    act(submit, slot, async () => {
      const opened = await api('POST', `/api/programs/${encodeURIComponent(program.value)}/calls`,
        { json: { fiscalYear: Number(fiscalYear.value), opens: opens.value || null, closes: closes.value || null } });
      await refresh();
      showOk(document.querySelector('main .messages'), t('pa.calls.opened', { program: pick(opened.programNameJa, opened.programNameEn), year: opened.fiscalYear }));
    }, form);
  });
  return form;
}

/** Renders the calls screen again with what is stored now. */
async function refresh() {
  const fresh = await callsScreen();
  const main = document.getElementById('main');
  main.replaceChildren(fresh);
  fresh.querySelector('h1')?.setAttribute('tabindex', '-1');
}
