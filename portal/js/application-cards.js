// The cards of an application's page that only show it: what happens next, the approver's decision, the
// eligibility check, its facts and expense lines, and its fund's budget.
import { date, dateTime, h, pick, session, strings, t, table, yen } from './core.js';
import { day, facts, listOf, monthly, MONTHLY, planPhases, programName, who } from './applicant-common.js';

strings({
  ja: {
    'app.detail.summary': '申請の内容',
    'app.detail.program': 'プログラム',
    'app.detail.id': '申請番号',
    'app.detail.applicant': '申請者',
    'app.detail.created': '作成',
    'app.detail.submitted': '提出',
    'app.detail.submissions': '{n} 回目の提出',
    'app.detail.total': '申請額',
    'app.detail.plan': '{phases}、{months} か月(確保額 {reserved})',
    'app.detail.journal': '雑誌・学会・研究計画',
    'app.detail.jointUse': '共同利用研究',
    'app.detail.yes': 'はい',
    'app.detail.no': 'いいえ',
    'app.detail.endorser': '推薦者',
    'app.detail.endorsed': '{at} に推薦済み',
    'app.detail.sending': '派遣元の大学',
    'app.detail.expectedArrival': '渡日予定日',
    'app.detail.arrivedOn': '渡日日',
    'app.detail.extension': '延長',
    'app.detail.extensionValue': '{n} か月延長済み',
    'app.detail.extensionRequested': '{n} か月の延長を申請中',
    'app.detail.report': '報告',
    'app.detail.reportDone': 'DOI {doi}({at} に報告)',
    'app.detail.reportDue': '{date} までに {what} を報告してください',
    'app.detail.payout': '支払',
    'app.detail.payoutLink': '支払の状況を見る',
    'app.detail.fund': '経費',
    'app.detail.lines': '経費の内訳',
    'app.detail.kind': '経費',
    'app.detail.amount': '金額',
    'app.detail.description': '内容',
    'app.detail.noLines': '経費がまだありません。',
    'app.detail.budget': '経費の予算({year} 年度)',
    'app.detail.allocation': '配分額',
    'app.detail.reserved': '確保済み',
    'app.detail.paid': '支払済み',
    'app.detail.remaining': '残額',
    'app.detail.edit': '内容を編集',
    'app.detail.saved': '保存しました。',
    'app.next.title': '次にすること',
    'app.next.draft': '下書きです。必要な書類を添付して「提出する」を押してください。提出するまで審査は始まりません。',
    'app.next.returned': '差し戻されました。コメントを読んで内容や書類を直し、もう一度提出してください。',
    'app.next.submitted': '受け付けました。要件を確認しています。',
    'app.next.ineligible': '要件を満たしていないため、審査に進めませんでした。理由は下の「要件審査」を見てください。必要なら新しく申請し直してください。',
    'app.next.awaitingEndorsement': '{endorser} さんの推薦を待っています。',
    'app.next.endorseYou': 'あなたの推薦を待っています。内容を確認して、推薦するかどうかを答えてください。',
    'app.next.awaitingApproval': '承認者の判断を待っています。結果はメールでもお知らせします。',
    'app.next.decideYou': 'あなたの判断を待っています。下の「判断」で承認・差し戻し・却下を選んでください。',
    'app.next.approved': '採択されました。支払の状況は「支払」で確認できます。',
    'app.next.report': '論文が掲載されたら、{date} までに下の「掲載論文の報告」から DOI を報告してください。',
    'app.next.rejected': '不採択となりました。',
    'app.next.withdrawn': '取り下げました。',
    'app.next.completed': '完了しました。',
    'app.decision.title': '承認者からの判断',
    'app.decision.approve': '承認',
    'app.decision.reject': '却下',
    'app.decision.return': '差し戻し',
    'app.decision.by': '{who}、{at}',
    'app.elig.title': '要件審査',
    'app.elig.ok': '✓ すべての要件を満たしています',
    'app.elig.bad': '✗ 要件を満たしていません',
  },
  en: {
    'app.detail.summary': 'Application details',
    'app.detail.program': 'Program',
    'app.detail.id': 'Application',
    'app.detail.applicant': 'Applicant',
    'app.detail.created': 'Created',
    'app.detail.submitted': 'Submitted',
    'app.detail.submissions': 'submission {n}',
    'app.detail.total': 'Amount',
    'app.detail.plan': '{phases}, for {months} months ({reserved} reserved)',
    'app.detail.journal': 'Journal, conference or plan',
    'app.detail.jointUse': 'Joint-use research',
    'app.detail.yes': 'Yes',
    'app.detail.no': 'No',
    'app.detail.endorser': 'Endorser',
    'app.detail.endorsed': 'endorsed on {at}',
    'app.detail.sending': 'Sending university',
    'app.detail.expectedArrival': 'Expected arrival',
    'app.detail.arrivedOn': 'Arrived',
    'app.detail.extension': 'Extension',
    'app.detail.extensionValue': 'Extended by {n} months',
    'app.detail.extensionRequested': '{n} more months requested',
    'app.detail.report': 'Report',
    'app.detail.reportDone': 'DOI {doi} (reported {at})',
    'app.detail.reportDue': 'Report {what} by {date}',
    'app.detail.payout': 'Payout',
    'app.detail.payoutLink': 'See the payouts',
    'app.detail.fund': 'Fund',
    'app.detail.lines': 'Expenses',
    'app.detail.kind': 'Expense',
    'app.detail.amount': 'Amount',
    'app.detail.description': 'Description',
    'app.detail.noLines': 'No expenses yet.',
    'app.detail.budget': 'Fund budget (fiscal year {year})',
    'app.detail.allocation': 'Allocation',
    'app.detail.reserved': 'Reserved',
    'app.detail.paid': 'Paid',
    'app.detail.remaining': 'Remaining',
    'app.detail.edit': 'Edit the application',
    'app.detail.saved': 'Saved.',
    'app.next.title': 'What happens next',
    'app.next.draft': 'This is a draft. Attach the documents needed and press “Submit”; nothing is reviewed before you submit.',
    'app.next.returned': 'Returned for changes. Read the comment, correct the application or its documents, and submit again.',
    'app.next.submitted': 'Received. The eligibility rules are being checked.',
    'app.next.ineligible': 'It does not meet the program’s rules, so it cannot go on to approval; see “Eligibility” below. Apply again if you need to.',
    'app.next.awaitingEndorsement': 'Waiting for the endorsement of {endorser}.',
    'app.next.endorseYou': 'Waiting for your endorsement. Read the application and answer below.',
    'app.next.awaitingApproval': 'Waiting for the approver’s decision. You will also be told by mail.',
    'app.next.decideYou': 'Waiting for your decision: approve, return or reject under “Decision” below.',
    'app.next.approved': 'Approved. Follow the money under “Payouts”.',
    'app.next.report': 'When the paper is published, report its DOI under “Report the published paper” by {date}.',
    'app.next.rejected': 'Not approved.',
    'app.next.withdrawn': 'Withdrawn.',
    'app.next.completed': 'Completed.',
    'app.decision.title': 'The approver’s decision',
    'app.decision.approve': 'Approved',
    'app.decision.reject': 'Rejected',
    'app.decision.return': 'Returned for changes',
    'app.decision.by': '{who}, {at}',
    'app.elig.title': 'Eligibility',
    'app.elig.ok': '✓ Meets every rule',
    'app.elig.bad': '✗ Does not meet the rules',
  },
});

