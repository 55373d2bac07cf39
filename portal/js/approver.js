// The approver's screen: the applications waiting for the signed-in person's decision, longest waiting first, each
// with what the decision needs beside it (eligibility, documents, the fund's money) and approve / return / reject in place;
// below them, the extension requests of monthly support waiting for the same person.
import { act, api, ApiError, dateTime, field, h, messageSlot, nav, pick, route, showError, showOk, since, strings, t, yen } from './core.js';
import { applicationHref, facts, planPhases, titleOf } from './applicant-common.js';

strings({
  ja: {
    'appr.nav': '承認',
    'appr.title': '承認待ちの申請',
    'appr.lead': '待ち時間の長い順に並んでいます。期限を過ぎた申請には「期限超過」の印が付きます。',
    'appr.reload': '最新の状態に更新',
    'appr.count': '{n}件(うち期限超過 {overdue}件)',
    'appr.empty': 'あなたの承認を待っている申請はありません。',
    'appr.overdue': '期限超過',
    'appr.delegate': '代理承認',
    'appr.delegateHint': 'あなたはこの経費の代理承認者です。',
    'appr.applicant': '申請者',
    'appr.program': 'プログラム',
    'appr.journal': '掲載誌・学会',
    'appr.amount': '承認で確保する額',
    'appr.monthly': '{phases}、{months}か月',
    'appr.waiting': '待ち時間',
    'appr.waitingSince': '{since}({at} から)',
    'appr.escalateAt': '期限',
    'appr.id': '申請番号',
    'appr.details': '申請の詳細と経過を見る',
    'appr.eligibility': '要件審査',
    'appr.eligible': '要件を満たしています',
    'appr.ineligible': '要件を満たしていません',
    'appr.documents': '書類',
    'appr.noDocuments': '書類はありません。',
    'appr.budget': '経費の予算',
    'appr.fund': '経費',
    'appr.allocation': '配分額',
    'appr.reserved': '確保済み',
    'appr.paid': '支払済み',
    'appr.remaining': '残額',
    'appr.fits': '予算内:承認後の残額 {after}',
    'appr.short': '予算不足:{short} 足りません',
    'appr.noBudget': 'この年度の予算が登録されていません。承認すると予算の確保に失敗します。',
    'appr.decision': '判断',
    'appr.comment': 'コメント',
    'appr.commentHint': '差し戻しと却下では必須です。申請者にメールで届きます。',
    'appr.approve': '承認',
    'appr.return': '差し戻し',
    'appr.reject': '却下',
    'appr.commentNeeded.title': 'コメントを入力してください',
    'appr.commentNeeded': '差し戻し・却下の理由を申請者に伝えるため、コメントが必要です。',
    'appr.done.approve': '「{title}」を承認しました。予算を確保し、支払を作成します。',
    'appr.done.return': '「{title}」を差し戻しました。申請者に通知します。',
    'appr.done.reject': '「{title}」を却下しました。申請者に通知します。',
    'appr.ext.title': '延長申請',
    'appr.ext.lead': '月額支援の延長を求める申請です。承認すると、延長した月数分の予算を確保します。',
    'appr.ext.empty': 'あなたの判断を待っている延長申請はありません。',
    'appr.ext.months': '延長する月数',
    'appr.ext.monthsValue': '{n}か月',
    'appr.ext.granted': '承認済みの延長',
    'appr.ext.reason': '理由',
    'appr.ext.approve': '延長を承認',
    'appr.ext.reject': '延長を認めない',
    'appr.ext.done.approve': '「{title}」の延長を承認しました。',
    'appr.ext.done.reject': '「{title}」の延長を認めませんでした。',
  },
  en: {
    'appr.nav': 'Approvals',
    'appr.title': 'Approval queue',
    'appr.lead': 'Longest waiting first. Applications past their deadline are marked “Overdue”.',
    'appr.reload': 'Refresh',
    'appr.count': '{n} waiting ({overdue} overdue)',
    'appr.empty': 'No application is waiting for your decision.',
    'appr.overdue': 'Overdue',
    'appr.delegate': 'As delegate',
    'appr.delegateHint': 'You decide this one as the fund’s delegate.',
    'appr.applicant': 'Applicant',
    'appr.program': 'Program',
    'appr.journal': 'Journal or conference',
    'appr.amount': 'Amount to reserve',
    'appr.monthly': '{phases}, for {months} months',
    'appr.waiting': 'Waiting',
    'appr.waitingSince': '{since} (since {at})',
    'appr.escalateAt': 'Deadline',
    'appr.id': 'Application',
    'appr.details': 'Details and timeline',
    'appr.eligibility': 'Eligibility',
    'appr.eligible': 'Meets every rule',
    'appr.ineligible': 'Does not meet the rules',
    'appr.documents': 'Documents',
    'appr.noDocuments': 'No documents.',
    'appr.budget': 'Fund budget',
    'appr.fund': 'Fund',
    'appr.allocation': 'Allocation',
    'appr.reserved': 'Reserved',
    'appr.paid': 'Paid',
    'appr.remaining': 'Remaining',
    'appr.fits': 'Fits: {after} left after approval',
    'appr.short': 'Does not fit: {short} short',
    'appr.noBudget': 'The fund has no budget for this fiscal year; approving would fail to reserve money.',
    'appr.decision': 'Decision',
    'appr.comment': 'Comment',
    'appr.commentHint': 'Required to return or reject. The applicant receives it by mail.',
    'appr.approve': 'Approve',
    'appr.return': 'Return for changes',
    'appr.reject': 'Reject',
    'appr.commentNeeded.title': 'Write a comment',
    'appr.commentNeeded': 'Tell the applicant why: a comment is required to return or reject.',
    'appr.done.approve': 'Approved “{title}”. The money is being reserved and the payout created.',
    'appr.done.return': 'Returned “{title}” for changes. The applicant will be told.',
    'appr.done.reject': 'Rejected “{title}”. The applicant will be told.',
    'appr.ext.title': 'Extension requests',
    'appr.ext.lead': 'Requests to extend monthly support. Approving reserves the extra months from the fund.',
    'appr.ext.empty': 'No extension request is waiting for your decision.',
    'appr.ext.months': 'Months requested',
    'appr.ext.monthsValue': '{n} months',
    'appr.ext.granted': 'Already extended',
    'appr.ext.reason': 'Reason',
    'appr.ext.approve': 'Approve extension',
    'appr.ext.reject': 'Refuse extension',
    'appr.ext.done.approve': 'Approved the extension of “{title}”.',
    'appr.ext.done.reject': 'Refused the extension of “{title}”.',
  },
});

