// The year's reconciliation: each fund's allocation, reserved and paid money against its payouts, each batch's count
// and total against its contents, and the approved payouts waiting too long for a batch.
import { api, dateTime, field, go, h, hasRole, nav, pick, route, strings, t, table, yen } from './core.js';
import { batchLink, day, facts, fundCell, japanToday, purposeCell, statusBadge } from './finance-common.js';

strings({
  ja: {
    'fin.nav.reconciliation': '消込',
    'fin.rec.title': '消込(年度の照合)',
    'fin.rec.lead': '経費ごとの配分・確保・支払を支払データと照合し、バッチの件数と合計を中身と照合します。',
    'fin.rec.year': '年度',
    'fin.rec.yearOption': '{year}年度({year}年4月〜{next}年3月)',
    'fin.rec.older': 'バッチ待ちとして表示する日数',
    'fin.rec.olderHint': 'この日数以上バッチを待っている承認済みの支払を一覧にします。',
    'fin.rec.show': '表示',
    'fin.rec.asOf': '{at} 時点',
    'fin.rec.balanced': '一致',
    'fin.rec.unbalanced': '不一致',
    'fin.rec.allBalanced': 'すべての経費とバッチが一致しています。',
    'fin.rec.notBalanced': '一致しない項目があります。下に差異を示しています。',
    'fin.rec.funds': '経費ごと',
    'fin.rec.fundsEmpty': 'この年度の予算と支払はありません。',
    'fin.rec.allocation': '配分額',
    'fin.rec.reserved': '確保済み',
    'fin.rec.paid': '支払済み',
    'fin.rec.remaining': '残額',
    'fin.rec.outstanding': '未払の支払',
    'fin.rec.beyond': '今後の月の確保',
    'fin.rec.payoutsPaid': '支払済みの支払',
    'fin.rec.cancelled': '取消',
    'fin.rec.check': '照合',
    'fin.rec.budget': '予算',
    'fin.rec.payouts': '支払({n}件)',
    'fin.rec.differences': '差異',
    'fin.rec.batches': 'バッチごと',
    'fin.rec.batchesEmpty': 'この年度の支払を含むバッチはありません。',
    'fin.rec.batchRow': '{count}件 {total}',
    'fin.rec.contents': '中身',
    'fin.rec.returned': '組戻し',
    'fin.rec.unbatched': '{days}日以上バッチを待っている支払',
    'fin.rec.unbatchedEmpty': '{days}日以上待っている支払はありません。',
    'fin.rec.days': '{n}日',
    'fin.rec.lastReturn': '直近の組戻し理由',
  },
  en: {
    'fin.nav.reconciliation': 'Reconciliation',
    'fin.rec.title': 'Reconciliation',
    'fin.rec.lead': 'Each fund’s allocation, reserved and paid money against its payouts, and each batch’s count and total against its contents.',
    'fin.rec.year': 'Fiscal year',
    'fin.rec.yearOption': 'FY{year} (April {year} – March {next})',
    'fin.rec.older': 'Days waiting for a batch',
    'fin.rec.olderHint': 'Lists approved payouts that have waited for a batch at least this long.',
    'fin.rec.show': 'Show',
    'fin.rec.asOf': 'As of {at}',
    'fin.rec.balanced': 'Balanced',
    'fin.rec.unbalanced': 'Not balanced',
    'fin.rec.allBalanced': 'Every fund and batch balances.',
    'fin.rec.notBalanced': 'Something does not balance. Each difference is listed below.',
    'fin.rec.funds': 'Funds',
    'fin.rec.fundsEmpty': 'No budget or payout in this fiscal year.',
    'fin.rec.allocation': 'Allocation',
    'fin.rec.reserved': 'Reserved',
    'fin.rec.paid': 'Paid',
    'fin.rec.remaining': 'Remaining',
    'fin.rec.outstanding': 'Payouts to pay',
    'fin.rec.beyond': 'Reserved for later months',
    'fin.rec.payoutsPaid': 'Paid payouts',
    'fin.rec.cancelled': 'Cancelled',
    'fin.rec.check': 'Check',
    'fin.rec.budget': 'Budget',
    'fin.rec.payouts': 'Payouts ({n})',
    'fin.rec.differences': 'Differences',
    'fin.rec.batches': 'Batches',
    'fin.rec.batchesEmpty': 'No batch holds a payout of this fiscal year.',
    'fin.rec.batchRow': '{count} · {total}',
    'fin.rec.contents': 'Contents',
    'fin.rec.returned': 'Returned',
    'fin.rec.unbatched': 'Payouts waiting {days} days or more for a batch',
    'fin.rec.unbatchedEmpty': 'No payout has waited {days} days or more.',
    'fin.rec.days': '{n} days',
    'fin.rec.lastReturn': 'Last return reason',
  },
});

nav('#/reconciliation', () => t('fin.nav.reconciliation'), ['finance', 'director', 'admin'], 30);
route('/reconciliation', reconciliationScreen);

/** The fiscal year (年度) a Japanese calendar date falls in: April to March, named by the year it starts. */
const fiscalYearOf = isoDate => (Number(isoDate.slice(5, 7)) >= 4 ? Number(isoDate.slice(0, 4)) : Number(isoDate.slice(0, 4)) - 1);

