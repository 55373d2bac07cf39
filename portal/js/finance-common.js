// What finance's screens share: their column names, status badges in the vocabulary's words, payouts by purpose, payee and fund name, links, dates in Japan, the in-place confirmation
// with a reason, and the two ways a finance step answers (a file to save, or work followed until it is done).
import { act, api, ApiError, date, field, h, lang, messageSlot, pick, progress, strings, t, yen } from './core.js';

strings({
  ja: {
    'fin.purpose': '用途(支払番号)',
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
    'fin.panel.close': 'やめる',
    'fin.batch': 'バッチ',
    'fin.createdAt': '作成日時',
    'fin.createdBy': '作成者',
    'fin.count': '件数',
    'fin.total': '合計',
    'fin.transferDate': '振込指定日',
    'fin.exportedAt': '出力日時',
    'fin.paidOn': '振込日',
    'fin.paidBy': '記録者',
  },
  en: {
    'fin.purpose': 'Purpose (payout number)',
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
    'fin.panel.close': 'Go back',
    'fin.batch': 'Batch',
    'fin.createdAt': 'Created',
    'fin.createdBy': 'Created by',
    'fin.count': 'Payouts',
    'fin.total': 'Total',
    'fin.transferDate': 'Transfer date',
    'fin.exportedAt': 'Exported',
    'fin.paidOn': 'Paid on',
    'fin.paidBy': 'Recorded by',
  },
});

/** What a payout is for (the paper, talk or project), linked to its application, with its number in small print for the bank. */
export const purposeCell = (p, payoutId = p.id) => [
  h('a', { href: `#/applications/${encodeURIComponent(p.applicationId)}` }, p.purpose ?? p.applicationId), h('br'), h('span', { class: 'muted' }, payoutId)];
export const batchLink = id => h('a', { href: `#/batches/${encodeURIComponent(id)}` }, id);
export const facts = pairs => h('dl', { class: 'facts' }, pairs.map(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]));
/** A date without a time (the API's "2026-06-25"), read as that calendar day wherever the browser is. */
export const day = value => (value ? date(`${value}T00:00:00`) : '—');
/** Today's calendar date in Japan, as the API judges transfer dates. */
export const japanToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(new Date());
export const japanDatePlus = days => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(new Date(Date.now() + days * 86_400_000));

/** A payout's (or, with group 'batch', a batch's) status in the vocabulary's words; 'returned' is the bank's return of a payout. */
export const statusBadge = (status, group = 'payout') => h('span', { class: { paid: 'badge ok', cancelled: 'badge bad', returned: 'badge warn' }[status] ?? 'badge' },
  status === 'returned' ? t('term.audit.payout-returned') : t(`term.${group}.${status}`));
export const payee = p => [p.payeeName, h('br', {}), h('span', { class: 'muted' }, p.payeeKana)];
/** The fund by its name, with its budget code in small print (the id where a payout predates fund names on payouts). */
export const fundCell = p => [pick(p.fundNameJa, p.fundNameEn) || p.fundId, h('br'), h('span', { class: 'muted' }, p.budgetCode)];
/** A finance person by name; the sign-in id only when the directory has no name for them. */
export const person = (id, name) => name ?? id ?? '—';
export const lastReturn = p => p.returns?.[p.returns.length - 1];

/**
 * An in-place confirmation under a list of payouts: what will happen to payout p, a required reason, confirm or keep,
 * in the words under prefix (fin.cancel.title, .lead, .reason, .confirm). Built when the person asks for it and
 * focused at once, so the step is deliberate and keyboard users land in it.
 */
export function reasonPanel(host, p, prefix, { send, done }) {
  const title = t(`${prefix}.title`, { id: p.id });
  const lead = t(`${prefix}.lead`, { amount: yen(p.amount), payee: p.payeeName, ready: t('term.payout.approved') });
  const [label, confirm] = [t(`${prefix}.reason`), t(`${prefix}.confirm`)];
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


export function focusAlert(slot) {
  const alert = slot.querySelector('.alert');
  alert.setAttribute('tabindex', '-1');
  alert.focus();
}

/**
 * Saves a file the API serves (download('/api/payout-batches/B-1/file?format=csv')) under the name the server gives it.
 * The answer is read before anything is saved, so a refusal (a problem such as a bank file that cannot be written)
 * rejects with ApiError to be shown, instead of being saved as if it were the file. Resolves to { name, size }.
 */
export async function download(url) {
  progress(1);
  try {
    let response;
    try {
      response = await fetch(url, { headers: { 'Accept-Language': lang, 'X-Requested-With': 'XMLHttpRequest' }, credentials: 'same-origin' });
    } catch {
      throw new ApiError(0, { title: t('core.offline.title'), detail: t('core.offline.detail') });
    }
    if (!response.ok) {
      const type = response.headers.get('Content-Type') ?? '';
      throw new ApiError(response.status, type.includes('json') ? await response.json().catch(() => null) : null);
    }
    if (response.status === 202) {
      // The first download marks the batch exported; a slow server answers 202 with that work: wait, then download.
      await settle(await response.json(), { read: false });
      return download(url);
    }
    const blob = await response.blob();
    const name = /filename="?([^";]+)"?/i.exec(response.headers.get('Content-Disposition') ?? '')?.[1] ?? url.split('?')[0].split('/').pop();
    const href = URL.createObjectURL(blob);
    const link = h('a', { href, download: name, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(href), 60_000);
    return { name, size: blob.size };
  } finally {
    progress(-1);
  }
}

/**
 * A finance step the server is still finishing answers 202 with its work ({ id, status: 'running', … }); this follows
 * it every second until it is done and then reads what it produced (unless read is false). Other answers pass through.
 */
export async function settle(answer, { read = true } = {}) {
  if (!(answer && typeof answer === 'object' && /^(batch|export|paid|return)-/.test(answer.id ?? '') && 'lastUpdatedAt' in answer)) return answer;
  let work = answer;
  while (work.status === 'running') {
    await new Promise(resolve => setTimeout(resolve, 1000));
    work = await api('GET', `/api/finance-work/${encodeURIComponent(work.id)}`);
  }
  if (work.status !== 'done') throw new ApiError(409, { title: t('core.work.title'), detail: work.refusal ?? t('core.work.failed') });
  return read && work.location ? api('GET', work.location) : work;
}
