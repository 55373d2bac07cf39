// The list of applications a person may read: their own, those they are asked to endorse (waiting ones first), and
// the others their role lets them see.
import { api, dateTime, h, hasRole, nav, route, session, strings, t, table, yen } from './core.js';
import { applicationHref, programName, programs, statusOf, titleOf } from './applicant-common.js';

strings({
  ja: {
    'app.nav.applications': '申請一覧',
    'app.list.title': '申請一覧',
    'app.list.new': '新しく申請する',
    'app.list.mine': 'あなたの申請',
    'app.list.endorsing': '推薦を依頼された申請',
    'app.list.others': 'そのほかの申請',
    'app.list.empty': 'まだ申請はありません。「プログラム」から申請できます。',
    'app.list.waitingForYou': 'あなたの推薦を待っています',
    'app.list.application': '申請',
    'app.list.program': 'プログラム',
    'app.list.status': '状態',
    'app.list.amount': '金額',
    'app.list.updated': '更新',
    'app.list.applicant': '申請者',
  },
  en: {
    'app.nav.applications': 'My applications',
    'app.list.title': 'My applications',
    'app.list.new': 'Apply for support',
    'app.list.mine': 'Your applications',
    'app.list.endorsing': 'Applications you are asked to endorse',
    'app.list.others': 'Other applications',
    'app.list.empty': 'You have no applications yet. Apply from “Programs”.',
    'app.list.waitingForYou': 'Waiting for your endorsement',
    'app.list.application': 'Application',
    'app.list.program': 'Program',
    'app.list.status': 'Status',
    'app.list.amount': 'Amount',
    'app.list.updated': 'Updated',
    'app.list.applicant': 'Applicant',
  },
});

nav('#/applications', () => t('app.nav.applications'), ['applicant'], 20);
route('/applications', applicationsScreen);

async function applicationsScreen() {
  const [applications, programList] = await Promise.all([api('GET', '/api/applications'), programs()]);
  const me = session.me?.id;
  const programOf = app => programList.find(p => p.id === app.programId);
  const newest = [...applications].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  const mine = newest.filter(a => a.applicantId === me);
  // Those waiting for this person's endorsement come first: they are the ones someone is waiting on.
  const endorsing = newest.filter(a => a.applicantId !== me && a.endorserId === me)
    .sort((a, b) => (b.status === 'awaitingEndorsement') - (a.status === 'awaitingEndorsement'));
  const others = newest.filter(a => a.applicantId !== me && a.endorserId !== me);

  const status = app => [
    h('span', { class: 'badge' }, statusOf(programOf(app), app.status)),
    app.endorserId === me && app.status === 'awaitingEndorsement' ? [' ', h('strong', {}, t('app.list.waitingForYou'))] : null,
  ];
  const link = app => h('a', { href: applicationHref(app.id) }, titleOf(app));
  const program = app => (programOf(app) ? programName(programOf(app)) : app.programId);
  const amount = app => yen(app.commitment ?? app.total);
  const section = (name, heading, list, withApplicant) => (list.length === 0 ? null : h('section', { 'aria-labelledby': `list-${name}` },
    h('h2', { id: `list-${name}` }, heading),
    table(
      [t('app.list.application'), withApplicant ? t('app.list.applicant') : null, t('app.list.program'), t('app.list.status'), t('app.list.amount'), t('app.list.updated')].filter(Boolean),
      list.map(a => [link(a), withApplicant ? a.applicantName ?? a.applicantId : null, program(a), status(a), amount(a), dateTime(a.updatedAt)].filter(c => c !== null)),
      { numeric: [withApplicant ? 4 : 3] })));

  return h('section', {},
    h('h1', {}, t('app.list.title')),
    hasRole('applicant') ? h('div', { class: 'actions' }, h('a', { class: 'button', href: '#/programs' }, t('app.list.new'))) : null,
    section('endorsing', t('app.list.endorsing'), endorsing, true),
    mine.length ? section('mine', t('app.list.mine'), mine, false) : h('p', {}, t('app.list.empty')),
    section('others', t('app.list.others'), others, true));
}
