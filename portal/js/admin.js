// The administrator's screens: every program with its version, rules and calls, the funds' budgets and the year's
// figures at a glance; and the append-only audit trail of any subject (an application, a payout batch, a person).
import { api, date, dateTime, field, go, h, lang, nav, pick, route, showError, strings, t, table, yen } from './core.js';
import { programDescription } from './terms.js';
import './programs-admin.js';

strings({
  ja: {
    'adm.nav.overview': '概要',
    'adm.nav.audit': '監査ログ',
    'adm.title': 'プログラム・募集・予算',
    'adm.lead': '公開中のプログラムの規程と募集期間、経費ごとの予算と今年度の実績です。',
    'adm.year': '年度',
    'adm.yearOption': '{year}年度({year}年4月〜{next}年3月)',
    'adm.show': '表示',
    'adm.programs': 'プログラム',
    'adm.version': '第{n}版',
    'adm.programId': 'プログラムID',
    'adm.positions': '対象',
    'adm.capApplication': '1件の上限',
    'adm.capPerson': '1人あたり年間上限',
    'adm.none': 'なし',
    'adm.careerStage': '博士取得後 {n}年以内',
    'adm.enrollment': '在籍が必要',
    'adm.endorsement': '推薦',
    'adm.period': '支援期間',
    'adm.periodValue': '最長 {months}か月(延長 最長 {extension}か月)',
    'adm.approval': '承認の催促・期限',
    'adm.approvalValue': '{reminder}ごとに催促、{escalate}で代理承認者へ',
    'adm.report': '報告',
    'adm.reportValue': '{what}(承認から{due})',
    'adm.expenses': '対象経費',
    'adm.kind': '経費',
    'adm.cap': '上限',
    'adm.documents': '必要書類',
    'adm.funding': '財源',
    'adm.fundWhen.always': 'ほかに当てはまらない場合',
    'adm.fundWhen.jointUseResearch': '共同利用研究の成果の場合',
    'adm.calls': '募集',
    'adm.callsAlways': '募集はありません。募集を開くまで申請は受け付けられません。',
    'adm.manageCalls': '募集を開く・延長する・締め切る',
    'adm.manageVersions': '版の一覧・新しい版の公開',
    'adm.call': '年度',
    'adm.opens': '開始',
    'adm.closes': '締切',
    'adm.callState': '状態',
    'adm.funds': '経費と予算',
    'adm.fundsEmpty': 'この年度の予算は登録されていません。',
    'adm.fund': '経費',
    'adm.allocation': '配分額',
    'adm.reserved': '確保済み',
    'adm.paid': '支払済み',
    'adm.remaining': '残額',
    'adm.used': '使用率',
    'adm.check': '照合',
    'adm.balanced': '一致',
    'adm.unbalanced': '不一致',
    'adm.summary': '今年度の実績',
    'adm.summaryEmpty': 'この年度に受け付けた申請はありません。',
    'adm.received': '受付',
    'adm.eligible': '要件適合',
    'adm.approved': '採択',
    'adm.rejected': '不採択',
    'adm.withdrawn': '取り下げ',
    'adm.paidCount': '支払済み',
    'adm.reservedAmount': '採択額',
    'adm.paidAmount': '支払額',
    'adm.days': '{n}日', 'adm.hours': '{n}時間', 'adm.minutes': '{n}分',
    'adm.audit.title': '監査ログ',
    'adm.audit.lead': '申請、支払バッチ、利用者ごとの変更の記録です。記録は追記のみで、書き換えや削除はできません。',
    'adm.audit.subject': '対象',
    'adm.audit.subjectHint': '申請番号(APP-…)、支払バッチ番号(B-…)、または利用者ID(メールアドレス)',
    'adm.audit.search': 'ログを表示',
    'adm.audit.of': '{subject} の記録',
    'adm.audit.count': '{n}件(古い順)',
    'adm.audit.empty': 'この対象の記録はありません。番号の綴りを確認してください。',
    'adm.audit.openApplication': 'この申請を開く',
    'adm.audit.at': '日時',
    'adm.audit.actor': '実行者',
    'adm.audit.action': '操作',
    'adm.audit.detail': '内容',
    'adm.audit.correlation': '相関ID',
    'adm.audit.pick': '申請から選ぶ',
    'adm.audit.status': '状態で絞り込む',
    'adm.audit.allStatuses': 'すべて',
    'adm.audit.filter': '絞り込む',
    'adm.audit.applications': '{n}件(新しい順)',
    'adm.audit.noApplications': 'この状態の申請はありません。',
    'adm.audit.application': '申請番号',
    'adm.audit.paper': '題目',
    'adm.audit.applicant': '申請者',
    'adm.audit.submitted': '提出日',
    'adm.audit.view': '{id} のログ',
  },
  en: {
    'adm.nav.overview': 'Overview',
    'adm.nav.audit': 'Audit trail',
    'adm.title': 'Programs, calls and budgets',
    'adm.lead': 'The published programs with their rules and calls, each fund’s budget, and the year’s figures.',
    'adm.year': 'Fiscal year',
    'adm.yearOption': 'FY{year} (April {year} – March {next})',
    'adm.show': 'Show',
    'adm.programs': 'Programs',
    'adm.version': 'Version {n}',
    'adm.programId': 'Program id',
    'adm.positions': 'Who may apply',
    'adm.capApplication': 'Cap per application',
    'adm.capPerson': 'Cap per person per year',
    'adm.none': 'None',
    'adm.careerStage': 'At most {n} years after the doctorate',
    'adm.enrollment': 'Must be enrolled',
    'adm.endorsement': 'Endorsed by',
    'adm.period': 'Support period',
    'adm.periodValue': 'Up to {months} months (extendable by up to {extension})',
    'adm.approval': 'Approval reminders',
    'adm.approvalValue': 'Reminded every {reminder}; escalated to the delegate after {escalate}',
    'adm.report': 'Report',
    'adm.reportValue': '{what} ({due} after approval)',
    'adm.expenses': 'Expenses',
    'adm.kind': 'Expense',
    'adm.cap': 'Cap',
    'adm.documents': 'Required documents',
    'adm.funding': 'Paid from',
    'adm.fundWhen.always': 'otherwise',
    'adm.fundWhen.jointUseResearch': 'when the work is joint-use research',
    'adm.calls': 'Calls',
    'adm.callsAlways': 'No call: applications are refused until a call is opened.',
    'adm.manageCalls': 'Open, extend or close calls',
    'adm.manageVersions': 'Versions, and publishing a new one',
    'adm.call': 'Fiscal year',
    'adm.opens': 'Opens',
    'adm.closes': 'Closes',
    'adm.callState': 'State',
    'adm.funds': 'Funds and budgets',
    'adm.fundsEmpty': 'No fund has a budget in this fiscal year.',
    'adm.fund': 'Fund',
    'adm.allocation': 'Allocation',
    'adm.reserved': 'Reserved',
    'adm.paid': 'Paid',
    'adm.remaining': 'Remaining',
    'adm.used': 'Used',
    'adm.check': 'Reconciliation',
    'adm.balanced': 'Balanced',
    'adm.unbalanced': 'Not balanced',
    'adm.summary': 'The year’s figures',
    'adm.summaryEmpty': 'No application was received in this fiscal year.',
    'adm.received': 'Received',
    'adm.eligible': 'Eligible',
    'adm.approved': 'Approved',
    'adm.rejected': 'Rejected',
    'adm.withdrawn': 'Withdrawn',
    'adm.paidCount': 'Paid',
    'adm.reservedAmount': 'Approved amount',
    'adm.paidAmount': 'Paid amount',
    'adm.days': '{n} days', 'adm.hours': '{n} hours', 'adm.minutes': '{n} minutes',
    'adm.audit.title': 'Audit trail',
    'adm.audit.lead': 'Every change to an application, a payout batch or a person. Entries are only ever added, never changed or deleted.',
    'adm.audit.subject': 'Subject',
    'adm.audit.subjectHint': 'An application (APP-…), a payout batch (B-…) or a person’s id (their e-mail address)',
    'adm.audit.search': 'Show the trail',
    'adm.audit.of': 'Trail of {subject}',
    'adm.audit.count': 'Entries: {n}, oldest first',
    'adm.audit.empty': 'Nothing is recorded for this subject. Check how the id is spelt.',
    'adm.audit.openApplication': 'Open this application',
    'adm.audit.at': 'When',
    'adm.audit.actor': 'Who',
    'adm.audit.action': 'Action',
    'adm.audit.detail': 'Detail',
    'adm.audit.correlation': 'Correlation id',
    'adm.audit.pick': 'Pick an application',
    'adm.audit.status': 'Filter by status',
    'adm.audit.allStatuses': 'All',
    'adm.audit.filter': 'Filter',
    'adm.audit.applications': 'Applications: {n}, newest first',
    'adm.audit.noApplications': 'No application has this status.',
    'adm.audit.application': 'Application',
    'adm.audit.paper': 'Title',
    'adm.audit.applicant': 'Applicant',
    'adm.audit.submitted': 'Submitted',
    'adm.audit.view': 'Trail of {id}',
  },
});

