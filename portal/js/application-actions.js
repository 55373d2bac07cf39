// The actions on an application's page that the API allows the person now (submit, endorse, decide, report, withdraw,
// and the monthly-support ones from support-actions.js); each is sent, then followed until the workflow has done it.
import { api, field, h, showError, strings, t } from './core.js';
import { supportParts } from './support-actions.js';
import { doiText } from './input.js';
import { actionForm, applicationUrl, button, focusMessage, invalid, perform, slotOf, statusLabel } from './applicant-common.js';

strings({
  ja: {
    'app.act.title': '手続き',
    'app.act.submit': '提出する',
    'app.act.submitHint': '提出すると要件を自動で確認し、満たしていれば承認者(推薦が必要なプログラムでは推薦者)に届きます。',
    'app.act.notReady': 'まだ提出できません',
    'app.act.notReadyDetail': '提出すると要件外と判定されて、やり直せなくなります。次のことを済ませてから提出してください。',
    'app.act.unsavedTitle': '保存していない変更があります',
    'app.act.unsaved': '編集した内容がまだ保存されていません。「下書き保存」を押してから提出してください。',
    'app.act.needLines': '申請する経費の金額を入力して保存してください。',
    'app.act.needDocument': '{line}には{document}が必要です。添付してください。',
    'app.act.needEndorser': '推薦者を入力して保存してください。',
    'app.act.needMonths': '支援を受ける月数を入力して保存してください。',
    'app.act.checking': '要件を確認しています…',
    'app.act.working': '処理しています…',
    'app.act.slow': '受け付けましたが、処理に時間がかかっています。しばらくしてから再読み込みしてください。',
    'app.act.submitted.awaitingApproval': '提出しました。要件を満たしており、承認者の判断を待っています。',
    'app.act.submitted.awaitingEndorsement': '提出しました。要件を満たしており、推薦者に推薦を依頼しました。',
    'app.act.submitted.ineligible': '提出しましたが、要件を満たしていません。理由を確認してください。',
    'app.act.submitted.other': '提出しました。状態: {status}',
    'app.act.withdraw': '取り下げる',
    'app.act.withdrawConfirm': 'この申請を取り下げます。取り下げた申請は元に戻せません。よろしいですか?',
    'app.act.withdrawYes': 'はい、取り下げる',
    'app.act.withdrawNo': 'やめる',
    'app.act.withdrawn': '申請を取り下げました。',
    'app.act.changed': '手続きが済みました。状態: {status}',
    'app.endorse.title': '推薦',
    'app.endorse.comment': 'コメント',
    'app.endorse.commentHint': '申請者に伝わります。推薦しない場合は理由を書いてください。',
    'app.endorse.yes': '推薦する',
    'app.endorse.no': '推薦しない',
    'app.endorse.done': '推薦しました。承認者の判断に進みます。',
    'app.endorse.declined': '推薦しませんでした。申請者に差し戻されます。',
    'app.decide.title': '判断',
    'app.decide.comment': 'コメント',
    'app.decide.commentHint': '差し戻しと却下では必須です。申請者にメールで届きます。',
    'app.decide.approve': '承認',
    'app.decide.return': '差し戻し',
    'app.decide.reject': '却下',
    'app.decide.commentNeeded': 'コメントを入力してください',
    'app.decide.commentNeededDetail': '差し戻し・却下の理由を申請者に伝えるため、コメントが必要です。',
    'app.decide.noBudget': '経費の予算が足りないため、承認できませんでした。申請は承認待ちのままです。予算を確認してください。',
    'app.report.title': '掲載論文の報告',
    'app.report.doi': 'DOI',
    'app.report.doiHint': '例: 10.1103/PhysRevMaterials.7.012345',
    'app.report.send': '報告する',
    'app.report.done': '報告を受け付けました。ありがとうございました。',
  },
  en: {
    'app.act.title': 'Actions',
    'app.act.submit': 'Submit',
    'app.act.submitHint': 'On submission the eligibility rules are checked; if they are met, the application goes to the approver (or first to the endorser, where the program asks for one).',
    'app.act.notReady': 'Not ready to submit',
    'app.act.notReadyDetail': 'Submitted as it is, it would be found ineligible and could not be corrected. Do this first:',
    'app.act.unsavedTitle': 'Unsaved changes',
    'app.act.unsaved': 'Your changes to the application are not saved yet. Press “Save draft”, then submit.',
    'app.act.needLines': 'Enter the amount of at least one expense and save.',
    'app.act.needDocument': '{line} needs {document}: attach it.',
    'app.act.needEndorser': 'Enter your endorser and save.',
    'app.act.needMonths': 'Enter the months of support and save.',
    'app.act.checking': 'Checking eligibility…',
    'app.act.working': 'Working…',
    'app.act.slow': 'Received, but it is taking a while. Reload the page in a moment.',
    'app.act.submitted.awaitingApproval': 'Submitted. It meets every rule and waits for the approver’s decision.',
    'app.act.submitted.awaitingEndorsement': 'Submitted. It meets every rule and your endorser has been asked to endorse it.',
    'app.act.submitted.ineligible': 'Submitted, but it does not meet the rules. See the reasons.',
    'app.act.submitted.other': 'Submitted. Status: {status}',
    'app.act.withdraw': 'Withdraw',
    'app.act.withdrawConfirm': 'Withdraw this application? A withdrawn application cannot be brought back.',
    'app.act.withdrawYes': 'Yes, withdraw',
    'app.act.withdrawNo': 'Keep it',
    'app.act.withdrawn': 'The application is withdrawn.',
    'app.act.changed': 'Done. Status: {status}',
    'app.endorse.title': 'Endorsement',
    'app.endorse.comment': 'Comment',
    'app.endorse.commentHint': 'The applicant reads it. If you do not endorse, say why.',
    'app.endorse.yes': 'Endorse',
    'app.endorse.no': 'Do not endorse',
    'app.endorse.done': 'Endorsed. The application goes on to approval.',
    'app.endorse.declined': 'Not endorsed. The application is returned to the applicant.',
    'app.decide.title': 'Decision',
    'app.decide.comment': 'Comment',
    'app.decide.commentHint': 'Required to return or reject. The applicant receives it by mail.',
    'app.decide.approve': 'Approve',
    'app.decide.return': 'Return for changes',
    'app.decide.reject': 'Reject',
    'app.decide.commentNeeded': 'Write a comment',
    'app.decide.commentNeededDetail': 'Tell the applicant why: a comment is required to return or reject.',
    'app.decide.noBudget': 'The fund’s budget is too small, so the approval could not be made; the application still waits for approval. Check the budget.',
    'app.report.title': 'Report the published paper',
    'app.report.doi': 'DOI',
    'app.report.doiHint': 'For example: 10.1103/PhysRevMaterials.7.012345',
    'app.report.send': 'Report',
    'app.report.done': 'Report received. Thank you.',
  },
});