nav('#/queue', () => t('appr.nav'), ['director', 'approver', 'delegate'], 10);
route('/queue', queueScreen);

async function queueScreen() {
  const slot = messageSlot();
  const count = h('p', { class: 'muted' });
  const list = h('div', {});
  const extensions = h('section', { 'aria-labelledby': 'ext-title' });
  const reload = h('button', { type: 'button', class: 'secondary', onclick: () => act(reload, slot, load) });
  reload.textContent = t('appr.reload');

  let items = [];
  const recount = () => {
    count.textContent = t('appr.count', { n: items.length, overdue: items.filter(i => i.overdue).length });
  };

  /** Takes a decided item off the list, says so, and puts focus where the next decision is. */
  const decided = (item, message) => {
    const index = items.indexOf(item);
    items = items.filter(i => i !== item);
    item.card.remove();
    recount();
    showOk(slot, message);
    if (items.length === 0) list.replaceChildren(h('p', {}, t('appr.empty')));
    const next = items[Math.min(index, items.length - 1)]?.card.querySelector('h2') ?? count;
    next.setAttribute('tabindex', '-1');
    next.focus();
  };

  async function load() {
    const [queue] = await Promise.all([api('GET', '/api/approvals'), loadExtensions(extensions, slot)]);
    items = queue.map(item => ({ ...item, card: null }));
    for (const item of items) item.card = queueCard(item, decided);
    recount();
    list.replaceChildren(...(items.length ? items.map(i => i.card) : [h('p', {}, t('appr.empty'))]));
  }

  await load();
  return h('section', {},
    h('h1', {}, t('appr.title')),
    h('p', {}, t('appr.lead')),
    h('div', { class: 'actions' }, reload),
    slot,
    count,
    list,
    extensions);
}

