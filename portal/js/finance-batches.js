// Finance's batches: the list, and one batch with its bank, CSV and journal files, the bank's answer (paid on a date,
// or a transfer returned) and its payouts as they are now.
import { paidForm } from './finance-paid.js';
import { api, ApiError, dateTime, h, messageSlot, nav, route, showError, showOk, strings, t, table, yen } from './core.js';
import { batchLink, day, download, facts, focusAlert, payee, person, purposeCell, reasonPanel, settle, statusBadge } from './finance-common.js';

strings({
  ja: {
    'fin.nav.batches': '支払バッチ',
    'fin.batches.title': '支払バッチ',
    'fin.batches.lead': '新しい順です。バッチを開くと、ファイルのダウンロード、支払済みの記録、組戻しの記録ができます。',
    'fin.batches.empty': 'まだ支払バッチはありません。',
    'fin.batches.toPayouts': '承認済みの支払からバッチを作る',
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
    'fin.items.title': 'このバッチの支払',
    'fin.items.empty': 'このバッチの支払が見つかりません。',
    'fin.return.button': '組戻しを記録…',
    'fin.return.title': '支払 {id} の組戻しを記録',
    'fin.return.lead': '銀行が {payee} への {amount} を返却した場合に記録します。支払は「{ready}」に戻り、次のバッチに入ります。受取人には口座の確認を求めるメールが届きます。',
    'fin.return.reason': '銀行の返却理由',
    'fin.return.confirm': '組戻しを記録',
    'fin.return.done': '支払 {id} の組戻しを記録しました。「{ready}」に戻りました。',
  },
  en: {
    'fin.nav.batches': 'Batches',
    'fin.batches.title': 'Payout batches',
    'fin.batches.lead': 'Newest first. Open a batch to download its files, record it paid, or record a transfer the bank returned.',
    'fin.batches.empty': 'There are no payout batches yet.',
    'fin.batches.toPayouts': 'Create a batch from the approved payouts',
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
    'fin.items.title': 'Payouts in this batch',
    'fin.items.empty': 'No payouts of this batch were found.',
    'fin.return.button': 'Record return…',
    'fin.return.title': 'Record that the bank returned payout {id}',
    'fin.return.lead': 'For {amount} to {payee} that the bank sent back. The payout is “{ready}” again and goes into the next batch; the payee is asked by mail to check their account.',
    'fin.return.reason': 'The bank’s reason',
    'fin.return.confirm': 'Record return',
    'fin.return.done': 'Recorded the return of payout {id}. It is “{ready}” again.',
  },
});

nav('#/batches', () => t('fin.nav.batches'), ['finance'], 20);
route('/batches', batchesScreen);
route('/batches/:id', batchScreen);

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
        batches.map(b => [batchLink(b.id), statusBadge(b.status, 'batch'), dateTime(b.createdAt), person(b.createdBy, b.createdByName), String(b.count), yen(b.total), day(b.transferDate), dateTime(b.exportedAt), day(b.paidOn)]),
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
      [t('fin.status'), statusBadge(batch.status, 'batch')],
      [t('fin.count'), String(batch.count)],
      [t('fin.total'), yen(batch.total)],
      [t('fin.createdAt'), dateTime(batch.createdAt)],
      [t('fin.createdBy'), person(batch.createdBy, batch.createdByName)],
      [t('fin.transferDate'), day(batch.transferDate)],
      [t('fin.exportedAt'), dateTime(batch.exportedAt)],
      [t('fin.paidOn'), batch.paidOn ? `${day(batch.paidOn)} (${t('fin.paidBy')}: ${person(batch.paidBy, batch.paidByName)})` : '—'],
    ]));
    paidSection.replaceChildren(...paidForm(batch, payouts, url, async paid => {
      await load();
      showOk(slot, t('fin.paid.done', { id, date: day(paid.paidOn) }));
      focusAlert(slot);
    }));
    items.replaceChildren(
      h('h2', { id: 'items-title' }, t('fin.items.title')),
      payouts.length === 0
        ? h('p', {}, t('fin.items.empty'))
        : itemsTable(id, payouts, askReturn));
  }

  function askReturn(p) {
    reasonPanel(panel, p, 'fin.return', {
      send: async reason => settle(await api('POST', `/api/payouts/${encodeURIComponent(p.id)}/returned`, { json: { reason } })),
      done: async () => {
        await load();
        panel.replaceChildren();
        showOk(slot, t('fin.return.done', { id: p.id, ready: t('term.payout.approved') }));
        focusAlert(slot);
      },
    });
  }

  const files = filesSection(url, slot, load);

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

/** The batch's payouts as they are now: those still in it, and those the bank returned (askReturn records one). */
function itemsTable(id, payouts, askReturn) {
  return table(
    [t('fin.purpose'), t('fin.payee'), t('fin.amount'), t('fin.status'), t('fin.paidOn'), t('fin.note'), t('fin.actions')],
    payouts.map(p => {
      const returned = (p.returns ?? []).filter(r => r.batchId === id).pop();
      const inBatch = p.batchId === id;
      return [
        purposeCell(p),
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
    { numeric: [2] });
}

/** The batch's files: each download marks the batch exported the first time, then reads the batch again (load). */
function filesSection(url, slot, load) {
  return h('section', { 'aria-labelledby': 'files-title' },
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
