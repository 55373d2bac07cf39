// The applicant's bank account, into which the institute transfers their payouts.
import { act, api, dateTime, field, h, messageSlot, nav, route, session, showOk, strings, t } from './core.js';
import { focusMessage } from './applicant-common.js';
import { bankAccountOf } from './my-payouts.js';

strings({
  ja: {
    'app.nav.bank': '振込口座',
    'app.bank.title': '振込口座',
    'app.bank.lead': '支払はこの口座に振り込まれます。銀行に登録されているとおりに入力してください。',
    'app.bank.none': 'まだ口座が登録されていません。',
    'app.bank.updated': '最終更新: {at}',
    'app.bank.bankCode': '金融機関コード',
    'app.bank.bankCodeHint': '4桁の数字(例: 0001)',
    'app.bank.branchCode': '支店コード',
    'app.bank.branchCodeHint': '3桁の数字(例: 001)',
    'app.bank.accountType': '預金の種類',
    'app.bank.type.ordinary': '普通', 'app.bank.type.current': '当座', 'app.bank.type.savings': '貯蓄',
    'app.bank.accountNumber': '口座番号',
    'app.bank.accountNumberHint': '7桁の数字。短い場合は前に 0 を付けてください。',
    'app.bank.holderKana': '口座名義(カタカナ)',
    'app.bank.holderKanaHint': '例: タナカ ハナコ',
    'app.bank.save': '口座を保存',
    'app.bank.saved': '振込口座を保存しました。',
  },
  en: {
    'app.nav.bank': 'Bank account',
    'app.bank.title': 'Bank account',
    'app.bank.lead': 'Payouts are transferred to this account. Enter it exactly as your bank has it.',
    'app.bank.none': 'No account registered yet.',
    'app.bank.updated': 'Last changed: {at}',
    'app.bank.bankCode': 'Bank code',
    'app.bank.bankCodeHint': '4 digits (for example 0001)',
    'app.bank.branchCode': 'Branch code',
    'app.bank.branchCodeHint': '3 digits (for example 001)',
    'app.bank.accountType': 'Account type',
    'app.bank.type.ordinary': 'Ordinary (普通)', 'app.bank.type.current': 'Current (当座)', 'app.bank.type.savings': 'Savings (貯蓄)',
    'app.bank.accountNumber': 'Account number',
    'app.bank.accountNumberHint': '7 digits; put zeros in front of a shorter number.',
    'app.bank.holderKana': 'Account holder (katakana)',
    'app.bank.holderKanaHint': 'For example: タナカ ハナコ',
    'app.bank.save': 'Save the account',
    'app.bank.saved': 'Bank account saved.',
  },
});

nav('#/bank-account', () => t('app.nav.bank'), ['applicant'], 40);
route('/bank-account', bankAccountScreen);

async function bankAccountScreen() {
  const me = session.me;
  const stored = await bankAccountOf(me.id);
  const account = stored?.account;
  const slot = messageSlot();
  const updated = h('p', { class: 'muted' }, stored ? t('app.bank.updated', { at: dateTime(stored.updatedAt) }) : t('app.bank.none'));
  const digits = (name, value, length) => h('input', { type: 'text', inputmode: 'numeric', name, value: value ?? '', maxlength: String(length), size: String(length + 2), autocomplete: 'off' });
  const bankCode = digits('bankCode', account?.bankCode, 4);
  const branchCode = digits('branchCode', account?.branchCode, 3);
  const accountType = h('select', { name: 'accountType' },
    ['ordinary', 'current', 'savings'].map(type => h('option', { value: type, selected: (account?.accountType ?? 'ordinary') === type }, t('app.bank.type.' + type))));
  const accountNumber = digits('accountNumber', account?.accountNumber, 7);
  const holderKana = h('input', { type: 'text', name: 'holderKana', value: account?.holderKana ?? me.nameKana ?? '', maxlength: '60', autocomplete: 'off' });
  const save = h('button', { type: 'submit' }, t('app.bank.save'));
  const form = h('form', { novalidate: true },
    field(t('app.bank.bankCode'), bankCode, { hint: t('app.bank.bankCodeHint') }),
    field(t('app.bank.branchCode'), branchCode, { hint: t('app.bank.branchCodeHint') }),
    field(t('app.bank.accountType'), accountType),
    field(t('app.bank.accountNumber'), accountNumber, { hint: t('app.bank.accountNumberHint') }),
    field(t('app.bank.holderKana'), holderKana, { hint: t('app.bank.holderKanaHint') }),
    h('div', { class: 'actions' }, save));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const saved = await act(save, slot, () => api('PUT', `/api/people/${encodeURIComponent(me.id)}/bank-account`, {
      json: { bankCode: bankCode.value.trim(), branchCode: branchCode.value.trim(), accountType: accountType.value, accountNumber: accountNumber.value.trim(), holderKana: holderKana.value },
    }), form);
    if (saved) {
      form.querySelectorAll('[aria-invalid]').forEach(el => el.removeAttribute('aria-invalid'));
      form.querySelectorAll('.field-error').forEach(el => { el.hidden = true; });
      holderKana.value = saved.account.holderKana;
      updated.textContent = t('app.bank.updated', { at: dateTime(saved.updatedAt) });
      showOk(slot, t('app.bank.saved'));
      focusMessage(slot);
    }
  });
  return h('section', {},
    h('h1', {}, t('app.bank.title')),
    h('p', {}, t('app.bank.lead')),
    updated,
    slot,
    h('div', { class: 'card' }, form));
}