function queueCard(item, decided) {
  const { application: app, fund } = item;
  const headingId = `q-${app.id}`;
  const monthly = app.plan && app.plan.payment !== 'oneTime';
  return h('article', { class: item.overdue ? 'card overdue' : 'card', 'aria-labelledby': headingId },
    h('h2', { id: headingId }, h('a', { href: applicationHref(app.id) }, titleOf(app))),
    h('p', {},
      item.overdue ? [h('span', { class: 'badge bad' }, t('appr.overdue')), ' '] : null,
      item.asDelegate ? [h('span', { class: 'badge warn' }, t('appr.delegate')), ' '] : null,
      h('span', { class: 'badge' }, t('term.status.' + app.status)),
      item.asDelegate ? [' ', h('span', { class: 'muted' }, t('appr.delegateHint'))] : null),
    facts([
      [t('appr.applicant'), item.applicantName],
      [t('appr.program'), pick(item.programNameJa, item.programNameEn)],
      app.paper?.journal ? [t('appr.journal'), app.paper.journal] : null,
      [t('appr.amount'), monthly ? [yen(app.commitment), ' (', t('appr.monthly', { phases: planPhases(app.plan), months: app.plan.months }), ')'] : yen(app.commitment)],
      [t('appr.waiting'), t('appr.waitingSince', { since: since(item.waitingSince), at: dateTime(item.waitingSince) })],
      [t('appr.escalateAt'), [dateTime(item.escalateAt), item.overdue ? [' ', h('strong', {}, `(${t('appr.overdue')})`)] : null]],
      [t('appr.id'), h('a', { href: applicationHref(app.id) }, [app.id, ' — ', t('appr.details')])],
    ]),
    h('div', { class: 'grid' },
      eligibility(app),
      documents(app),
      budget(app, fund)),
    decisionForm(item, decided));
}

function eligibility(app) {
  const reasons = app.eligibilityReasons ?? [];
  return h('section', {},
    h('h3', {}, t('appr.eligibility')),
    reasons.length === 0
      ? h('p', {}, h('span', { class: 'badge ok' }, `✓ ${t('appr.eligible')}`))
      : [h('p', {}, h('span', { class: 'badge bad' }, `✗ ${t('appr.ineligible')}`)), h('ul', {}, reasons.map(r => h('li', {}, pick(r.messageJa, r.message))))]);
}

function documents(app) {
  const docs = app.documents ?? [];
  return h('section', {},
    h('h3', {}, t('appr.documents')),
    docs.length === 0
      ? h('p', { class: 'muted' }, t('appr.noDocuments'))
      : h('ul', {}, docs.map(d => h('li', {},
        h('a', { href: `/api/applications/${encodeURIComponent(app.id)}/documents/${encodeURIComponent(d.id)}` }, `${t('term.doc.' + d.kind)}: ${d.fileName}`),
        ' ', h('span', { class: 'muted' }, `(${Math.max(1, Math.round(d.size / 1024))} KB)`)))));
}

function budget(app, fund) {
  if (!fund) {
    return h('section', {}, h('h3', {}, t('appr.budget')), h('p', { class: 'alert warn' }, t('appr.noBudget')));
  }
  const after = fund.remaining - app.commitment;
  return h('section', {},
    h('h3', {}, t('appr.budget')),
    facts([
      [t('appr.fund'), pick(fund.nameJa, fund.nameEn)],
      [t('appr.allocation'), yen(fund.allocation)],
      [t('appr.reserved'), yen(fund.reserved)],
      [t('appr.paid'), yen(fund.paid)],
      [t('appr.remaining'), yen(fund.remaining)],
    ]),
    h('p', {}, after >= 0
      ? h('span', { class: 'badge ok' }, `✓ ${t('appr.fits', { after: yen(after) })}`)
      : h('span', { class: 'badge bad' }, `✗ ${t('appr.short', { short: yen(-after) })}`)));
}

