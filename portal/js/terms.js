// The institute's vocabulary, shared by every screen: expense kinds, documents, positions and endorsers, named as
// the API names them (term.kind.openAccessCharge …), so one word means one thing everywhere in the portal.
import { h, lang, strings } from './core.js';

/** A program's description in the reader's language; programs published before the Japanese text existed fall back to English, marked as such for screen readers. */
export function programDescription(program) {
  const japanese = lang === 'ja' && program.descriptionJa;
  return h('p', { lang: japanese ? 'ja' : 'en' }, japanese ? program.descriptionJa : program.descriptionEn);
}

strings({
  ja: {
    'term.kind.submissionFee': '投稿料',
    'term.kind.englishProofreading': '英文校正費',
    'term.kind.openAccessCharge': 'オープンアクセス掲載料',
    'term.kind.conferencePresentation': '国際学会での発表',
    'term.kind.researchAssistantMonthly': 'RA 雇用(月額)',
    'term.kind.preArrivalMonthly': '渡日前の支援(月額)',
    'term.kind.postArrivalMonthly': '渡日後の支援(月額)',
    'term.doc.manuscript': '原稿',
    'term.doc.acceptanceLetter': '採録通知',
    'term.doc.invoice': '請求書',
    'term.doc.quote': '見積書',
    'term.doc.receipt': '領収書',
    'term.doc.conferenceAcceptance': '学会の採択通知',
    'term.doc.employmentPlan': 'RA 雇用計画書',
    'term.doc.admissionPapers': '入学関係書類',
    'term.doc.nomination': '派遣元大学の推薦書',
    'term.pos.professor': '教授',
    'term.pos.associateProfessor': '准教授',
    'term.pos.assistantProfessor': '助教',
    'term.pos.researchStaff': '研究員',
    'term.pos.postdoc': '博士研究員',
    'term.pos.graduateStudent': '大学院生',
    'term.pos.internationalStudent': '留学生',
    'term.pos.staff': '職員',
    'term.endorser.supervisor': '指導教員',
    'term.endorser.hostResearcher': '受け入れ研究者',
  },
  en: {
    'term.kind.submissionFee': 'Submission fee',
    'term.kind.englishProofreading': 'English proofreading',
    'term.kind.openAccessCharge': 'Open-access charge',
    'term.kind.conferencePresentation': 'Conference presentation',
    'term.kind.researchAssistantMonthly': 'RA employment (monthly)',
    'term.kind.preArrivalMonthly': 'Support before arrival (monthly)',
    'term.kind.postArrivalMonthly': 'Support after arrival (monthly)',
    'term.doc.manuscript': 'Manuscript',
    'term.doc.acceptanceLetter': 'Acceptance letter',
    'term.doc.invoice': 'Invoice',
    'term.doc.quote': 'Quote',
    'term.doc.receipt': 'Receipt',
    'term.doc.conferenceAcceptance': 'Conference acceptance',
    'term.doc.employmentPlan': 'RA employment plan',
    'term.doc.admissionPapers': 'Admission papers',
    'term.doc.nomination': 'Nomination by the sending university',
    'term.pos.professor': 'professor',
    'term.pos.associateProfessor': 'associate professor',
    'term.pos.assistantProfessor': 'assistant professor',
    'term.pos.researchStaff': 'research staff',
    'term.pos.postdoc': 'postdoc',
    'term.pos.graduateStudent': 'graduate student',
    'term.pos.internationalStudent': 'international student',
    'term.pos.staff': 'staff',
    'term.endorser.supervisor': 'Supervisor',
    'term.endorser.hostResearcher': 'Host researcher',
  },
});