/** One sentence about where the application stands and what, if anything, the reader should do. */
export function nextStep(view, program) {
  const app = view.application;
  const can = action => view.allowedActions.includes(action);
  const own = app.applicantId === session.me?.id;
  let text;
  if (can('endorse')) text = t('app.next.endorseYou');
  else if (can('decide')) text = t('app.next.decideYou');
  else if (!own) text = null;
  else if (app.status === 'awaitingEndorsement') text = t('app.next.awaitingEndorsement', { endorser: app.endorserName ?? app.endorserId });
  else if (app.status === 'approved' && program?.report && !app.report && app.reportDue) text = [t('app.next.approved'), ' ', t('app.next.report', { date: date(app.reportDue) })];
  else text = t('app.next.' + app.status);
  if (!text) return null;
  const attention = can('edit') || can('submit') || can('endorse') || can('decide') || app.status === 'ineligible';
  return h('div', { class: attention ? 'alert warn' : 'alert ok' }, h('h2', {}, t('app.next.title')), h('p', {}, text));
}

export function decisionCard(decision) {
  return h('section', { class: 'card', 'aria-labelledby': 'decision-title' },
    h('h2', { id: 'decision-title' }, t('app.decision.title')),
    h('p', {}, h('strong', {}, t('app.decision.' + decision.outcome))),
    decision.comment ? h('blockquote', {}, decision.comment) : null,
    h('p', { class: 'muted' }, t('app.decision.by', { who: who(decision.deciderId, decision.deciderName), at: dateTime(decision.at) })));
}

export function eligibilityCard(reasons) {
  return h('section', { class: 'card', 'aria-labelledby': 'elig-title' },
    h('h2', { id: 'elig-title' }, t('app.elig.title')),
    reasons.length === 0
      ? h('p', {}, h('span', { class: 'badge ok' }, t('app.elig.ok')))
      : [h('p', {}, h('span', { class: 'badge bad' }, t('app.elig.bad'))), h('ul', {}, reasons.map(r => h('li', {}, pick(r.messageJa, r.message))))]);
}

