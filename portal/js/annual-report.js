// The annual report (年度報告) for staff: for a range of fiscal years, each program's applications received, approved
// and paid and the yen granted and paid by expense kind — the table the institute's own report quotes — and its CSV.
import { api, ApiError, field, go, h, lang, messageSlot, nav, pick, route, showError, strings, t, table, yen } from './core.js';

strings({
  ja: {
    'ann.nav': '年度報告',
    'ann.title': '年度報告',
    'ann.lead': 'プログラムごとの受付・採択・支払の件数と、経費区分ごとの採択額・支払額です。申請は(最後に)提出した年度に、支払額は支払が計上される年度に数えます。',
    'ann.from': '開始年度',
    'ann.to': '終了年度',
    'ann.rangeHint': '最長10年度まで',
    'ann.yearOption': '{year}年度',
    'ann.show': '表示',
    'ann.download': 'CSV をダウンロード({from}〜{to}年度)',
    'ann.year': '{year}年度({year}年4月〜{next}年3月)',
    'ann.programs': '{year}年度 プログラム別',
    'ann.kinds': '{year}年度 経費区分別',
    'ann.program': 'プログラム',
    'ann.kind': '経費区分',
    'ann.received': '受付件数',
    'ann.approved': '採択件数',
    'ann.paid': '支払件数',
    'ann.granted': '採択額',
    'ann.paidAmount': '支払額',
    'ann.total': '計',
    'ann.nothing': 'この年度に受け付けた申請も支払もありません。',
  },
  en: {
    'ann.nav': 'Annual report',
    'ann.title': 'Annual report',
    'ann.lead': 'Per program, how many applications were received, approved and paid, and the yen granted and paid by expense kind. An application counts in the fiscal year it was (last) submitted in; money paid counts in the fiscal year its payout is charged to.',
    'ann.from': 'From fiscal year',
    'ann.to': 'To fiscal year',
    'ann.rangeHint': 'At most 10 fiscal years',
    'ann.yearOption': 'FY{year}',
    'ann.show': 'Show',
    'ann.download': 'Download CSV (FY{from}–FY{to})',
    'ann.year': 'FY{year} (April {year} to March {next})',
    'ann.programs': 'FY{year} by program',
    'ann.kinds': 'FY{year} by expense kind',
    'ann.program': 'Program',
    'ann.kind': 'Expense kind',
    'ann.received': 'Received',
    'ann.approved': 'Approved',
    'ann.paid': 'Paid',
    'ann.granted': 'Granted',
    'ann.paidAmount': 'Paid amount',
    'ann.total': 'Total',
    'ann.nothing': 'Nothing was received or paid in this fiscal year.',
  },
});

nav('#/annual-report', () => t('ann.nav'), ['director', 'approver', 'delegate', 'finance', 'admin'], 60);
route('/annual-report', annualReportScreen);

/** The fiscal year (April to March) of today in Japan. */
function thisFiscalYear() {
  const [year, month] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(new Date()).split('-').map(Number);
  return month >= 4 ? year : year - 1;
}

async function annualReportScreen(_, query) {
  const thisYear = thisFiscalYear();
  const to = Number(query.get('to')) || thisYear;
  const from = Number(query.get('from')) || to - 2;
  const years = [...new Set([...Array(12).keys()].map(i => thisYear + 1 - i).concat([from, to]))].sort((a, b) => b - a);
  const select = (name, chosen) => h('select', { name }, years.map(y => h('option', { value: String(y), selected: y === chosen }, t('ann.yearOption', { year: y }))));
  const fromSelect = select('from', from);
  const toSelect = select('to', to);
  const chooser = h('form', { class: 'card' },
    h('div', { class: 'grid' },
      field(t('ann.from'), fromSelect, { hint: t('ann.rangeHint') }),
      field(t('ann.to'), toSelect)),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('ann.show'))));
  chooser.addEventListener('submit', e => {
    e.preventDefault();
    go(`/annual-report?from=${fromSelect.value}&to=${toSelect.value}`);
  });

  const slot = messageSlot();
  const view = h('section', {}, h('h1', {}, t('ann.title')), h('p', {}, t('ann.lead')), chooser, slot);
  let report;
  try {
    report = await api('GET', `/api/reports/annual?from=${from}&to=${to}`);
  } catch (e) {
    // A range the API refuses (backwards, too long) is explained under the picker, which stays to correct it.
    if (!(e instanceof ApiError)) throw e;
    showError(slot, e, chooser);
    return view;
  }

  const csv = `/api/reports/annual?from=${report.from}&to=${report.to}&format=csv&lang=${lang}`;
  view.append(
    h('p', {}, h('a', { class: 'button', href: csv, download: `annual-report-FY${report.from}-FY${report.to}.csv` }, t('ann.download', { from: report.from, to: report.to }))),
    ...report.years.map(yearSection));
  return view;
}

function yearSection(year) {
  const headingId = `fy-${year.fiscalYear}`;
  const active = year.programs.some(p => p.received || p.paid || p.granted || p.paidAmount);
  return h('section', { 'aria-labelledby': headingId },
    h('h2', { id: headingId }, t('ann.year', { year: year.fiscalYear, next: year.fiscalYear + 1 })),
    active ? null : h('p', { class: 'muted' }, t('ann.nothing')),
    table(
      [t('ann.program'), t('ann.received'), t('ann.approved'), t('ann.paid'), t('ann.granted'), t('ann.paidAmount')],
      year.programs.map(p => [pick(p.programNameJa, p.programNameEn), String(p.received), String(p.approved), String(p.paid), yen(p.granted), yen(p.paidAmount)])
        .concat([[t('ann.total'),
          String(sum(year.programs, 'received')), String(sum(year.programs, 'approved')), String(sum(year.programs, 'paid')),
          yen(sum(year.programs, 'granted')), yen(sum(year.programs, 'paidAmount'))]]),
      { caption: t('ann.programs', { year: year.fiscalYear }), numeric: [1, 2, 3, 4, 5] }),
    table(
      [t('ann.program'), t('ann.kind'), t('ann.granted'), t('ann.paidAmount')],
      year.programs.flatMap(p => p.kinds.map(k => [pick(p.programNameJa, p.programNameEn), t('term.kind.' + k.kind), yen(k.granted), yen(k.paid)])),
      { caption: t('ann.kinds', { year: year.fiscalYear }), numeric: [2, 3] }));
}

const sum = (rows, key) => rows.reduce((total, row) => total + row[key], 0);
