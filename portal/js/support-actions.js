// The actions of monthly support on an application's page: recording the arrival in Japan, asking for (and deciding)
// an extension, and ending the support.
import { api, field, h, showError, strings, t } from './core.js';
import { wholeNumber } from './input.js';
import { actionForm, applicationUrl, ARRIVAL, button, invalid, japanToday, monthly, perform, slotOf } from './applicant-common.js';

strings({
  ja: {
    'app.arrival.title': '渡日の記録',
    'app.arrival.arrivedOn': '渡日した日',
    'app.arrival.record': '渡日を記録する',
    'app.arrival.expectedOn': '新しい渡日予定日',
    'app.arrival.move': '予定日を変更する',
    'app.arrival.recorded': '渡日を記録しました。翌月からは渡日後の月額で支払われます。',
    'app.arrival.moved': '渡日予定日を変更しました。',
    'app.arrival.pickDate': '日付を選んでください',
    'app.ext.title': '延長の申請',
    'app.ext.months': '延長する月数',
    'app.ext.monthsHint': '最長 {max} か月',
    'app.ext.reason': '理由',
    'app.ext.send': '延長を申請する',
    'app.ext.sent': '{n} か月の延長を申請しました。承認者が判断します。',
    'app.ext.decideTitle': '延長の判断',
    'app.ext.approve': '延長を承認',
    'app.ext.reject': '延長を認めない',
    'app.ext.decided': '延長の申請に答えました。',
    'app.stop.title': '支援の終了',
    'app.stop.reason': '終了する理由',
    'app.stop.send': '支援を終了する',
    'app.stop.done': '支援を終了しました。まだ支払っていない月の予算は戻されます。',
  },
  en: {
    'app.arrival.title': 'Arrival in Japan',
    'app.arrival.arrivedOn': 'Arrived on',
    'app.arrival.record': 'Record the arrival',
    'app.arrival.expectedOn': 'New expected arrival',
    'app.arrival.move': 'Change the expected date',
    'app.arrival.recorded': 'Arrival recorded. From next month support is paid at the post-arrival rate.',
    'app.arrival.moved': 'Expected arrival changed.',
    'app.arrival.pickDate': 'Choose a date',
    'app.ext.title': 'Request an extension',
    'app.ext.months': 'More months',
    'app.ext.monthsHint': 'At most {max}',
    'app.ext.reason': 'Reason',
    'app.ext.send': 'Request the extension',
    'app.ext.sent': 'Requested {n} more months. The approver decides.',
    'app.ext.decideTitle': 'Extension decision',
    'app.ext.approve': 'Approve extension',
    'app.ext.reject': 'Refuse extension',
    'app.ext.decided': 'The extension request is answered.',
    'app.stop.title': 'End support',
    'app.stop.reason': 'Why support ends',
    'app.stop.send': 'End support',
    'app.stop.done': 'Support ended. The budget of unpaid months is released.',
  },
});

/** The monthly-support action forms the API allows this person now. */
export function supportParts(screen, can) {
  const app = screen.view.application;
  return [
    can('recordArrival') && app.lines.some(l => ARRIVAL.includes(l.kind)) && !app.arrivedOn ? arrivalPart(screen) : null,
    can('requestExtension') && monthly(screen.view) && !app.extensionRequested && (screen.program?.period?.maxExtensionMonths ?? 0) > app.extensionMonths ? extensionPart(screen) : null,
    can('decideExtension') && app.extensionRequested > 0 ? extensionDecisionPart(screen) : null,
    can('stop') && monthly(screen.view) ? stopPart(screen) : null,
  ];
}


function arrivalPart(screen) {
  const { id } = screen;
  const arrived = h('input', { type: 'date', name: 'arrivedOn', max: japanToday() });
  const expectedOn = h('input', { type: 'date', name: 'expectedOn', min: japanToday() });
  const record = button(t('app.arrival.record'));
  const move = button(t('app.arrival.move'), { class: 'secondary' });
  const form = actionForm(t('app.arrival.title'),
    field(t('app.arrival.arrivedOn'), arrived),
    h('div', { class: 'actions' }, record),
    field(t('app.arrival.expectedOn'), expectedOn),
    h('div', { class: 'actions' }, move));
  const send = (trigger, input, done) => {
    if (!input.value) {
      showError(slotOf(form), invalid({ [input.name]: [t('app.arrival.pickDate')] }), form);
      return;
    }
    perform(screen, trigger, form, () => api('POST', `${applicationUrl(id)}/arrival`, { json: { [input.name]: input.value } }), {
      until: (read, before) => read.application.arrivedOn !== before.application.arrivedOn || read.application.expectedArrival !== before.application.expectedArrival,
      done: () => t(done),
    });
  };
  record.addEventListener('click', () => send(record, arrived, 'app.arrival.recorded'));
  move.addEventListener('click', () => send(move, expectedOn, 'app.arrival.moved'));
  return form;
}

function extensionPart(screen) {
  const { id } = screen;
  const max = Math.min(24, screen.program.period.maxExtensionMonths - screen.view.application.extensionMonths);
  const months = h('input', { type: 'text', inputmode: 'numeric', name: 'months', size: '4', autocomplete: 'off' });
  const reason = h('textarea', { name: 'reason', maxlength: '500', rows: '3' });
  const send = h('button', { type: 'submit' }, t('app.ext.send'));
  const form = actionForm(t('app.ext.title'),
    field(t('app.ext.months'), months, { hint: t('app.ext.monthsHint', { max }) }),
    field(t('app.ext.reason'), reason),
    h('div', { class: 'actions' }, send));
  form.addEventListener('submit', () => {
    const n = wholeNumber(months.value);
    if (Number.isNaN(n)) {
      showError(slotOf(form), invalid({ months: [t('app.form.monthsInvalid')] }), form);
      return;
    }
    perform(screen, send, form, () => api('POST', `${applicationUrl(id)}/extension`, { json: { months: n, reason: reason.value.trim() } }), {
      until: read => read.application.extensionRequested > 0,
      done: () => t('app.ext.sent', { n }),
    });
  });
  return form;
}

function extensionDecisionPart(screen) {
  const { id } = screen;
  const comment = h('textarea', { name: 'comment', maxlength: '500', rows: '2' });
  const choices = [['approve', ''], ['reject', 'danger']].map(([decision, style]) => button(t('app.ext.' + decision), { class: style || null, dataset: { decision } }));
  const form = actionForm(t('app.ext.decideTitle'),
    h('p', {}, t('app.detail.extensionRequested', { n: screen.view.application.extensionRequested })),
    field(t('app.decide.comment'), comment),
    h('div', { class: 'actions' }, choices));
  for (const b of choices) {
    b.addEventListener('click', () => perform(screen, b, form,
      () => api('POST', `${applicationUrl(id)}/extension/decision`, { json: { decision: b.dataset.decision, comment: comment.value.trim() } }), {
        until: read => !read.application.extensionRequested,
        done: () => t('app.ext.decided'),
      }));
  }
  return form;
}

function stopPart(screen) {
  const { id } = screen;
  const reason = h('textarea', { name: 'reason', maxlength: '500', rows: '2' });
  const send = h('button', { type: 'submit', class: 'danger' }, t('app.stop.send'));
  const form = actionForm(t('app.stop.title'),
    field(t('app.stop.reason'), reason),
    h('div', { class: 'actions' }, send));
  form.addEventListener('submit', () => perform(screen, send, form, () => api('POST', `${applicationUrl(id)}/stop`, { json: { reason: reason.value.trim() } }), {
    until: read => read.application.status === 'completed',
    done: () => t('app.stop.done'),
  }));
  return form;
}