async function reconciliationScreen(_, query) {
  const thisYear = fiscalYearOf(japanToday());
  const year = Number(query.get('fiscalYear')) || thisYear;
  const olderThanDays = query.get('olderThanDays') ?? '14';
  const report = await api('GET', `/api/reports/reconciliation?fiscalYear=${year}&olderThanDays=${encodeURIComponent(olderThanDays)}`);

  const years = [...new Set([thisYear + 1, thisYear, thisYear - 1, thisYear - 2, thisYear - 3, year])].sort((a, b) => b - a);
  const yearSelect = h('select', { name: 'fiscalYear' }, years.map(y => h('option', { value: String(y), selected: y === year }, t('fin.rec.yearOption', { year: y, next: y + 1 }))));
  const older = h('input', { type: 'number', name: 'olderThanDays', min: '0', max: '3650', step: '1', value: olderThanDays, inputmode: 'numeric' });
  const chooser = h('form', { class: 'card' },
    h('div', { class: 'grid' },
      field(t('fin.rec.year'), yearSelect),
      field(t('fin.rec.older'), older, { hint: t('fin.rec.olderHint') })),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('fin.rec.show'))));
  chooser.addEventListener('submit', e => {
    e.preventDefault();
    go(`/reconciliation?fiscalYear=${yearSelect.value}&olderThanDays=${encodeURIComponent(older.value || '14')}`);
  });

  const check = balanced => h('span', { class: balanced ? 'badge ok' : 'badge bad' }, balanced ? `✓ ${t('fin.rec.balanced')}` : `✗ ${t('fin.rec.unbalanced')}`);
  const batchCell = id => (hasRole('finance') ? batchLink(id) : id);
  // A waiting payout names its fund as the report's funds do.
  const fundsById = new Map(report.funds.map(f => [f.fundId, f]));

  return h('section', {},
    h('h1', {}, t('fin.rec.title')),
    h('p', {}, t('fin.rec.lead')),
    chooser,
    h('p', { class: report.balanced ? 'alert ok' : 'alert' },
      check(report.balanced), ' ', report.balanced ? t('fin.rec.allBalanced') : t('fin.rec.notBalanced'), ' ',
      h('span', { class: 'muted' }, t('fin.rec.asOf', { at: dateTime(report.asOf) }))),

    h('h2', {}, t('fin.rec.funds')),
    report.funds.length === 0
      ? h('p', {}, t('fin.rec.fundsEmpty'))
      : h('div', { class: 'grid' }, report.funds.map(f => fundCard(f, check))),

    h('h2', {}, t('fin.rec.batches')),
    report.batches.length === 0
      ? h('p', {}, t('fin.rec.batchesEmpty'))
      : table(
        [t('fin.batch'), t('fin.status'), t('fin.paidOn'), t('fin.count'), t('fin.total'), t('fin.rec.contents'), t('fin.rec.returned'), t('fin.rec.check')],
        report.batches.map(b => [
          batchCell(b.batchId), statusBadge(b.status, 'batch'), day(b.paidOn), String(b.count), yen(b.total),
          t('fin.rec.batchRow', { count: b.itemCount, total: yen(b.itemTotal) }),
          b.returnedCount ? t('fin.rec.batchRow', { count: b.returnedCount, total: yen(b.returnedTotal) }) : '—',
          check(b.balanced),
        ]),
        { numeric: [3, 4, 5, 6] }),

    h('h2', {}, t('fin.rec.unbatched', { days: report.olderThanDays })),
    report.unbatched.length === 0
      ? h('p', {}, t('fin.rec.unbatchedEmpty', { days: report.olderThanDays }))
      : table(
        [t('fin.purpose'), t('fin.payee'), t('fin.fund'), t('fin.amount'), t('fin.waiting'), t('fin.rec.lastReturn')],
        report.unbatched.map(w => [purposeCell(w, w.payoutId), w.payeeName ?? w.payeeId, fundCell({ ...fundsById.get(w.fundId), ...w }), yen(w.amount),
          [h('span', { class: 'badge warn' }, t('fin.rec.days', { n: w.daysWaiting })), ' ', dateTime(w.waitingSince)], w.lastReturnReason ?? '—']),
        { numeric: [3] }));
}

/** One fund's budget against its payouts, with check(balanced) as its badge and any differences listed. */
function fundCard(f, check) {
  return h('article', { class: 'card', 'aria-labelledby': `fund-${f.fundId}` },
    h('h3', { id: `fund-${f.fundId}` }, `${pick(f.fundNameJa, f.fundNameEn) || f.fundId} (${f.budgetCode ?? f.fundId})`),
    h('p', {}, check(f.balanced)),
    h('h4', {}, t('fin.rec.budget')),
    facts([
      [t('fin.rec.allocation'), yen(f.allocation)],
      [t('fin.rec.reserved'), yen(f.reserved)],
      [t('fin.rec.paid'), yen(f.paid)],
      [t('fin.rec.remaining'), yen(f.remaining)],
    ]),
    h('h4', {}, t('fin.rec.payouts', { n: f.payoutCount })),
    facts([
      [t('fin.rec.outstanding'), yen(f.payoutsOutstanding)],
      [t('fin.rec.beyond'), yen(f.reservedBeyondPayouts)],
      [t('fin.rec.payoutsPaid'), yen(f.payoutsPaid)],
      [t('fin.rec.cancelled'), yen(f.payoutsCancelled)],
    ]),
    f.differences.length ? [h('h4', {}, t('fin.rec.differences')), h('ul', {}, f.differences.map(d => h('li', {}, d)))] : null);
}
