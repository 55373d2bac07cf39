// An application's timeline: every step the audit trail recorded, oldest first, in the reader's words.
import { dateTime, h, strings, t } from './core.js';
import { who } from './applicant-common.js';

strings({
  ja: {
    'app.timeline.title': '経過',
    'app.timeline.empty': '記録はまだありません。',
    'app.h.created': '下書きを作成',
    'app.h.edited': '内容を変更',
    'app.h.document-added': '書類を添付',
    'app.h.document-removed': '書類を外した',
    'app.h.submitted': '提出',
    'app.h.eligible': '要件を満たしていることを確認',
    'app.h.ineligible': '要件外と判定',
    'app.h.endorsement-requested': '推薦を依頼',
    'app.h.endorsed': '推薦',
    'app.h.approval-requested': '承認を依頼',
    'app.h.approved': '承認',
    'app.h.rejected': '却下',
    'app.h.returned': '差し戻し',
    'app.h.withdrawn': '取り下げ',
    'app.h.withdrawal-requested': '取り下げを申し出',
    'app.h.budget-reserved': '予算を確保',
    'app.h.budget-insufficient': '予算不足のため確保できず',
    'app.h.payout-created': '支払を作成',
    'app.h.monthly-payout-created': '月額の支払を作成',
    'app.h.payout-paid': '振込済み',
    'app.h.payout-returned': '振込が銀行から返却',
    'app.h.payout-cancelled': '支払を取消',
    'app.h.arrived': '渡日を記録',
    'app.h.arrivalexpected': '渡日予定日を変更',
    'app.h.report': '掲載論文を報告',
    'app.h.stop': '支援の終了を申し出',
    'app.h.support-ended': '支援を終了',
    'app.h.extension-requested': '延長を申請',
    'app.h.extension-approved': '延長を承認',
    'app.h.extension-refused': '延長を認めず',
    'app.h.extension-not-funded': '延長の予算を確保できず',
    'app.h.notified': 'メールで通知',
  },
  en: {
    'app.timeline.title': 'Timeline',
    'app.timeline.empty': 'Nothing recorded yet.',
    'app.h.created': 'Draft created',
    'app.h.edited': 'Edited',
    'app.h.document-added': 'Document attached',
    'app.h.document-removed': 'Document removed',
    'app.h.submitted': 'Submitted',
    'app.h.eligible': 'Eligibility confirmed',
    'app.h.ineligible': 'Found ineligible',
    'app.h.endorsement-requested': 'Endorsement requested',
    'app.h.endorsed': 'Endorsed',
    'app.h.approval-requested': 'Approval requested',
    'app.h.approved': 'Approved',
    'app.h.rejected': 'Rejected',
    'app.h.returned': 'Returned for changes',
    'app.h.withdrawn': 'Withdrawn',
    'app.h.withdrawal-requested': 'Withdrawal asked',
    'app.h.budget-reserved': 'Budget reserved',
    'app.h.budget-insufficient': 'Budget insufficient',
    'app.h.payout-created': 'Payout created',
    'app.h.monthly-payout-created': 'Monthly payout created',
    'app.h.payout-paid': 'Transferred',
    'app.h.payout-returned': 'Transfer returned by the bank',
    'app.h.payout-cancelled': 'Payout cancelled',
    'app.h.arrived': 'Arrival recorded',
    'app.h.arrivalexpected': 'Expected arrival changed',
    'app.h.report': 'Published paper reported',
    'app.h.stop': 'End of support asked',
    'app.h.support-ended': 'Support ended',
    'app.h.extension-requested': 'Extension requested',
    'app.h.extension-approved': 'Extension approved',
    'app.h.extension-refused': 'Extension refused',
    'app.h.extension-not-funded': 'Extension could not be funded',
    'app.h.notified': 'Mail sent',
  },
});

/** Steps whose recorded detail only restates the step (such as "Draft updated."), so the timeline leaves it out. */
const PLAIN_STEPS = ['created', 'edited', 'submitted', 'eligible', 'approval-requested'];

/** Every step of the application, oldest first, as the audit trail recorded it. */
export function timeline(history) {
  const label = action => {
    if (action.startsWith('notified-')) return t('app.h.notified');
    const key = 'app.h.' + action;
    return t(key) === key ? action : t(key);
  };
  return h('section', { class: 'card', 'aria-labelledby': 'timeline-title' },
    h('h2', { id: 'timeline-title' }, t('app.timeline.title')),
    history.length === 0
      ? h('p', { class: 'muted' }, t('app.timeline.empty'))
      : h('ol', { class: 'timeline' }, history.map(entry => h('li', {},
        h('strong', {}, label(entry.action)), ' ',
        h('span', { class: 'muted' }, [h('time', { datetime: entry.at }, dateTime(entry.at)), ' · ', who(entry.actor)]),
        entry.detail && !PLAIN_STEPS.includes(entry.action) ? h('div', {}, entry.detail) : null))));
}