function decisionForm(item, decided) {
  const app = item.application;
  const slot = messageSlot();
  const comment = h('textarea', { name: 'comment', maxlength: '500', rows: '3' });
  const form = h('form', { onsubmit: e => e.preventDefault() },
    h('fieldset', {},
      h('legend', {}, t('appr.decision')),
      slot,
      field(t('appr.comment'), comment, { hint: t('appr.commentHint') }),
      h('div', { class: 'actions' },
        button('approve', ''), button('return', 'secondary'), button('reject', 'danger'))));

  function button(decision, style) {
    const b = h('button', { type: 'button', class: style || null });
    b.textContent = t('appr.' + decision);
    b.addEventListener('click', async () => {
      if (decision !== 'approve' && comment.value.trim() === '') {
        showError(slot, new ApiError(400, { title: t('appr.commentNeeded.title'), errors: { comment: [t('appr.commentNeeded')] } }), form);
        comment.focus();
        return;
      }
      const buttons = [...form.querySelectorAll('button')];
      buttons.forEach(x => { x.disabled = true; });
      const done = await act(b, slot, () => api('POST', `/api/applications/${encodeURIComponent(app.id)}/decision`, { json: { decision, comment: comment.value.trim() } }).then(() => true), form);
      buttons.forEach(x => { x.disabled = false; });
      if (done) decided(item, t('appr.done.' + decision, { title: titleOf(app) }));
    });
    return b;
  }

  return form;
}

/**
 * Fills the extension section: approved monthly support whose holder asked for more months, kept only where the API
 * says this person may decide (the application's allowed actions), since the fund's approver decides, not every approver.
 */
async function loadExtensions(section, pageSlot) {
  const heading = h('h2', { id: 'ext-title' }, t('appr.ext.title'));
  const lead = h('p', {}, t('appr.ext.lead'));
  let views;
  let programs;
  try {
    const approved = await api('GET', '/api/applications?status=approved');
    const asked = approved.filter(a => a.extensionRequested > 0);
    [views, programs] = await Promise.all([
      Promise.all(asked.map(a => api('GET', `/api/applications/${encodeURIComponent(a.id)}`))),
      asked.length ? api('GET', '/api/programs') : [],
    ]);
  } catch (e) {
    const slot = messageSlot();
    section.replaceChildren(heading, slot);
    showError(slot, e);
    return;
  }
  const mine = views.filter(v => v.allowedActions.includes('decideExtension') && v.application.extensionRequested > 0);
  const empty = h('p', {}, t('appr.ext.empty'));
  heading.setAttribute('tabindex', '-1');
  const cards = mine.map(view => extensionCard(view, programs, card => {
    card.remove();
    if (!section.querySelector('article')) section.append(empty);
    heading.focus();
  }, pageSlot));
  section.replaceChildren(heading, lead, ...(cards.length ? cards : [empty]));
}

function extensionCard(view, programs, remove, pageSlot) {
  const app = view.application;
  const program = programs.find(p => p.id === app.programId);
  const request = [...view.timeline].reverse().find(e => e.action === 'extension-requested');
  const headingId = `x-${app.id}`;
  const slot = messageSlot();
  const comment = h('textarea', { name: 'comment', maxlength: '500', rows: '2' });
  const form = h('form', { onsubmit: e => e.preventDefault() }, slot, field(t('appr.comment'), comment), h('div', { class: 'actions' }, decide('approve', ''), decide('reject', 'danger')));
  const card = h('article', { class: 'card', 'aria-labelledby': headingId },
    h('h3', { id: headingId }, h('a', { href: applicationHref(app.id) }, titleOf(app))),
    facts([
      [t('appr.applicant'), app.applicantName ?? app.applicantId],
      program ? [t('appr.program'), pick(program.nameJa, program.nameEn)] : null,
      [t('appr.ext.months'), t('appr.ext.monthsValue', { n: app.extensionRequested })],
      [t('appr.ext.granted'), t('appr.ext.monthsValue', { n: app.extensionMonths })],
      // The trail writes "6 months: reason"; the months are shown above, so only the reason is repeated here.
      request ? [t('appr.ext.reason'), `${request.detailEn.replace(/^\d+ months: /, '')} (${dateTime(request.at)}, ${request.actorName ?? request.actor})`] : null,
      [t('appr.id'), app.id],
    ]),
    form);

  function decide(decision, style) {
    const b = h('button', { type: 'button', class: style || null });
    b.textContent = t('appr.ext.' + decision);
    b.addEventListener('click', async () => {
      const done = await act(b, slot, () => api('POST', `/api/applications/${encodeURIComponent(app.id)}/extension/decision`, { json: { decision, comment: comment.value.trim() } }).then(() => true), form);
      if (done) {
        remove(card);
        showOk(pageSlot, t('appr.ext.done.' + decision, { title: titleOf(app) }));
      }
    });
    return b;
  }

  return card;
}