nav('#/admin', () => t('adm.nav.overview'), ['admin'], 10);
nav('#/audit', () => t('adm.nav.audit'), ['admin'], 20);
route('/admin', overviewScreen);
route('/audit', auditScreen);

const facts = pairs => h('dl', { class: 'facts' }, pairs.filter(Boolean).map(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]));
/** Today's calendar date in Japan, where calls open and close. */
const japanToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(new Date());
const day = value => (value ? date(`${value}T00:00:00`) : '—');
/** An audit entry's time to the second: steps of one request fall within the same minute. */
const instant = value => new Date(value).toLocaleString(lang === 'ja' ? 'ja-JP' : 'en-GB', { dateStyle: 'medium', timeStyle: 'medium' });

/** A .NET TimeSpan as the API writes it ("3.00:00:00", "00:02:00") in the largest whole unit. */
function duration(span) {
  const m = /^(?:(\d+)\.)?(\d+):(\d+):(\d+)/.exec(span ?? '');
  if (!m) return span ?? '—';
  const minutes = Number(m[1] ?? 0) * 1440 + Number(m[2]) * 60 + Number(m[3]);
  if (minutes % 1440 === 0) return t('adm.days', { n: minutes / 1440 });
  if (minutes % 60 === 0) return t('adm.hours', { n: minutes / 60 });
  return t('adm.minutes', { n: minutes });
}

