// The catalogue: each published program with who may apply, what it pays for and up to how much, the documents it
// needs and its calls, and whether the person signed in may apply (the API says: program.forYou, program.openCall).
import { h, hasRole, nav, nested, pick, route, session, strings, t, table, yen } from './core.js';
import { day, facts, listOf, MONTHLY, programName, programs } from './applicant-common.js';
import { programDescription } from './terms.js';

strings({
  ja: {
    'app.nav.programs': 'プログラム',
    'app.programs.title': '募集中のプログラム',
    'app.programs.lead': '各プログラムの対象者、支援する経費と上限、必要な書類、募集期間です。',
    'app.programs.who': '対象',
    'app.programs.youEligible': '✓ あなたの職位({position})は対象です',
    'app.programs.youNot': '✗ あなたの職位({position})は対象外です',
    'app.programs.clauseSep': '。',
    'app.programs.enrolled': '在籍している学生に限ります',
    'app.programs.career': '博士号取得後 {n} 年以内',
    'app.programs.capApplication': '1件あたりの上限',
    'app.programs.capYear': '1人あたりの年度上限',
    'app.programs.endorsement': '推薦',
    'app.programs.period': '支援期間',
    'app.programs.periodValue': '最長 {months} か月',
    'app.programs.periodExtension': '最長 {months} か月(さらに最長 {extension} か月延長できます)',
    'app.programs.report': '採択後の報告',
    'app.programs.reportValue': '{what}(採択から {days} 日以内)',
    'app.programs.expenses': '支援する経費',
    'app.programs.kind': '経費',
    'app.programs.cap': '上限',
    'app.programs.capMonthly': '{amount}/月',
    'app.programs.documents': '必要な書類',
    'app.programs.calls': '募集期間',
    'app.programs.callOpen': '募集中',
    'app.programs.callClosed': '募集期間外',
    'app.programs.callRange': '{opens} 〜 {closes}',
    'app.programs.noCalls': '現在、受付中・受付予定の募集はありません。',
    'app.programs.callUpcoming': '受付前',
    'app.programs.apply': '「{name}」に申請する',
    'app.programs.notOpen': '現在は募集していません。募集期間中に申請できます。',
    'app.programs.empty': '公開中のプログラムはありません。',
  },
  en: {
    'app.nav.programs': 'Programs',
    'app.programs.title': 'Open programs',
    'app.programs.lead': 'Who may apply to each program, what it pays for and up to how much, which documents it needs, and when it is open.',
    'app.programs.who': 'For',
    'app.programs.youEligible': '✓ Your position ({position}) is eligible',
    'app.programs.youNot': '✗ Your position ({position}) is not eligible',
    'app.programs.clauseSep': '; ',
    'app.programs.enrolled': 'enrolled students only',
    'app.programs.career': 'at most {n} years after the doctorate',
    'app.programs.capApplication': 'Cap per application',
    'app.programs.capYear': 'Cap per person and fiscal year',
    'app.programs.endorsement': 'Endorsed by',
    'app.programs.period': 'Support period',
    'app.programs.periodValue': 'Up to {months} months',
    'app.programs.periodExtension': 'Up to {months} months (extendable by up to {extension} months)',
    'app.programs.report': 'After approval',
    'app.programs.reportValue': 'Report {what} within {days} days of approval',
    'app.programs.expenses': 'What it pays for',
    'app.programs.kind': 'Expense',
    'app.programs.cap': 'Cap',
    'app.programs.capMonthly': '{amount} a month',
    'app.programs.documents': 'Documents needed',
    'app.programs.calls': 'Calls',
    'app.programs.callOpen': 'Open now',
    'app.programs.callClosed': 'Closed',
    'app.programs.callRange': '{opens} to {closes}',
    'app.programs.noCalls': 'No call is open or scheduled.',
    'app.programs.callUpcoming': 'Not yet open',
    'app.programs.apply': 'Apply to {name}',
    'app.programs.notOpen': 'Not open now. You can apply while a call is open.',
    'app.programs.empty': 'No program is published.',
  },
});