/** The action forms the API allows this person now; each says what happened once the workflow has done it. */
export function actionsCard(screen, can) {
  const app = screen.view.application;
  const prog = screen.program;
  const parts = [
    can('submit') ? submitPart(screen) : null,
    can('endorse') ? endorsePart(screen) : null,
    can('decide') ? decidePart(screen) : null,
    can('report') && prog?.report && !app.report ? reportPart(screen) : null,
    ...supportParts(screen, can),
    can('withdraw') ? withdrawPart(screen) : null,
  ].filter(Boolean);
  if (parts.length === 0) return null;
  return h('section', { class: 'card', 'aria-labelledby': 'actions-title' }, h('h2', { id: 'actions-title' }, t('app.act.title')), parts);
}

function submitPart(screen) {
  const { id } = screen;
  const submit = h('button', { type: 'submit' }, t('app.act.submit'));
  const form = actionForm(null, h('p', { class: 'hint' }, t('app.act.submitHint')), h('div', { class: 'actions' }, submit));
  form.addEventListener('submit', () => {
    const missing = (screen.view.missing ?? []).map(missingSentence);
    if (screen.unsaved || missing.length) {
      const local = slotOf(form);
      local.replaceChildren(h('div', { class: 'alert', role: 'alert' },
        h('h2', {}, t(screen.unsaved ? 'app.act.unsavedTitle' : 'app.act.notReady')),
        h('p', {}, t(screen.unsaved ? 'app.act.unsaved' : 'app.act.notReadyDetail')),
        screen.unsaved ? null : h('ul', {}, missing.map(m => h('li', {}, m)))));
      focusMessage(local);
      return;
    }
    perform(screen, submit, form, () => api('POST', `${applicationUrl(id)}/submit`), {
      until: read => !['draft', 'returned', 'submitted'].includes(read.application.status),
      waiting: t('app.act.checking'),
      done: read => {
        const key = `app.act.submitted.${read.application.status}`;
        return t(key) === key ? t('app.act.submitted.other', { status: statusLabel(read) }) : t(key);
      },
    });
  });
  return form;
}