// ---- overview ------------------------------------------------------------------------------------------------------------

async function overviewScreen(_, query) {
  const today = japanToday();
  const thisYear = Number(today.slice(5, 7)) >= 4 ? Number(today.slice(0, 4)) : Number(today.slice(0, 4)) - 1;
  const year = Number(query.get('fiscalYear')) || thisYear;
  const [programs, summary, reconciliation] = await Promise.all([
    api('GET', '/api/programs'),
    api('GET', `/api/reports/summary?fiscalYear=${year}`),
    api('GET', `/api/reports/reconciliation?fiscalYear=${year}`),
  ]);

  // Funds by name, as the year's reconciliation names them; a fund without a budget this year keeps its id.
  const fundNames = new Map(reconciliation.funds.map(f => [f.fundId, pick(f.fundNameJa, f.fundNameEn)]));
  const fundName = id => fundNames.get(id) || id;
  const years = [...new Set([thisYear + 1, thisYear, thisYear - 1, thisYear - 2, year])].sort((a, b) => b - a);
  const yearSelect = h('select', { name: 'fiscalYear' }, years.map(y => h('option', { value: String(y), selected: y === year }, t('adm.yearOption', { year: y, next: y + 1 }))));
  const chooser = h('form', {}, field(t('adm.year'), yearSelect), h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('adm.show'))));
  chooser.addEventListener('submit', e => {
    e.preventDefault();
    go(`/admin?fiscalYear=${yearSelect.value}`);
  });

  return h('section', {},
    h('h1', {}, t('adm.title')),
    h('p', {}, t('adm.lead')),
    chooser,
    h('h2', {}, t('adm.funds')),
    funds(summary, reconciliation),
    h('h2', {}, t('adm.summary')),
    figures(summary, fundName),
    h('h2', {}, t('adm.programs')),
    programs.map(p => programCard(p, fundName)));
}

function funds(summary, reconciliation) {
  if (summary.funds.length === 0) return h('p', {}, t('adm.fundsEmpty'));
  const checks = new Map(reconciliation.funds.map(f => [f.fundId, f]));
  return table(
    [t('adm.fund'), t('adm.allocation'), t('adm.reserved'), t('adm.paid'), t('adm.remaining'), t('adm.used'), t('adm.check')],
    summary.funds.map(f => {
      const check = checks.get(f.fundId);
      const used = f.allocation > 0 ? Math.round(((f.reserved + f.paid) / f.allocation) * 100) : 0;
      return [
        [pick(check?.fundNameJa, check?.fundNameEn) || f.fundId, h('br', {}), h('span', { class: 'muted' }, check?.budgetCode ? `${f.fundId} · ${check.budgetCode}` : f.fundId)],
        yen(f.allocation), yen(f.reserved), yen(f.paid), yen(f.remaining),
        `${used}%`,
        check ? h('span', { class: check.balanced ? 'badge ok' : 'badge bad' }, check.balanced ? `✓ ${t('adm.balanced')}` : `✗ ${t('adm.unbalanced')}`) : '—',
      ];
    }),
    { caption: `FY${summary.fiscalYear}`, numeric: [1, 2, 3, 4, 5] });
}

