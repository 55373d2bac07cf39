// Finance's screens: approved payouts gathered into a batch, the batches with their bank, CSV and journal files, the
// bank's answer (paid, or a transfer returned), and the year's reconciliation that proves every yen is accounted for.
import { act, api, ApiError, date, dateTime, download, field, go, h, hasRole, lang, messageSlot, nav, newKey, pick, route, settle, showError, showOk, since, strings, t, table, yen } from './core.js';

strings({
  ja: {
    'fin.nav.payouts': '支払',
    'fin.nav.batches': '支払バッチ',
    'fin.nav.reconciliation': '消込',
    'fin.payouts.title': '承認済みの支払',
    'fin.payouts.lead': '支払バッチを作ると、口座が登録済みの受取人への承認済みの支払がすべて入ります。口座が未登録の受取人の支払は次のバッチまで残ります。',
    'fin.payouts.summary': '{n}件 合計 {total}',
    'fin.payouts.empty': 'バッチを待っている承認済みの支払はありません。',
    'fin.payout': '支払番号',
    'fin.application': '申請',
    'fin.payee': '受取人',
    'fin.fund': '経費(予算コード)',
    'fin.fiscalYear': '年度',
    'fin.amount': '金額',
    'fin.waiting': '待ち時間',
    'fin.status': '状態',
    'fin.note': '備考',
    'fin.actions': '操作',
    'fin.returnedNote': '組戻し({batch}):{reason}',
    'fin.cancelledNote': '取消:{reason}',
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
    'fin.panel.close': 'やめる',
    'fin.cancel.done': '支払 {id} を取り消しました。{amount} を予算に戻しました。',
    'fin.batches.title': '支払バッチ',
    'fin.batches.lead': '新しい順です。バッチを開くと、ファイルのダウンロード、支払済みの記録、組戻しの記録ができます。',
    'fin.batches.empty': 'まだ支払バッチはありません。',
    'fin.batches.toPayouts': '承認済みの支払からバッチを作る',
    'fin.batch': 'バッチ',
    'fin.createdAt': '作成日時',
    'fin.createdBy': '作成者',
    'fin.count': '件数',
    'fin.total': '合計',
    'fin.transferDate': '振込指定日',
    'fin.exportedAt': '出力日時',
    'fin.paidOn': '振込日',
    'fin.paidBy': '記録者',
    'fin.batch.title': '支払バッチ {id}',
    'fin.batch.back': '支払バッチの一覧へ',
    'fin.files.title': 'ファイル',
    'fin.files.lead': '最初のダウンロードでバッチとその支払は「出力済み」になります。何度ダウンロードしても同じ内容です。',
    'fin.files.csv': 'CSV(Excel 用)',
    'fin.files.zengin': '全銀ファイル(総合振込)',
    'fin.files.journal': '仕訳ファイル',
    'fin.files.done': '{name} を保存しました({size} バイト)。',
    'fin.files.zenginSettings': '振込依頼人(研究所)の設定「Zengin:…」が足りないか正しくありません。システム管理者にアプリ設定を直してもらい、もう一度ダウンロードしてください。何も出力されていません。',
    'fin.files.zenginPayees': '挙げられた支払の受取人の口座情報は全銀ファイルに書けません(名義は半角カナ・英大文字・数字のみ)。口座情報はバッチ作成時のもので固定されるため、受取人の口座を直したうえで、CSV を出力してからその支払の組戻しを記録すると、次のバッチに入ります。',
    'fin.paid.title': '支払済みを記録',
    'fin.paid.lead': '銀行が振り込んだ日を入力してください。出力済みの支払がすべて支払済みになり、予算が「確保済み」から「支払済み」に移り、受取人にメールが届きます。',
    'fin.paid.notYet': 'まだファイルを出力していません。先に全銀ファイルをダウンロードして銀行に送ってください。',
    'fin.paid.date': '振込日',
    'fin.paid.button': '支払済みにする',
    'fin.paid.done': '{id} を {date} に支払済みとして記録しました。',
    'fin.paid.already': 'このバッチは {date} に支払済みです。',
    'fin.items.title': 'このバッチの支払',
    'fin.items.empty': 'このバッチの支払が見つかりません。',
    'fin.return.button': '組戻しを記録…',
    'fin.return.title': '支払 {id} の組戻しを記録',
    'fin.return.lead': '銀行が {payee} への {amount} を返却した場合に記録します。支払は「承認済み」に戻り、次のバッチに入ります。受取人には口座の確認を求めるメールが届きます。',
    'fin.return.reason': '銀行の返却理由',
    'fin.return.confirm': '組戻しを記録',
    'fin.return.done': '支払 {id} の組戻しを記録しました。承認済みに戻りました。',
    'fin.status.approved': '承認済み', 'fin.status.batched': 'バッチ済み', 'fin.status.exported': '出力済み', 'fin.status.paid': '支払済み',
    'fin.status.cancelled': '取消', 'fin.status.created': '作成済み', 'fin.status.returned': '組戻し',
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
    'fin.nav.payouts': 'Payouts',
    'fin.nav.batches': 'Batches',
    'fin.nav.reconciliation': 'Reconciliation',
    'fin.payouts.title': 'Approved payouts',
    'fin.payouts.lead': 'A new batch takes every approved payout whose payee has a bank account. Payouts to payees without one stay here for the next batch.',
    'fin.payouts.summary': 'Waiting: {n}, {total} in total',
    'fin.payouts.empty': 'No approved payout is waiting for a batch.',
    'fin.payout': 'Payout',
    'fin.application': 'Application',
    'fin.payee': 'Payee',
    'fin.fund': 'Fund (budget code)',
    'fin.fiscalYear': 'Fiscal year',
    'fin.amount': 'Amount',
    'fin.waiting': 'Waiting',
    'fin.status': 'Status',
    'fin.note': 'Note',
    'fin.actions': 'Actions',
    'fin.returnedNote': 'Returned from {batch}: {reason}',
    'fin.cancelledNote': 'Cancelled: {reason}',
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
    'fin.panel.close': 'Go back',
    'fin.cancel.done': 'Cancelled payout {id}. {amount} went back to the fund.',
    'fin.batches.title': 'Payout batches',
    'fin.batches.lead': 'Newest first. Open a batch to download its files, record it paid, or record a transfer the bank returned.',
    'fin.batches.empty': 'There are no payout batches yet.',
    'fin.batches.toPayouts': 'Create a batch from the approved payouts',
    'fin.batch': 'Batch',
    'fin.createdAt': 'Created',
    'fin.createdBy': 'Created by',
    'fin.count': 'Payouts',
    'fin.total': 'Total',
    'fin.transferDate': 'Transfer date',
    'fin.exportedAt': 'Exported',
    'fin.paidOn': 'Paid on',
    'fin.paidBy': 'Recorded by',
    'fin.batch.title': 'Payout batch {id}',
    'fin.batch.back': 'All payout batches',
    'fin.files.title': 'Files',
    'fin.files.lead': 'The first download marks the batch and its payouts exported. Every download gives the same content.',
    'fin.files.csv': 'CSV (for Excel)',
    'fin.files.zengin': 'Zengin transfer file',
    'fin.files.journal': 'Accounting journal',
    'fin.files.done': 'Saved {name} ({size} bytes).',
    'fin.files.zenginSettings': 'The institute’s originator settings (“Zengin:…”) are missing or wrong. Ask whoever runs the system to correct the app settings, then download again. Nothing was exported.',
    'fin.files.zenginPayees': 'The bank accounts of the payouts listed cannot be written to a Zengin file (names in half-width katakana, capital letters and digits only). Accounts are frozen into a batch when it is created: correct the payee’s account, export the CSV, then record that payout as returned so that it goes into the next batch.',
    'fin.paid.title': 'Record as paid',
    'fin.paid.lead': 'Enter the date the bank transferred the money. Every exported payout becomes paid, the money moves from reserved to paid, and payees are mailed.',
    'fin.paid.notYet': 'Nothing has been exported yet. Download the Zengin file and send it to the bank first.',
    'fin.paid.date': 'Transfer date',
    'fin.paid.button': 'Mark paid',
    'fin.paid.done': 'Recorded {id} as paid on {date}.',
    'fin.paid.already': 'This batch was paid on {date}.',
    'fin.items.title': 'Payouts in this batch',
    'fin.items.empty': 'No payouts of this batch were found.',
    'fin.return.button': 'Record return…',
    'fin.return.title': 'Record that the bank returned payout {id}',
    'fin.return.lead': 'For {amount} to {payee} that the bank sent back. The payout becomes approved again and goes into the next batch; the payee is asked by mail to check their account.',
    'fin.return.reason': 'The bank’s reason',
    'fin.return.confirm': 'Record return',
    'fin.return.done': 'Recorded the return of payout {id}. It is approved again.',
    'fin.status.approved': 'Approved', 'fin.status.batched': 'Batched', 'fin.status.exported': 'Exported', 'fin.status.paid': 'Paid',
    'fin.status.cancelled': 'Cancelled', 'fin.status.created': 'Created', 'fin.status.returned': 'Returned',
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

nav('#/payouts', () => t('fin.nav.payouts'), ['finance'], 10);
nav('#/batches', () => t('fin.nav.batches'), ['finance'], 20);
nav('#/reconciliation', () => t('fin.nav.reconciliation'), ['finance', 'director', 'admin'], 30);
route('/payouts', payoutsScreen);
route('/batches', batchesScreen);
route('/batches/:id', batchScreen);
route('/reconciliation', reconciliationScreen);

// ---- shared pieces -------------------------------------------------------------------------------------------------

const applicationLink = id => h('a', { href: `#/applications/${encodeURIComponent(id)}` }, id);
const batchLink = id => h('a', { href: `#/batches/${encodeURIComponent(id)}` }, id);
const facts = pairs => h('dl', { class: 'facts' }, pairs.map(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]));
/** A date without a time (the API's "2026-06-25"), read as that calendar day wherever the browser is. */
const day = value => (value ? date(`${value}T00:00:00`) : '—');
/** Today's calendar date in Japan, as the API judges transfer dates. */
const japanToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(new Date());
const japanDatePlus = days => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(new Date(Date.now() + days * 86_400_000));

const statusBadge = status => h('span', { class: { paid: 'badge ok', cancelled: 'badge bad', returned: 'badge warn' }[status] ?? 'badge' }, t('fin.status.' + status));
const payee = p => [p.payeeName, h('br', {}), h('span', { class: 'muted' }, p.payeeKana)];
const fundCell = p => `${p.fundId} (${p.budgetCode})`;
const lastReturn = p => p.returns?.[p.returns.length - 1];

/**
 * An in-place confirmation under a list: what will happen, a required reason, confirm or keep. Built when the person
 * asks for it and focused at once, so the step is deliberate and keyboard users land in it.
 */
function reasonPanel(host, { title, lead, label, confirm, send, done }) {
  const slot = messageSlot();
  const reason = h('textarea', { name: 'reason', maxlength: '500', rows: '2', required: true });
  const confirmButton = h('button', { type: 'submit', class: 'danger' }, confirm);
  const form = h('form', { class: 'card', 'aria-label': title },
    h('h2', {}, title),
    h('p', {}, lead),
    slot,
    field(label, reason),
    h('div', { class: 'actions' }, confirmButton, h('button', { type: 'button', class: 'secondary', onclick: () => host.replaceChildren() }, t('fin.panel.close'))));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const result = await act(confirmButton, slot, () => send(reason.value.trim()), form);
    if (result) await done(result);
  });
  host.replaceChildren(form);
  reason.focus();
}