function withdrawPart(screen) {
  const { id } = screen;
  const ask = button(t('app.act.withdraw'), { class: 'secondary' });
  const confirmText = h('p', { tabindex: '-1' }, t('app.act.withdrawConfirm'));
  const yes = button(t('app.act.withdrawYes'), { class: 'danger' });
  const no = button(t('app.act.withdrawNo'), { class: 'secondary' });
  const confirmBox = h('div', { class: 'alert warn', hidden: true }, confirmText, h('div', { class: 'actions' }, yes, no));
  const form = actionForm(null, h('div', { class: 'actions' }, ask), confirmBox);
  ask.addEventListener('click', () => {
    confirmBox.hidden = false;
    ask.hidden = true;
    confirmText.focus();
  });
  no.addEventListener('click', () => {
    confirmBox.hidden = true;
    ask.hidden = false;
    ask.focus();
  });
  yes.addEventListener('click', () => perform(screen, yes, form, () => api('POST', `${applicationUrl(id)}/withdraw`), {
    until: read => read.application.status === 'withdrawn',
    done: () => t('app.act.withdrawn'),
  }));
  return form;
}

function endorsePart(screen) {
  const { id } = screen;
  const comment = h('textarea', { name: 'comment', maxlength: '500', rows: '3' });
  const yes = button(t('app.endorse.yes'));
  const no = button(t('app.endorse.no'), { class: 'danger' });
  const form = actionForm(t('app.endorse.title'),
    field(t('app.endorse.comment'), comment, { hint: t('app.endorse.commentHint') }),
    h('div', { class: 'actions' }, yes, no));
  const answer = (trigger, decision) => perform(screen, trigger, form,
    () => api('POST', `${applicationUrl(id)}/endorsement`, { json: { decision, comment: comment.value.trim() } }), {
      until: read => read.application.status !== 'awaitingEndorsement',
      done: () => t(decision === 'endorse' ? 'app.endorse.done' : 'app.endorse.declined'),
    });
  yes.addEventListener('click', () => answer(yes, 'endorse'));
  no.addEventListener('click', () => answer(no, 'decline'));
  return form;
}

function decidePart(screen) {
  const { id } = screen;
  const comment = h('textarea', { name: 'comment', maxlength: '500', rows: '3' });
  const choices = [['approve', ''], ['return', 'secondary'], ['reject', 'danger']].map(([decision, style]) => {
    const b = button(t('app.decide.' + decision), { class: style || null });
    b.addEventListener('click', () => {
      if (decision !== 'approve' && comment.value.trim() === '') {
        showError(slotOf(form), invalid({ comment: [t('app.decide.commentNeededDetail')] }, t('app.decide.commentNeeded')), form);
        comment.focus();
        return;
      }
      perform(screen, b, form, () => api('POST', `${applicationUrl(id)}/decision`, { json: { decision, comment: comment.value.trim() } }), {
        // An approval the fund cannot pay leaves the application waiting, with the refusal in its history.
        until: (read, before) => read.application.status !== 'awaitingApproval' || budgetRefused(read) > budgetRefused(before),
        done: read => (read.application.status === 'awaitingApproval' ? t('app.decide.noBudget') : t('app.act.changed', { status: statusLabel(read) })),
      });
    });
    return b;
  });
  const form = actionForm(t('app.decide.title'),
    field(t('app.decide.comment'), comment, { hint: t('app.decide.commentHint') }),
    h('div', { class: 'actions' }, choices));
  return form;
}

function reportPart(screen) {
  const { id } = screen;
  const doi = h('input', { type: 'text', name: 'doi', autocomplete: 'off', spellcheck: 'false' });
  const send = h('button', { type: 'submit' }, t('app.report.send'));
  const form = actionForm(t('app.report.title'),
    field(t('app.report.doi'), doi, { hint: t('app.report.doiHint') }),
    h('div', { class: 'actions' }, send));
  form.addEventListener('submit', () => perform(screen, send, form, () => api('POST', `${applicationUrl(id)}/report`, { json: { doi: doiText(doi.value) } }), {
    until: read => Boolean(read.application.report),
    done: () => t('app.report.done'),
  }));
  return form;
}

const budgetRefused = view => view.history.filter(e => e.action === 'budget-insufficient').length;

/** What the API says the application still lacks before submission ({ code, kind?, document? }), as a sentence. */
function missingSentence({ code, kind, document }) {
  if (code === 'document') return t('app.act.needDocument', { line: t('term.kind.' + kind), document: t('term.doc.' + document) });
  const key = { lines: 'app.act.needLines', endorser: 'app.act.needEndorser', months: 'app.act.needMonths' }[code];
  return key ? t(key) : code;
}