function figures(summary, fundName) {
  if (summary.programs.length === 0) return h('p', {}, t('adm.summaryEmpty'));
  return table(
    [t('adm.programs'), t('adm.fund'), t('adm.received'), t('adm.eligible'), t('adm.approved'), t('adm.rejected'), t('adm.withdrawn'), t('adm.paidCount'), t('adm.reservedAmount'), t('adm.paidAmount')],
    summary.programs.map(p => [pick(p.programNameJa, p.programNameEn), fundName(p.fundId), p.received, p.eligible, p.approved, p.rejected, p.withdrawn, p.paid, yen(p.reserved), yen(p.paidAmount)].map(String)),
    { caption: `FY${summary.fiscalYear}`, numeric: [2, 3, 4, 5, 6, 7, 8, 9] });
}

function programCard(p, fundName) {
  const headingId = `program-${p.id}`;
  const callState = c => (c.status === 'open' ? ['badge ok', `✓ ${t('term.call.open')}`] : ['badge', t('term.call.' + c.status)]);
  return h('article', { class: 'card', 'aria-labelledby': headingId },
    h('h3', { id: headingId }, pick(p.nameJa, p.nameEn), ' ', h('span', { class: 'badge' }, t('adm.version', { n: p.version }))),
    p.descriptionEn ? programDescription(p) : null,
    facts([
      [t('adm.programId'), p.id],
      [t('adm.positions'), [p.eligiblePositions.map(x => t('term.pos.' + x)).join(lang === 'ja' ? '、' : ', '),
        p.maxYearsSinceDoctorate ? `; ${t('adm.careerStage', { n: p.maxYearsSinceDoctorate })}` : '',
        p.requiresEnrollment ? `; ${t('adm.enrollment')}` : '']],
      [t('adm.capApplication'), yen(p.capPerApplication)],
      [t('adm.capPerson'), p.capPerPersonPerYear ? yen(p.capPerPersonPerYear) : t('adm.none')],
      p.endorsement ? [t('adm.endorsement'), t('term.endorser.' + p.endorsement)] : null,
      p.period?.maxMonths ? [t('adm.period'), t('adm.periodValue', { months: p.period.maxMonths, extension: p.period.maxExtensionMonths })] : null,
      [t('adm.approval'), t('adm.approvalValue', { reminder: duration(p.approval.reminderEvery), escalate: duration(p.approval.escalateAfter) })],
      p.report ? [t('adm.report'), t('adm.reportValue', { what: pick(p.report.whatJa, p.report.whatEn), due: duration(p.report.dueAfterApproval) })] : null,
      [t('adm.funding'), p.funding.length === 1 ? fundName(p.funding[0].fundId) : h('ul', {}, p.funding.map(f => h('li', {}, `${fundName(f.fundId)}: ${t('adm.fundWhen.' + f.when)}`)))],
    ]),
    h('h4', {}, t('adm.expenses')),
    table([t('adm.kind'), t('adm.cap'), t('adm.documents')],
      p.expenses.map(e => [t('term.kind.' + e.kind), yen(e.capPerPaper), e.requiredDocuments.map(d => t('term.doc.' + d)).join(lang === 'ja' ? '、' : ', ')]),
      { numeric: [1] }),
    h('h4', {}, t('adm.calls')),
    p.calls.length === 0
      ? h('p', {}, t('adm.callsAlways'))
      : table([t('adm.call'), t('adm.opens'), t('adm.closes'), t('adm.callState')],
        p.calls.map(c => {
          const [style, label] = callState(c);
          return [`FY${c.fiscalYear}`, day(c.opens), day(c.closes), h('span', { class: style }, label)];
        })),
    h('p', {}, h('a', { href: '#/admin/calls' }, t('adm.manageCalls')), ' · ', h('a', { href: `#/admin/programs/${encodeURIComponent(p.id)}` }, t('adm.manageVersions'))));
}

// ---- audit trail ---------------------------------------------------------------------------------------------------------