function factsOf(view, program) {
  const app = view.application;
  return [
    [t('app.detail.id'), app.id],
    [t('app.detail.applicant'), who(app.applicantId, app.applicantName)],
    [t('app.detail.program'), program ? programName(program) : app.programId],
    [t('app.detail.created'), dateTime(app.createdAt)],
    app.submittedAt ? [t('app.detail.submitted'), `${dateTime(app.submittedAt)} (${t('app.detail.submissions', { n: app.submissionCount })})`] : null,
    [t('app.detail.total'), monthly(view) ? planOf(view.plan) : yen(app.total)],
    app.paper.journal ? [t('app.detail.journal'), app.paper.journal] : null,
    program?.funding.some(f => f.when === 'jointUseResearch') ? [t('app.detail.jointUse'), t(app.paper.jointUseResearch ? 'app.detail.yes' : 'app.detail.no')] : null,
    app.endorserId ? [t('app.detail.endorser'), [who(app.endorserId, app.endorserName), app.endorsement ? ` — ${t('app.detail.endorsed', { at: dateTime(app.endorsement.at) })}` : null,
      app.endorsement?.comment ? h('blockquote', {}, app.endorsement.comment) : null]] : null,
    app.sendingUniversity ? [t('app.detail.sending'), `${app.sendingUniversity.institution} (${app.sendingUniversity.contactName}, ${app.sendingUniversity.contactEmail})`] : null,
    app.expectedArrival ? [t('app.detail.expectedArrival'), day(app.expectedArrival)] : null,
    app.arrivedOn ? [t('app.detail.arrivedOn'), day(app.arrivedOn)] : null,
    app.extensionMonths || app.extensionRequested ? [t('app.detail.extension'), listOf([
      app.extensionMonths ? t('app.detail.extensionValue', { n: app.extensionMonths }) : null,
      app.extensionRequested ? t('app.detail.extensionRequested', { n: app.extensionRequested }) : null].filter(Boolean))] : null,
    app.report ? [t('app.detail.report'), t('app.detail.reportDone', { doi: app.report.doi, at: dateTime(app.report.at) })]
      : app.reportDue && program?.report ? [t('app.detail.report'), t('app.detail.reportDue', { date: date(app.reportDue), what: pick(program.report.whatJa, program.report.whatEn) })] : null,
    app.payoutId || (monthly(view) && app.paidMonths) ? [t('app.detail.payout'), app.applicantId === session.me?.id ? h('a', { href: '#/payouts/mine' }, t('app.detail.payoutLink')) : app.payoutId ?? '—'] : null,
  ];
}

/** Monthly support as the API plans it: each phase's rate per month, the months, what approval reserves and why. */
function planOf(plan) {
  const phases = planPhases(plan);
  return [
    plan.months ? t('app.detail.plan', { phases, months: plan.months, reserved: yen(plan.reserved) }) : phases,
    h('br'), h('span', { class: 'muted' }, pick(plan.reasonJa, plan.reasonEn)),
  ];
}

/** The summary card: the facts, and the expense lines unless the edit form shows them. */
export function factsCard(view, program, editing) {
  return h('section', { class: 'card', 'aria-labelledby': 'facts-title' },
    h('h2', { id: 'facts-title' }, t('app.detail.summary')),
    facts(factsOf(view, program)),
    editing ? null : linesTable(view.application));
}

function linesTable(app) {
  return app.lines.length === 0
    ? h('p', { class: 'muted' }, t('app.detail.noLines'))
    : table([t('app.detail.kind'), t('app.detail.amount'), t('app.detail.description')],
      app.lines.map(l => [t('term.kind.' + l.kind), MONTHLY.includes(l.kind) ? t('app.programs.capMonthly', { amount: yen(l.amount) }) : yen(l.amount), l.description || '—']),
      { caption: t('app.detail.lines'), numeric: [1] });
}

export function budgetCard(view) {
  const { budget, application: app } = view;
  return h('section', { class: 'card', 'aria-labelledby': 'budget-title' },
    h('h2', { id: 'budget-title' }, t('app.detail.budget', { year: budget.fiscalYear })),
    facts([
      [t('app.detail.fund'), pick(view.fundNameJa, view.fundNameEn) || (app.fundId ?? budget.fundId)],
      [t('app.detail.allocation'), yen(budget.allocation)],
      [t('app.detail.reserved'), yen(budget.reserved)],
      [t('app.detail.paid'), yen(budget.paid)],
      [t('app.detail.remaining'), yen(budget.allocation - budget.reserved - budget.paid)],
    ]));
}
