// The applicant's payouts: each with what it is for (linked to its application), amount and where it stands, the totals paid and waiting, and a
// warning when no bank account is registered to pay them into.
import { api, ApiError, date, h, nav, route, session, strings, t, table, yen } from './core.js';
import { applicationHref, day } from './applicant-common.js';

strings({
  ja: {
    'app.nav.payouts': '支払',
    'app.pay.title': 'あなたへの支払',
    'app.pay.lead': '採択された申請の支払です。研究所がまとめて振り込みます。',
    'app.pay.empty': 'まだ支払はありません。',
    'app.pay.application': '用途',
    'app.pay.amount': '金額',
    'app.pay.status': '状態',
    'app.pay.created': '作成',
    'app.pay.paidOn': '振込日',
    'app.pay.note': '備考',
    'app.pay.month': '{n} か月目',
    'app.pay.returned': '銀行から返却されました({reason})。次の振込で送り直します。',
    'app.pay.cancelled': '取消: {reason}',
    'app.pay.totalPaid': '振込済みの合計: {amount}',
    'app.pay.totalWaiting': '振込待ちの合計: {amount}',
    'app.pay.noAccount': '振込口座が登録されていないため、振り込めません。',
    'app.pay.addAccount': '振込口座を登録する',
  },
  en: {
    'app.nav.payouts': 'Payouts',
    'app.pay.title': 'Your payouts',
    'app.pay.lead': 'Payouts of your approved applications. The institute transfers them in batches.',
    'app.pay.empty': 'No payouts yet.',
    'app.pay.application': 'Purpose',
    'app.pay.amount': 'Amount',
    'app.pay.status': 'Status',
    'app.pay.created': 'Created',
    'app.pay.paidOn': 'Transferred on',
    'app.pay.note': 'Note',
    'app.pay.month': 'month {n}',
    'app.pay.returned': 'Returned by the bank ({reason}); it will be sent again in the next transfer.',
    'app.pay.cancelled': 'Cancelled: {reason}',
    'app.pay.totalPaid': 'Transferred in total: {amount}',
    'app.pay.totalWaiting': 'Waiting to be transferred: {amount}',
    'app.pay.noAccount': 'You have no bank account registered, so nothing can be transferred to you.',
    'app.pay.addAccount': 'Register a bank account',
  },
});

nav('#/payouts/mine', () => t('app.nav.payouts'), ['applicant'], 30);
route('/payouts/mine', payoutsScreen);

async function payoutsScreen() {
  const me = session.me?.id;
  const [payouts, account] = await Promise.all([
    api('GET', '/api/payouts'),
    bankAccountOf(me),
  ]);
  const mine = payouts.filter(p => p.payeeId === me).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const sum = list => list.reduce((total, p) => total + p.amount, 0);
  const waiting = mine.filter(p => ['approved', 'batched', 'exported'].includes(p.status));
  const note = p => {
    const last = p.returns?.at(-1);
    if (p.status === 'cancelled') return t('app.pay.cancelled', { reason: p.cancelReason ?? '—' });
    if (last && p.status === 'approved') return t('app.pay.returned', { reason: last.reason });
    return '—';
  };
  const month = p => /-M(\d+)$/.exec(p.id)?.[1];
  return h('section', {},
    h('h1', {}, t('app.pay.title')),
    h('p', {}, t('app.pay.lead')),
    account === null
      ? h('div', { class: 'alert warn' }, h('p', {}, t('app.pay.noAccount')), h('p', {}, h('a', { href: '#/bank-account' }, t('app.pay.addAccount'))))
      : null,
    mine.length === 0
      ? h('p', {}, t('app.pay.empty'))
      : [
        h('p', {}, t('app.pay.totalPaid', { amount: yen(sum(mine.filter(p => p.status === 'paid'))) }), h('br'), t('app.pay.totalWaiting', { amount: yen(sum(waiting)) })),
        table([t('app.pay.application'), t('app.pay.amount'), t('app.pay.status'), t('app.pay.created'), t('app.pay.paidOn'), t('app.pay.note')],
          mine.map(p => [
            [h('a', { href: applicationHref(p.applicationId) }, p.purpose ?? p.applicationId), month(p) ? ` (${t('app.pay.month', { n: Number(month(p)) })})` : null],
            yen(p.amount),
            h('span', { class: p.status === 'paid' ? 'badge ok' : p.status === 'cancelled' ? 'badge bad' : 'badge' }, t('term.payout.' + p.status)),
            date(p.createdAt),
            day(p.paidOn),
            note(p),
          ]), { numeric: [1] }),
      ]);
}

/** The person's bank account, or null when none is registered yet. */
export async function bankAccountOf(personId) {
  try {
    return await api('GET', `/api/people/${encodeURIComponent(personId)}/bank-account`);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  }
}