// ---- approved payouts and a new batch ------------------------------------------------------------------------------------

async function payoutsScreen() {
  const slot = messageSlot();
  const list = h('div', {});
  const panel = h('div', {});
  let key = newKey();

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
        [t('fin.payout'), t('fin.application'), t('fin.payee'), t('fin.fund'), t('fin.fiscalYear'), t('fin.amount'), t('fin.waiting'), t('fin.note'), t('fin.actions')],
        payouts.map(p => [
          p.id,
          applicationLink(p.applicationId),
          payee(p),
          fundCell(p),
          String(p.fiscalYear),
          yen(p.amount),
          since(p.waitingSince),
          lastReturn(p) ? [statusBadge('returned'), ' ', t('fin.returnedNote', { batch: lastReturn(p).batchId, reason: lastReturn(p).reason })] : '',
          h('button', { type: 'button', class: 'secondary', onclick: () => askCancel(p) }, t('fin.cancel.button')),
        ]),
        { numeric: [5] }));
    return payouts;
  }

  function askCancel(p) {
    reasonPanel(panel, {
      title: t('fin.cancel.title', { id: p.id }),
      lead: t('fin.cancel.lead', { amount: yen(p.amount), payee: p.payeeName }),
      label: t('fin.cancel.reason'),
      confirm: t('fin.cancel.confirm'),
      send: reason => api('POST', `/api/payouts/${encodeURIComponent(p.id)}/cancel`, { json: { reason } }),
      done: async () => {
        await load();
        showOk(slot, t('fin.cancel.done', { id: p.id, amount: yen(p.amount) }));
        slot.querySelector('.alert').setAttribute('tabindex', '-1');
        slot.querySelector('.alert').focus();
      },
    });
  }

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

  await load();
  return h('section', {},
    h('h1', {}, t('fin.payouts.title')),
    h('p', {}, t('fin.payouts.lead')),
    slot,
    form,
    list,
    panel);
}