nav('#/programs', () => t('app.nav.programs'), ['applicant'], 10);
route('/programs', programsScreen);

async function programsScreen() {
  const list = await programs();
  return h('section', {},
    h('h1', {}, t('app.programs.title')),
    h('p', {}, t('app.programs.lead')),
    list.length ? list.map(programCard) : h('p', {}, t('app.programs.empty')));
}

function programCard(program) {
  const headingId = `program-${program.id}`;
  const position = session.me?.position;
  return h('article', { class: 'card', 'aria-labelledby': headingId },
    h('h2', { id: headingId }, programName(program)),
    // The API describes programs in English only; the language is marked so that screen readers pronounce it right.
    programDescription(program),
    position && hasRole('applicant') && program.forYou
      ? h('p', {}, program.forYou.eligible
        ? h('span', { class: 'badge ok' }, t('app.programs.youEligible', { position: t('term.pos.' + position) }))
        : h('span', { class: 'badge bad' }, t('app.programs.youNot', { position: t('term.pos.' + position) })))
      : null,
    facts(rules(program)),
    h('h3', {}, t('app.programs.expenses')),
    table([t('app.programs.kind'), t('app.programs.cap'), t('app.programs.documents')],
      program.expenses.map(e => [
        t('term.kind.' + e.kind),
        MONTHLY.includes(e.kind) ? t('app.programs.capMonthly', { amount: yen(e.capPerPaper) }) : yen(e.capPerPaper),
        listOf(e.requiredDocuments.map(d => t('term.doc.' + d))),
      ]), { numeric: [1] }),
    h('h3', {}, t('app.programs.calls')),
    program.calls.length === 0
      ? h('p', {}, t('app.programs.noCalls'))
      : h('ul', {}, program.calls.map(c => h('li', {},
        t('app.programs.callRange', { opens: day(c.opens), closes: day(c.closes) }), ' ',
        c.status === 'open' ? h('span', { class: 'badge ok' }, t('app.programs.callOpen'))
          : h('span', { class: 'badge' }, t(c.status === 'upcoming' ? 'app.programs.callUpcoming' : 'app.programs.callClosed'))))),
    hasRole('applicant')
      ? h('div', { class: 'actions' }, program.openCall
        ? h('a', { class: 'button', href: `#/programs/${encodeURIComponent(program.id)}/apply` }, t('app.programs.apply', { name: nested(programName(program)) }))
        : h('p', { class: 'muted' }, t('app.programs.notOpen')))
      : null);
}

/** The rules of a program as term/value pairs: who, caps, endorsement, period, report. */
function rules(program) {
  const whoMay = [listOf(program.eligiblePositions.map(p => t('term.pos.' + p)))];
  if (program.requiresEnrollment) whoMay.push(t('app.programs.enrolled'));
  if (program.maxYearsSinceDoctorate) whoMay.push(t('app.programs.career', { n: program.maxYearsSinceDoctorate }));
  const period = program.period ?? { maxMonths: 0, maxExtensionMonths: 0 };
  return [
    [t('app.programs.who'), whoMay.join(t('app.programs.clauseSep'))],
    [t('app.programs.capApplication'), yen(program.capPerApplication)],
    program.capPerPersonPerYear ? [t('app.programs.capYear'), yen(program.capPerPersonPerYear)] : null,
    program.endorsement ? [t('app.programs.endorsement'), t('term.endorser.' + program.endorsement)] : null,
    period.maxMonths > 0
      ? [t('app.programs.period'), period.maxExtensionMonths > 0
        ? t('app.programs.periodExtension', { months: period.maxMonths, extension: period.maxExtensionMonths })
        : t('app.programs.periodValue', { months: period.maxMonths })]
      : null,
    program.report
      ? [t('app.programs.report'), t('app.programs.reportValue', { what: pick(program.report.whatJa, program.report.whatEn), days: timeSpanDays(program.report.dueAfterApproval) })]
      : null,
  ];
}

/** Days in a .NET TimeSpan as the API writes it ("180.00:00:00"). */
const timeSpanDays = span => (String(span).includes('.') ? Number(String(span).split('.')[0]) : 0);
