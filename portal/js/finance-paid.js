// Recording a batch as paid: the date the bank transferred the money, then a confirmation that says what will happen
// (every exported payout paid, and who is mailed) and warns when the date is before the transfer date asked for.
import { act, api, field, h, messageSlot, strings, t, yen } from './core.js';
import { day, japanToday, settle, statusBadge } from './finance-common.js';

strings({
  ja: {
    'fin.paid.title': '支払済みを記録',
    'fin.paid.lead': '銀行が振り込んだ日を入力してください。出力済みの支払がすべて支払済みになり、予算が「確保済み」から「支払済み」に移り、受取人にメールが届きます。',
    'fin.paid.notYet': 'まだファイルを出力していません。先に全銀ファイルをダウンロードして銀行に送ってください。',
    'fin.paid.date': '振込日',
    'fin.paid.button': '支払済みにする',
    'fin.paid.done': '{id} を {date} に支払済みとして記録しました。',
    'fin.paid.already': 'このバッチは {date} に支払済みです。',
    'fin.paid.confirmTitle': '支払済みとして記録しますか',
    'fin.paid.confirmLead': '{id} の {count}件({total})を {date} に支払済みとして記録します。元に戻せません。',
    'fin.paid.early': '注意: {date} は依頼した振込指定日 {requested} より前です。銀行が実際に振り込んだ日か確認してください。',
    'fin.paid.mailed': '次の受取人に振込完了のメールが届きます: {names}',
    'fin.paid.yes': 'はい、支払済みとして記録する',
    'fin.paid.no': 'やめる',
    'fin.paid.sep': '、',
  },
  en: {
    'fin.paid.title': 'Record as paid',
    'fin.paid.lead': 'Enter the date the bank transferred the money. Every exported payout becomes paid, the money moves from reserved to paid, and payees are mailed.',
    'fin.paid.notYet': 'Nothing has been exported yet. Download the Zengin file and send it to the bank first.',
    'fin.paid.date': 'Transfer date',
    'fin.paid.button': 'Mark paid',
    'fin.paid.done': 'Recorded {id} as paid on {date}.',
    'fin.paid.already': 'This batch was paid on {date}.',
    'fin.paid.confirmTitle': 'Record the batch as paid?',
    'fin.paid.confirmLead': 'Payouts recorded as paid on {date}: {count} of {id}, {total} in total. This cannot be undone.',
    'fin.paid.early': 'Note: {date} is before the transfer date asked of the bank, {requested}. Check that this is the day the bank transferred the money.',
    'fin.paid.mailed': 'These payees are mailed that the money was transferred: {names}',
    'fin.paid.yes': 'Yes, record as paid',
    'fin.paid.no': 'Cancel',
    'fin.paid.sep': ', ',
  },
});

/**
 * The "record as paid" part of a batch's page. payouts are the batch's payouts as they are now (those exported become
 * paid); paid(batch) runs once the server has recorded it.
 */
export function paidForm(batch, payouts, url, paid) {
  const heading = h('h2', { id: 'paid-title' }, t('fin.paid.title'));
  if (batch.status === 'paid') return [heading, h('p', {}, statusBadge('paid'), ' ', t('fin.paid.already', { date: day(batch.paidOn) }))];
  if (batch.status === 'created') return [heading, h('p', { class: 'alert warn' }, t('fin.paid.notYet'))];
  const today = japanToday();
  const created = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(new Date(batch.createdAt));
  const input = h('input', { type: 'date', name: 'transferDate', required: true, min: created, max: today, value: batch.transferDate && batch.transferDate <= today ? batch.transferDate : today });
  const button = h('button', { type: 'submit' }, t('fin.paid.button'));
  const local = messageSlot();
  const confirmBox = h('div', {});
  const form = h('form', {}, local, field(t('fin.paid.date'), input), h('div', { class: 'actions' }, button), confirmBox);
  const close = () => {
    confirmBox.replaceChildren();
    button.hidden = false;
    button.focus();
  };
  form.addEventListener('submit', e => {
    e.preventDefault();
    if (!input.value) {
      input.focus();
      return;
    }
    const exported = payouts.filter(p => p.batchId === batch.id && p.status === 'exported');
    const yes = h('button', { type: 'button' }, t('fin.paid.yes'));
    const box = h('div', { class: 'alert warn', role: 'group', 'aria-labelledby': 'paid-confirm-title', tabindex: '-1' },
      h('h3', { id: 'paid-confirm-title' }, t('fin.paid.confirmTitle')),
      h('p', {}, t('fin.paid.confirmLead', { id: batch.id, count: exported.length, total: yen(exported.reduce((sum, p) => sum + p.amount, 0)), date: day(input.value) })),
      batch.transferDate && input.value < batch.transferDate
        ? h('p', {}, h('strong', {}, t('fin.paid.early', { date: day(input.value), requested: day(batch.transferDate) })))
        : null,
      h('p', {}, t('fin.paid.mailed', { names: [...new Set(exported.map(p => p.payeeName))].join(t('fin.paid.sep')) })),
      h('div', { class: 'actions' }, yes, h('button', { type: 'button', class: 'secondary', onclick: close }, t('fin.paid.no'))));
    yes.addEventListener('click', async () => {
      const recorded = await act(yes, local, async () => settle(await api('POST', `${url}/paid`, { json: { transferDate: input.value } })), form);
      if (recorded) await paid(recorded);
    });
    button.hidden = true;
    confirmBox.replaceChildren(box);
    box.focus();
  });
  return [heading, h('p', {}, t('fin.paid.lead')), form];
}