// ---- batches -------------------------------------------------------------------------------------------------------------

async function batchesScreen() {
  const batches = await api('GET', '/api/payout-batches');
  return h('section', {},
    h('h1', {}, t('fin.batches.title')),
    h('p', {}, t('fin.batches.lead')),
    h('p', {}, h('a', { href: '#/payouts' }, t('fin.batches.toPayouts'))),
    batches.length === 0
      ? h('p', {}, t('fin.batches.empty'))
      : table(
        [t('fin.batch'), t('fin.status'), t('fin.createdAt'), t('fin.createdBy'), t('fin.count'), t('fin.total'), t('fin.transferDate'), t('fin.exportedAt'), t('fin.paidOn')],
        batches.map(b => [batchLink(b.id), statusBadge(b.status), dateTime(b.createdAt), b.createdBy, String(b.count), yen(b.total), day(b.transferDate), dateTime(b.exportedAt), day(b.paidOn)]),
        { numeric: [4, 5] }));
}

/** The batch's payouts, each as it is now: paid, or returned by the bank (approved again, or batched anew). */
const batchPayouts = id => api('GET', `/api/payout-batches/${encodeURIComponent(id)}/payouts`);

async function batchScreen({ id }) {
  const slot = messageSlot();
  const summary = h('div', {});
  const paidSection = h('section', { 'aria-labelledby': 'paid-title' });
  const items = h('section', { 'aria-labelledby': 'items-title' });
  const panel = h('div', {});
  const url = `/api/payout-batches/${encodeURIComponent(id)}`;

  async function load() {
    const [batch, payouts] = await Promise.all([api('GET', url), batchPayouts(id)]);
    summary.replaceChildren(facts([
      [t('fin.status'), statusBadge(batch.status)],
      [t('fin.count'), String(batch.count)],
      [t('fin.total'), yen(batch.total)],
      [t('fin.createdAt'), dateTime(batch.createdAt)],
      [t('fin.createdBy'), batch.createdBy],
      [t('fin.transferDate'), day(batch.transferDate)],
      [t('fin.exportedAt'), dateTime(batch.exportedAt)],
      [t('fin.paidOn'), batch.paidOn ? `${day(batch.paidOn)} (${t('fin.paidBy')}: ${batch.paidBy ?? '—'})` : '—'],
    ]));
    paidSection.replaceChildren(...paidForm(batch));
    items.replaceChildren(
      h('h2', { id: 'items-title' }, t('fin.items.title')),
      payouts.length === 0
        ? h('p', {}, t('fin.items.empty'))
        : table(
          [t('fin.payout'), t('fin.application'), t('fin.payee'), t('fin.amount'), t('fin.status'), t('fin.paidOn'), t('fin.note'), t('fin.actions')],
          payouts.map(p => {
            const returned = (p.returns ?? []).filter(r => r.batchId === id).pop();
            const inBatch = p.batchId === id;
            return [
              p.id,
              applicationLink(p.applicationId),
              payee(p),
              yen(p.amount),
              inBatch ? statusBadge(p.status) : statusBadge('returned'),
              inBatch ? day(p.paidOn) : '—',
              returned ? t('fin.returnedNote', { batch: returned.batchId, reason: returned.reason }) : '',
              inBatch && (p.status === 'exported' || p.status === 'paid')
                ? h('button', { type: 'button', class: 'secondary', onclick: () => askReturn(p) }, t('fin.return.button'))
                : '',
            ];
          }),
          { numeric: [3] }));
  }

  function paidForm(batch) {
    const heading = h('h2', { id: 'paid-title' }, t('fin.paid.title'));
    if (batch.status === 'paid') return [heading, h('p', {}, statusBadge('paid'), ' ', t('fin.paid.already', { date: day(batch.paidOn) }))];
    if (batch.status === 'created') return [heading, h('p', { class: 'alert warn' }, t('fin.paid.notYet'))];
    const today = japanToday();
    const created = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(new Date(batch.createdAt));
    const input = h('input', { type: 'date', name: 'transferDate', required: true, min: created, max: today, value: batch.transferDate && batch.transferDate <= today ? batch.transferDate : today });
    const button = h('button', { type: 'submit' }, t('fin.paid.button'));
    const local = messageSlot();
    const form = h('form', {}, local, field(t('fin.paid.date'), input), h('div', { class: 'actions' }, button));
    form.addEventListener('submit', async e => {
      e.preventDefault();
      const paid = await act(button, local, async () => settle(await api('POST', `${url}/paid`, { json: { transferDate: input.value } })), form);
      if (!paid) return;
      await load();
      showOk(slot, t('fin.paid.done', { id, date: day(paid.paidOn) }));
      focusAlert(slot);
    });
    return [heading, h('p', {}, t('fin.paid.lead')), form];
  }

  function askReturn(p) {
    reasonPanel(panel, {
      title: t('fin.return.title', { id: p.id }),
      lead: t('fin.return.lead', { amount: yen(p.amount), payee: p.payeeName }),
      label: t('fin.return.reason'),
      confirm: t('fin.return.confirm'),
      send: async reason => settle(await api('POST', `/api/payouts/${encodeURIComponent(p.id)}/returned`, { json: { reason } })),
      done: async () => {
        await load();
        panel.replaceChildren();
        showOk(slot, t('fin.return.done', { id: p.id }));
        focusAlert(slot);
      },
    });
  }

  const files = h('section', { 'aria-labelledby': 'files-title' },
    h('h2', { id: 'files-title' }, t('fin.files.title')),
    h('p', {}, t('fin.files.lead')),
    h('div', { class: 'actions' }, ['zengin', 'csv', 'journal'].map(format => {
      const button = h('button', { type: 'button', class: format === 'zengin' ? null : 'secondary' }, t('fin.files.' + format));
      button.addEventListener('click', async () => {
        try {
          button.disabled = true;
          const saved = await download(`${url}/file?format=${format}`);
          await load();
          showOk(slot, t('fin.files.done', { name: saved.name, size: saved.size.toLocaleString() }));
        } catch (e) {
          showError(slot, e);
          if (e instanceof ApiError && e.status === 422 && format === 'zengin') explainZengin(slot, e.problem.errors ?? {});
        } finally {
          button.disabled = false;
        }
      });
      return button;
    })));

  await load();
  return h('section', {},
    h('p', {}, h('a', { href: '#/batches' }, t('fin.batch.back'))),
    h('h1', {}, t('fin.batch.title', { id })),
    slot,
    summary,
    files,
    paidSection,
    items,
    panel);
}