async function auditScreen(_, query) {
  const subject = (query.get('subject') ?? '').trim();
  const status = query.get('status') ?? '';
  const input = h('input', { type: 'search', name: 'subject', value: subject, autocomplete: 'off', spellcheck: 'false' });
  const search = h('form', { class: 'card', role: 'search' },
    field(t('adm.audit.subject'), input, { hint: t('adm.audit.subjectHint') }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('adm.audit.search'))));
  search.addEventListener('submit', e => {
    e.preventDefault();
    go(`/audit?subject=${encodeURIComponent(input.value.trim())}${status ? `&status=${encodeURIComponent(status)}` : ''}`);
  });

  const [trail, picker] = await Promise.all([subject ? trailOf(subject) : null, applicationPicker(status)]);
  return h('section', {},
    h('h1', {}, t('adm.audit.title')),
    h('p', {}, t('adm.audit.lead')),
    search,
    trail,
    picker);
}

async function trailOf(subject) {
  const section = h('section', { 'aria-labelledby': 'trail-title' }, h('h2', { id: 'trail-title' }, t('adm.audit.of', { subject })));
  let trail;
  try {
    trail = await api('GET', `/api/audit/${encodeURIComponent(subject)}`);
  } catch (e) {
    const slot = h('div', {});
    section.append(slot);
    showError(slot, e);
    return section;
  }
  if (subject.startsWith('APP-')) section.append(h('p', {}, h('a', { href: `#/applications/${encodeURIComponent(subject)}` }, t('adm.audit.openApplication'))));
  if (trail.entries.length === 0) {
    section.append(h('p', { class: 'alert warn' }, t('adm.audit.empty')));
    return section;
  }
  section.append(
    h('p', { class: 'muted' }, t('adm.audit.count', { n: trail.entries.length })),
    table([t('adm.audit.at'), t('adm.audit.actor'), t('adm.audit.action'), t('adm.audit.detail'), t('adm.audit.correlation')],
      trail.entries.map(e => [instant(e.at), e.actorName ? [e.actorName, h('br'), h('span', { class: 'muted' }, e.actor)] : e.actor, t(`term.audit.${e.action}`), pick(e.detailJa, e.detailEn) || e.detail || '—', e.correlationId ? h('code', {}, e.correlationId) : '—'])));
  return section;
}

/** Applications to pick a subject from, one status at a time if chosen (each status is one read for the API). */
async function applicationPicker(status) {
  const [applications, programs] = await Promise.all([
    api('GET', status ? `/api/applications?status=${encodeURIComponent(status)}` : '/api/applications'),
    api('GET', '/api/programs'),
  ]);
  // Every program shares the standard states; their labels come from the programs, as the API defines them.
  const states = programs[0]?.states.states ?? [];
  const label = s => {
    const state = states.find(x => x.status === s);
    return state ? pick(state.labelJa, state.labelEn) : s;
  };
  const select = h('select', { name: 'status' },
    h('option', { value: '', selected: !status }, t('adm.audit.allStatuses')),
    states.map(s => h('option', { value: s.status, selected: s.status === status }, pick(s.labelJa, s.labelEn))));
  const filter = h('form', { class: 'actions' }, field(t('adm.audit.status'), select, { inline: true }), h('button', { type: 'submit', class: 'secondary' }, t('adm.audit.filter')));
  filter.addEventListener('submit', e => {
    e.preventDefault();
    go(`/audit${select.value ? `?status=${encodeURIComponent(select.value)}` : ''}`);
  });

  const newest = [...applications].reverse();
  return h('section', { 'aria-labelledby': 'pick-title' },
    h('h2', { id: 'pick-title' }, t('adm.audit.pick')),
    filter,
    newest.length === 0
      ? h('p', {}, t('adm.audit.noApplications'))
      : [h('p', { class: 'muted' }, t('adm.audit.applications', { n: newest.length })),
        table([t('adm.audit.application'), t('adm.audit.paper'), t('adm.audit.applicant'), t('adm.callState'), t('adm.audit.submitted')],
          newest.map(a => [
            h('a', { href: `#/audit?subject=${encodeURIComponent(a.id)}${status ? `&status=${encodeURIComponent(status)}` : ''}`, 'aria-label': t('adm.audit.view', { id: a.id }) }, a.id),
            a.paper?.title || '—',
            a.applicantName ?? a.applicantId,
            label(a.status),
            dateTime(a.submittedAt),
          ]))]);
}
