// Finance's approved payouts: the list waiting for a batch (each may be cancelled, with a reason), and a new batch
// made of every one whose payee has a bank account.
import { act, api, field, h, lang, messageSlot, nav, newKey, route, showOk, since, strings, t, table, yen } from './core.js';
import { fundCell, japanDatePlus, japanToday, lastReturn, payee, purposeCell, reasonPanel, settle, statusBadge } from './finance-common.js';

strings({
  ja: {
    'fin.nav.payouts': '支払',
    'fin.payouts.title': '承認済みの支払',
    'fin.payouts.lead': '支払バッチを作ると、口座が登録済みの受取人への承認済みの支払がすべて入ります。口座が未登録の受取人の支払は次のバッチまで残ります。',
    'fin.payouts.summary': '{n}件 合計 {total}',
    'fin.payouts.empty': 'バッチを待っている承認済みの支払はありません。',
    'fin.create.title': '支払バッチを作成',
    'fin.create.date': '振込指定日',
    'fin.create.dateHint': '全銀ファイルのヘッダーに書く日付です。今日から60日先まで。空欄なら作成日になります。',
    'fin.create.button': '支払バッチを作成',
    'fin.create.running': '支払バッチを作成しています…',
    'fin.create.done': '支払バッチ {id} を作成しました:{count}件、合計 {total}。次に全銀ファイルをダウンロードして銀行に送ってください。',
    'fin.create.open': 'バッチを開く',
    'fin.create.left': '{n}件は受取人の口座が未登録のため残りました({names})。口座が登録されたら次のバッチに入ります。',
    'fin.cancel.button': '取り消す…',
    'fin.cancel.title': '支払 {id} を取り消す',
    'fin.cancel.lead': '{payee} への {amount} を取り消し、確保していた予算を経費に戻します。元に戻せません。',
    'fin.cancel.reason': '取消の理由',
    'fin.cancel.confirm': '取り消しを確定',
    'fin.cancel.done': '支払 {id} を取り消しました。{amount} を予算に戻しました。',
  },
  en: {
    'fin.nav.payouts': 'Payouts',
    'fin.payouts.title': 'Approved payouts',
    'fin.payouts.lead': 'A new batch takes every approved payout whose payee has a bank account. Payouts to payees without one stay here for the next batch.',
    'fin.payouts.summary': 'Waiting: {n}, {total} in total',
    'fin.payouts.empty': 'No approved payout is waiting for a batch.',
    'fin.create.title': 'Create a payout batch',
    'fin.create.date': 'Transfer date',
    'fin.create.dateHint': 'The date written in the Zengin file’s header, from today up to 60 days ahead. Leave empty for the creation date.',
    'fin.create.button': 'Create batch',
    'fin.create.running': 'Creating the batch…',
    'fin.create.done': 'Created batch {id}: payouts {count}, {total} in total. Next, download its Zengin file for the bank.',
    'fin.create.open': 'Open the batch',
    'fin.create.left': 'Left out because the payee has no bank account yet: {n} ({names}). They go into the next batch once the account is entered.',
    'fin.cancel.button': 'Cancel…',
    'fin.cancel.title': 'Cancel payout {id}',
    'fin.cancel.lead': 'Cancels {amount} to {payee} and gives the reserved money back to the fund. This cannot be undone.',
    'fin.cancel.reason': 'Reason for cancelling',
    'fin.cancel.confirm': 'Confirm cancellation',
    'fin.cancel.done': 'Cancelled payout {id}. {amount} went back to the fund.',
  },
});

nav('#/payouts', () => t('fin.nav.payouts'), ['finance'], 10);
route('/payouts', payoutsScreen);

async function payoutsScreen() {
  const slot = messageSlot();
  const list = h('div', {});
  const panel = h('div', {});

  async function load() {
    const payouts = await api('GET', '/api/payouts?status=approved');
    panel.replaceChildren();
    if (payouts.length === 0) {
      list.replaceChildren(h('p', {}, t('fin.payouts.empty')));
      return payouts;
    }
    const total = payouts.reduce((sum, p) => sum + p.amount, 0);
    list.replaceChildren(
      h('p', {}, h('strong', {}, t('fin.payouts.summary', { n: payouts.length, total: yen(total) }))),
      table(
        [t('fin.purpose'), t('fin.payee'), t('fin.fund'), t('fin.fiscalYear'), t('fin.amount'), t('fin.waiting'), t('fin.note'), t('fin.actions')],
        payouts.map(p => [
          purposeCell(p),
          payee(p),
          fundCell(p),
          String(p.fiscalYear),
          yen(p.amount),
          since(p.waitingSince),
          lastReturn(p) ? [statusBadge('returned'), ' ', t('fin.returnedNote', { batch: lastReturn(p).batchId, reason: lastReturn(p).reason })] : '',
          h('button', { type: 'button', class: 'secondary', onclick: () => askCancel(p) }, t('fin.cancel.button')),
        ]),
        { numeric: [4] }));
    return payouts;
  }

  function askCancel(p) {
    reasonPanel(panel, p, 'fin.cancel', {
      send: reason => api('POST', `/api/payouts/${encodeURIComponent(p.id)}/cancel`, { json: { reason } }),
      done: async () => {
        await load();
        showOk(slot, t('fin.cancel.done', { id: p.id, amount: yen(p.amount) }));
        slot.querySelector('.alert').setAttribute('tabindex', '-1');
        slot.querySelector('.alert').focus();
      },
    });
  }

  const form = batchForm(slot, load);

  await load();
  return h('section', {},
    h('h1', {}, t('fin.payouts.title')),
    h('p', {}, t('fin.payouts.lead')),
    slot,
    form,
    list,
    panel);
}

/** The form that makes a batch of every approved payout whose payee has an account; load reads what is left. */
function batchForm(slot, load) {
  let key = newKey();
  const transferDate = h('input', { type: 'date', name: 'transferDate', min: japanToday(), max: japanDatePlus(60) });
  const create = h('button', { type: 'submit' }, t('fin.create.button'));
  const form = h('form', { class: 'card' },
    h('h2', {}, t('fin.create.title')),
    field(t('fin.create.date'), transferDate, { hint: t('fin.create.dateHint') }),
    h('div', { class: 'actions' }, create));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    slot.replaceChildren(h('p', { class: 'alert warn', role: 'status' }, t('fin.create.running')));
    const batch = await act(create, slot, async () => settle(await api('POST', '/api/payout-batches', { key, json: transferDate.value ? { transferDate: transferDate.value } : {} })), form);
    if (!batch) return;
    // The key belongs to this one batch: a retry of the same click returns it, the next click makes a new batch.
    key = newKey();
    const left = await load();
    showOk(slot, t('fin.create.done', { id: batch.id, count: batch.count, total: yen(batch.total) }));
    const alert = slot.querySelector('.alert');
    alert.append(h('p', {}, h('a', { href: `#/batches/${encodeURIComponent(batch.id)}` }, t('fin.create.open'))));
    if (left.length) {
      alert.append(h('p', {}, t('fin.create.left', { n: left.length, names: [...new Set(left.map(p => p.payeeName))].join(lang === 'ja' ? '、' : ', ') })));
    }
    alert.setAttribute('tabindex', '-1');
    alert.focus();
  });
  return form;
}