/**
 * Says what to do about a bank file that cannot be written, in place of the generic "correct the fields" advice (there
 * are no fields here): originator settings are fixed by whoever runs the system and take effect at the next download;
 * a payee's account is frozen into the batch, so the payout must leave it (returned) after the account is corrected.
 */
function explainZengin(slot, errors) {
  const alert = slot.querySelector('.alert');
  [...alert.querySelectorAll('p')].find(p => p.textContent === t('core.advice.fix'))?.remove();
  const subjects = Object.keys(errors);
  if (subjects.some(s => s.startsWith('Zengin:'))) alert.append(h('p', {}, t('fin.files.zenginSettings')));
  if (subjects.some(s => !s.startsWith('Zengin:'))) alert.append(h('p', {}, t('fin.files.zenginPayees')));
}

function focusAlert(slot) {
  const alert = slot.querySelector('.alert');
  alert.setAttribute('tabindex', '-1');
  alert.focus();
}

// ---- reconciliation ------------------------------------------------------------------------------------------------------

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
      : h('div', { class: 'grid' }, report.funds.map(f => h('article', { class: 'card', 'aria-labelledby': `fund-${f.fundId}` },
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
        f.differences.length ? [h('h4', {}, t('fin.rec.differences')), h('ul', {}, f.differences.map(d => h('li', {}, d)))] : null))),

    h('h2', {}, t('fin.rec.batches')),
    report.batches.length === 0
      ? h('p', {}, t('fin.rec.batchesEmpty'))
      : table(
        [t('fin.batch'), t('fin.status'), t('fin.paidOn'), t('fin.count'), t('fin.total'), t('fin.rec.contents'), t('fin.rec.returned'), t('fin.rec.check')],
        report.batches.map(b => [
          batchCell(b.batchId), statusBadge(b.status), day(b.paidOn), String(b.count), yen(b.total),
          t('fin.rec.batchRow', { count: b.itemCount, total: yen(b.itemTotal) }),
          b.returnedCount ? t('fin.rec.batchRow', { count: b.returnedCount, total: yen(b.returnedTotal) }) : '—',
          check(b.balanced),
        ]),
        { numeric: [3, 4, 5, 6] }),

    h('h2', {}, t('fin.rec.unbatched', { days: report.olderThanDays })),
    report.unbatched.length === 0
      ? h('p', {}, t('fin.rec.unbatchedEmpty', { days: report.olderThanDays }))
      : table(
        [t('fin.payout'), t('fin.application'), t('fin.payee'), t('fin.fund'), t('fin.amount'), t('fin.waiting'), t('fin.rec.lastReturn')],
        report.unbatched.map(w => [w.payoutId, applicationLink(w.applicationId), w.payeeId, w.fundId, yen(w.amount),
          [h('span', { class: 'badge warn' }, t('fin.rec.days', { n: w.daysWaiting })), ' ', dateTime(w.waitingSince)], w.lastReturnReason ?? '—']),
        { numeric: [4] }));
}
