// The applicant's screens: the programs and their rules, the form of each program, one application with its documents,
// its next steps and its timeline, the person's payouts and bank account. Supervisors and host researchers endorse from
// the same application screen, and staff read (and the director decides) there too: every button on it comes from the
// API's allowedActions for the person signed in, never from the status alone.
import {
  act, api, ApiError, date, dateTime, ETAG, field, go, h, hasRole, messageSlot, nav, newKey, pick, route, session,
  showError, showOk, strings, t, table, yen,
} from './core.js';
import { programDescription } from './terms.js';

strings({
  ja: {
    'app.nav.programs': 'プログラム',
    'app.nav.applications': '申請一覧',
    'app.nav.payouts': '支払',
    'app.nav.bank': '振込口座',
    'app.you': 'あなた',
    'app.system': 'システム',
    'app.none': 'なし',

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

    'app.apply.title': '申請: {name}',
    'app.apply.lead': '入力して「下書き保存」を押すと下書きができます。書類の添付と提出は保存した後の画面で行います。',
    'app.apply.rules': 'プログラムの規則を見る',
    'app.apply.notFound': 'このプログラムは見つかりません',
    'app.apply.notFoundDetail': 'プログラムの一覧から選び直してください。',
    'app.apply.closed': 'このプログラムは現在募集していません。下書きは保存できますが、提出は募集期間中だけです。',
    'app.apply.notEligible': 'あなたの職位({position})はこのプログラムの対象外です。提出すると要件外と判定されます。',
    'app.apply.created': '下書きを保存しました。必要な書類を添付して、「提出する」を押してください。',

    'app.form.work': '研究の内容',
    'app.form.paperTitle': '論文の題目',
    'app.form.paperJournal': '投稿先の雑誌',
    'app.form.researchTitle': '共同研究の題目',
    'app.form.researchPlan': '研究計画',
    'app.form.workTitle': '発表・論文・共同研究の題目',
    'app.form.workWhere': '学会・雑誌・共同研究先',
    'app.form.optional': '任意',
    'app.form.jointUse': '共同利用研究の成果です',
    'app.form.jointUseHint': '共同利用研究の成果の場合は共同利用経費から支払われ、その担当者が承認します。',
    'app.form.expenses': '申請する経費',
    'app.form.expensesHint': '申請する経費だけ金額を入力し、ほかは空欄のままにしてください。',
    'app.form.mixedHint': '月額の支援と1回限りの経費は、別々の申請にしてください。',
    'app.form.amount': '金額(円)',
    'app.form.amountMonthly': '月額(円)',
    'app.form.amountHint': '上限 {cap}。必要な書類: {documents}',
    'app.form.amountMonthlyHint': '1か月あたり、上限 {cap}。必要な書類: {documents}',
    'app.form.description': '内容',
    'app.form.descriptionHint': '費用の内容(請求書番号など)',
    'app.form.months': '支援を受ける月数',
    'app.form.monthsHint': '月額の支援を申請する場合に入力します(最長 {max} か月)。',
    'app.form.endorser.supervisor': '指導教員のサインイン名(メールアドレス)',
    'app.form.endorser.hostResearcher': '受け入れ研究者のサインイン名(メールアドレス)',
    'app.form.endorserHint': '提出すると、この人に推薦を依頼します。例: kato@example.ac.jp',
    'app.form.sending': '派遣元の大学',
    'app.form.institution': '大学名',
    'app.form.contactName': '担当者の氏名',
    'app.form.contactEmail': '担当者のメールアドレス',
    'app.form.expectedArrival': '渡日予定日',
    'app.form.expectedArrivalHint': '渡日するまでは渡日前の月額、渡日後は渡日後の月額が支払われます。',
    'app.form.save': '下書き保存',
    'app.form.invalid': '入力内容を確認してください',
    'app.form.amountInvalid': '金額は1円以上の整数で入力してください(例: 264000)。',
    'app.form.amountMissing': '内容を書いた経費には金額も入力してください。',
    'app.form.monthsInvalid': '月数は1以上の整数で入力してください。',

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

    'app.detail.summary': '申請の内容',
    'app.detail.program': 'プログラム',
    'app.detail.id': '申請番号',
    'app.detail.applicant': '申請者',
    'app.detail.created': '作成',
    'app.detail.submitted': '提出',
    'app.detail.submissions': '{n} 回目の提出',
    'app.detail.total': '申請額',
    'app.detail.monthly': '{amount} × {months} か月(確保額 {commitment})',
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
    'app.next.awaitingEndorsement': '{endorser} の推薦を待っています。',
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

    'app.docs.title': '書類',
    'app.docs.remove': '外す',
    'app.docs.removed': '「{file}」を申請から外しました。',
    'app.docs.none': '添付された書類はありません。',
    'app.docs.needed': '必要な書類',
    'app.docs.have': '✓ {kind}: 添付済み',
    'app.docs.missing': '✗ {kind}: まだ添付されていません',
    'app.docs.size': '{kb} KB、{at}',
    'app.docs.upload': '書類を添付する',
    'app.docs.kind': '書類の種類',
    'app.docs.other': 'その他の書類',
    'app.docs.file': 'ファイル(PDF、20 MB まで)',
    'app.docs.send': '添付する',
    'app.docs.progress': 'アップロードの進み具合',
    'app.docs.percent': '{n}%',
    'app.docs.chooseFile': 'ファイルを選んでください',
    'app.docs.chooseFileDetail': '添付する PDF ファイルを選んでから「添付する」を押してください。',
    'app.docs.tooLarge': 'ファイルが大きすぎます',
    'app.docs.tooLargeDetail': '20 MB 以下の PDF にしてください。',
    'app.docs.added': '「{file}」を{kind}として添付しました。',

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

    'app.timeline.title': '経過',
    'app.timeline.empty': '記録はまだありません。',

    'app.pay.title': 'あなたへの支払',
    'app.pay.lead': '採択された申請の支払です。研究所がまとめて振り込みます。',
    'app.pay.empty': 'まだ支払はありません。',
    'app.pay.application': '申請',
    'app.pay.amount': '金額',
    'app.pay.status': '状態',
    'app.pay.created': '作成',
    'app.pay.paidOn': '振込日',
    'app.pay.note': '備考',
    'app.pay.month': '{n} か月目',
    'app.pay.returned': '銀行から返却されました({reason})。次の振込で送り直します。',
    'app.pay.cancelled': '取消: {reason}',
    'app.pay.totalPaid': '振込済みの合計: {amount}',
    'app.pay.totalWaiting': '振込待ちの合計: {amount}',
    'app.pay.noAccount': '振込口座が登録されていないため、振り込めません。',
    'app.pay.addAccount': '振込口座を登録する',
    'app.pay.s.approved': '振込待ち', 'app.pay.s.batched': '振込準備中', 'app.pay.s.exported': '銀行へ依頼済み', 'app.pay.s.paid': '振込済み', 'app.pay.s.cancelled': '取消',

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

    'app.list.sep': '、',
  },
  en: {
    'app.nav.programs': 'Programs',
    'app.nav.applications': 'My applications',
    'app.nav.payouts': 'Payouts',
    'app.nav.bank': 'Bank account',
    'app.you': 'you',
    'app.system': 'system',
    'app.none': 'none',

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

    'app.apply.title': 'Apply: {name}',
    'app.apply.lead': 'Fill in the form and press “Save draft”. You attach documents and submit on the next screen.',
    'app.apply.rules': 'Read the program’s rules',
    'app.apply.notFound': 'Program not found',
    'app.apply.notFoundDetail': 'Choose a program from the list again.',
    'app.apply.closed': 'This program is not open now. You can save a draft, but submit only while a call is open.',
    'app.apply.notEligible': 'Your position ({position}) is not eligible for this program; a submission would be found ineligible.',
    'app.apply.created': 'Draft saved. Attach the documents needed, then press “Submit”.',

    'app.form.work': 'The work',
    'app.form.paperTitle': 'Paper title',
    'app.form.paperJournal': 'Journal',
    'app.form.researchTitle': 'Joint research title',
    'app.form.researchPlan': 'Research plan',
    'app.form.workTitle': 'Title of the talk, paper or joint research',
    'app.form.workWhere': 'Conference, journal or research partner',
    'app.form.optional': 'Optional',
    'app.form.jointUse': 'This is a result of joint-use research',
    'app.form.jointUseHint': 'Joint-use research is paid from the joint-use research budget and approved by its office.',
    'app.form.expenses': 'Expenses',
    'app.form.expensesHint': 'Enter an amount only for the expenses you apply for; leave the others empty.',
    'app.form.mixedHint': 'Monthly support and one-time expenses go in separate applications.',
    'app.form.amount': 'Amount (yen)',
    'app.form.amountMonthly': 'Monthly amount (yen)',
    'app.form.amountHint': 'Up to {cap}. Documents needed: {documents}',
    'app.form.amountMonthlyHint': 'Per month, up to {cap}. Documents needed: {documents}',
    'app.form.description': 'Description',
    'app.form.descriptionHint': 'What it pays for, such as the invoice number',
    'app.form.months': 'Months of support',
    'app.form.monthsHint': 'For monthly support (at most {max} months).',
    'app.form.endorser.supervisor': 'Supervisor’s sign-in name (email)',
    'app.form.endorser.hostResearcher': 'Host researcher’s sign-in name (email)',
    'app.form.endorserHint': 'On submission they are asked to endorse the application. For example: kato@example.ac.jp',
    'app.form.sending': 'Sending university',
    'app.form.institution': 'University',
    'app.form.contactName': 'Contact person',
    'app.form.contactEmail': 'Contact email',
    'app.form.expectedArrival': 'Expected arrival in Japan',
    'app.form.expectedArrivalHint': 'Support is paid at the pre-arrival rate until the arrival is recorded, then at the post-arrival rate.',
    'app.form.save': 'Save draft',
    'app.form.invalid': 'Check what you entered',
    'app.form.amountInvalid': 'Enter the amount as a whole number of yen, at least 1 (for example 264000).',
    'app.form.amountMissing': 'Enter an amount for an expense you describe.',
    'app.form.monthsInvalid': 'Enter the months as a whole number, at least 1.',

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

    'app.detail.summary': 'Application details',
    'app.detail.program': 'Program',
    'app.detail.id': 'Application',
    'app.detail.applicant': 'Applicant',
    'app.detail.created': 'Created',
    'app.detail.submitted': 'Submitted',
    'app.detail.submissions': 'submission {n}',
    'app.detail.total': 'Amount',
    'app.detail.monthly': '{amount} × {months} months ({commitment} reserved)',
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

    'app.docs.title': 'Documents',
    'app.docs.remove': 'Remove',
    'app.docs.removed': 'Removed {file} from the application.',
    'app.docs.none': 'No documents attached.',
    'app.docs.needed': 'Documents needed',
    'app.docs.have': '✓ {kind}: attached',
    'app.docs.missing': '✗ {kind}: not attached yet',
    'app.docs.size': '{kb} KB, {at}',
    'app.docs.upload': 'Attach a document',
    'app.docs.kind': 'Kind of document',
    'app.docs.other': 'Other documents',
    'app.docs.file': 'File (PDF, up to 20 MB)',
    'app.docs.send': 'Attach',
    'app.docs.progress': 'Upload progress',
    'app.docs.percent': '{n}%',
    'app.docs.chooseFile': 'Choose a file',
    'app.docs.chooseFileDetail': 'Choose the PDF to attach, then press “Attach”.',
    'app.docs.tooLarge': 'The file is too large',
    'app.docs.tooLargeDetail': 'Attach a PDF of at most 20 MB.',
    'app.docs.added': 'Attached “{file}” as {kind}.',

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

    'app.timeline.title': 'Timeline',
    'app.timeline.empty': 'Nothing recorded yet.',

    'app.pay.title': 'Your payouts',
    'app.pay.lead': 'Payouts of your approved applications. The institute transfers them in batches.',
    'app.pay.empty': 'No payouts yet.',
    'app.pay.application': 'Application',
    'app.pay.amount': 'Amount',
    'app.pay.status': 'Status',
    'app.pay.created': 'Created',
    'app.pay.paidOn': 'Transferred on',
    'app.pay.note': 'Note',
    'app.pay.month': 'month {n}',
    'app.pay.returned': 'Returned by the bank ({reason}); it will be sent again in the next transfer.',
    'app.pay.cancelled': 'Cancelled: {reason}',
    'app.pay.totalPaid': 'Transferred in total: {amount}',
    'app.pay.totalWaiting': 'Waiting to be transferred: {amount}',
    'app.pay.noAccount': 'You have no bank account registered, so nothing can be transferred to you.',
    'app.pay.addAccount': 'Register a bank account',
    'app.pay.s.approved': 'Waiting for transfer', 'app.pay.s.batched': 'Being prepared', 'app.pay.s.exported': 'Sent to the bank', 'app.pay.s.paid': 'Transferred', 'app.pay.s.cancelled': 'Cancelled',

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

    'app.list.sep': ', ',
  },
});

nav('#/programs', () => t('app.nav.programs'), ['applicant'], 10);
nav('#/applications', () => t('app.nav.applications'), ['applicant'], 20);
nav('#/payouts/mine', () => t('app.nav.payouts'), ['applicant'], 30);
nav('#/bank-account', () => t('app.nav.bank'), ['applicant'], 40);
route('/programs', programsScreen);
route('/programs/:id/apply', applyScreen);
route('/applications', applicationsScreen);
route('/applications/:id', applicationScreen);
route('/payouts/mine', payoutsScreen);
route('/bank-account', bankAccountScreen);

// ---- Shared pieces -----------------------------------------------------------------------------------------------

const MONTHLY = ['researchAssistantMonthly', 'preArrivalMonthly', 'postArrivalMonthly'];
const ARRIVAL = ['preArrivalMonthly', 'postArrivalMonthly'];
const DOCUMENT_KINDS = ['invoice', 'receipt', 'quote', 'manuscript', 'acceptanceLetter', 'conferenceAcceptance', 'employmentPlan', 'admissionPapers', 'nomination'];
const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

const applicationUrl = id => `/api/applications/${encodeURIComponent(id)}`;
const applicationHref = id => `#/applications/${encodeURIComponent(id)}`;
const titleOf = app => app.paper?.title || app.id;
const listOf = items => items.join(t('app.list.sep'));
const facts = pairs => h('dl', { class: 'facts' }, pairs.filter(Boolean).map(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]));
const programName = program => pick(program.nameJa, program.nameEn);
const statusLabel = view => pick(view.statusLabelJa, view.statusLabelEn);
const who = id => (id === session.me?.id ? t('app.you') : id === 'system' ? t('app.system') : id);
/** A calendar date the API sends as yyyy-MM-dd, read as that day wherever the browser is. */
const day = value => (value ? date(`${value}T00:00:00`) : '—');
/** Today in Japan, where calls open and close. */
const japanToday = () => new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
const isMonthly = app => app.lines.some(l => MONTHLY.includes(l.kind));

/** The programs change only when one is published; one read per page load is enough, and a failed read is retried. */
let programsRead = null;
function programs() {
  programsRead ??= api('GET', '/api/programs').catch(e => {
    programsRead = null;
    throw e;
  });
  return programsRead;
}

/** The open call of a program today (the API says where each call stands, in Japan's days), or undefined. */
const openCall = program => program.calls.find(c => c.status === 'open');

/** Days in a .NET TimeSpan as the API writes it ("180.00:00:00"). */
const timeSpanDays = span => (String(span).includes('.') ? Number(String(span).split('.')[0]) : 0);

/** A status label from a program's states table, for lists (the API labels each application only when read one by one). */
function statusOf(program, status) {
  const state = program?.states.states.find(s => s.status === status);
  return state ? pick(state.labelJa, state.labelEn) : status;
}

/** A refusal made in the page, shown exactly like one from the API, so the reader fixes it in the same place. */
const invalid = (errors, title = t('app.form.invalid'), detail) => new ApiError(400, { title, detail, errors });

/** Moves focus to the message in a slot, so that keyboard and screen-reader users land on the outcome of what they did. */
function focusMessage(slot) {
  const alert = slot.querySelector('.alert');
  if (alert) {
    alert.setAttribute('tabindex', '-1');
    alert.focus();
  }
}

/**
 * A form for one action, in a fieldset when it has a legend, with its own message slot so that its errors and its
 * progress appear beside it; the page never reloads on submit.
 */
function actionForm(legend, ...children) {
  const content = [messageSlot(), ...children];
  const form = h('form', { novalidate: true }, legend ? h('fieldset', {}, h('legend', {}, legend), content) : content);
  form.addEventListener('submit', e => e.preventDefault());
  return form;
}

const slotOf = form => form.querySelector('.messages');

function button(text, attrs = {}) {
  return h('button', { type: 'button', ...attrs }, text);
}

// ---- Programs ----------------------------------------------------------------------------------------------------

async function programsScreen() {
  const list = await programs();
  return h('section', {},
    h('h1', {}, t('app.programs.title')),
    h('p', {}, t('app.programs.lead')),
    list.length ? list.map(programCard) : h('p', {}, t('app.programs.empty')));
}

function programCard(program) {
  const headingId = `program-${program.id}`;
  const call = openCall(program);
  const position = session.me?.position;
  return h('article', { class: 'card', 'aria-labelledby': headingId },
    h('h2', { id: headingId }, programName(program)),
    // The API describes programs in English only; the language is marked so that screen readers pronounce it right.
    programDescription(program),
    position && hasRole('applicant')
      ? h('p', {}, program.eligiblePositions.includes(position)
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
        c === call ? h('span', { class: 'badge ok' }, t('app.programs.callOpen'))
          : h('span', { class: 'badge' }, t(c.status === 'upcoming' ? 'app.programs.callUpcoming' : 'app.programs.callClosed'))))),
    hasRole('applicant')
      ? h('div', { class: 'actions' }, call
        ? h('a', { class: 'button', href: `#/programs/${encodeURIComponent(program.id)}/apply` }, t('app.programs.apply', { name: programName(program) }))
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

// ---- The application form ----------------------------------------------------------------------------------------

async function applyScreen({ id }) {
  const program = (await programs()).find(p => p.id === id);
  if (!program) throw new ApiError(404, { title: t('app.apply.notFound'), detail: t('app.apply.notFoundDetail') });
  const slot = messageSlot();
  const position = session.me?.position;
  // One key for this form: a retry after a lost answer finds the draft the first attempt made instead of a second one.
  const key = newKey();
  const form = draftForm(program, null, async body => {
    const saved = await api('POST', '/api/applications', { json: body, key });
    flash = t('app.apply.created');
    go(`/applications/${encodeURIComponent(saved.application.id)}`);
  }, slot);
  return h('section', {},
    h('h1', {}, t('app.apply.title', { name: programName(program) })),
    h('p', {}, t('app.apply.lead'), ' ', h('a', { href: '#/programs' }, t('app.apply.rules'))),
    openCall(program) ? null : h('p', { class: 'alert warn' }, t('app.apply.closed')),
    position && !program.eligiblePositions.includes(position)
      ? h('p', { class: 'alert warn' }, t('app.apply.notEligible', { position: t('term.pos.' + position) }))
      : null,
    slot,
    h('div', { class: 'card' }, form));
}

/** A message for the next screen to show, such as "draft saved" after a new draft opens its own page. */
let flash = null;

/**
 * The form of one program, built from its rules: an amount per expense kind it pays for, the endorser it asks for,
 * the months of monthly support, and the sending university and arrival of an international student. Field names are
 * the API's error keys, so each refusal is shown next to its field.
 */
function draftForm(program, application, save, slot) {
  const kinds = program.expenses.map(e => e.kind);
  const arrival = kinds.some(k => ARRIVAL.includes(k));
  const paperLike = program.report || kinds.includes('submissionFee');
  const [titleKey, whereKey] = paperLike ? ['app.form.paperTitle', 'app.form.paperJournal']
    : arrival ? ['app.form.researchTitle', 'app.form.researchPlan'] : ['app.form.workTitle', 'app.form.workWhere'];
  const text = (name, value, attrs = {}) => h('input', { type: 'text', name, value: value ?? '', maxlength: '500', ...attrs });

  const title = text('paper.title', application?.paper.title, { required: true, autocomplete: 'off' });
  const journal = text('paper.journal', application?.paper.journal, { autocomplete: 'off' });
  // The joint-use hint sits under the checkbox row rather than between the box and its label.
  const jointUseHint = `${program.id}-joint-use-hint`;
  const jointUse = program.funding.some(f => f.when === 'jointUseResearch')
    ? h('input', { type: 'checkbox', name: 'paper.jointUseResearch', checked: application?.paper.jointUseResearch === true, 'aria-describedby': jointUseHint })
    : null;

  // One row per expense line of the application, then an empty row for each kind the program pays that it lacks.
  const lines = application?.lines ?? [];
  const rows = [...lines, ...kinds.filter(k => !lines.some(l => l.kind === k)).map(kind => ({ kind }))]
    .sort((a, b) => kinds.indexOf(a.kind) - kinds.indexOf(b.kind))
    .map((line, i) => expenseRow(program, line, i));

  const months = program.period?.maxMonths > 0
    ? h('input', { type: 'text', inputmode: 'numeric', name: 'months', value: application?.months || '', size: '4', autocomplete: 'off' })
    : null;
  const endorser = program.endorsement
    ? h('input', { type: 'email', name: 'endorserId', value: application?.endorserId ?? '', autocomplete: 'off', spellcheck: 'false' })
    : null;
  const partner = arrival ? {
    institution: text('sendingUniversity.institution', application?.sendingUniversity?.institution),
    contactName: text('sendingUniversity.contactName', application?.sendingUniversity?.contactName),
    contactEmail: h('input', { type: 'email', name: 'sendingUniversity.contactEmail', value: application?.sendingUniversity?.contactEmail ?? '', maxlength: '500' }),
  } : null;
  const expected = arrival ? h('input', { type: 'date', name: 'expectedArrival', value: application?.expectedArrival ?? '' }) : null;

  const saveButton = h('button', { type: 'submit' }, t('app.form.save'));
  const form = h('form', { novalidate: true },
    h('fieldset', {},
      h('legend', {}, t('app.form.work')),
      field(t(titleKey), title),
      field(t(whereKey), journal, { hint: t('app.form.optional') }),
      jointUse ? [field(t('app.form.jointUse'), jointUse, { inline: true }), h('p', { class: 'hint', id: jointUseHint }, t('app.form.jointUseHint'))] : null),
    h('fieldset', {},
      h('legend', {}, t('app.form.expenses')),
      h('p', { class: 'hint' }, t('app.form.expensesHint'), kinds.some(k => MONTHLY.includes(k)) && kinds.some(k => !MONTHLY.includes(k)) ? [' ', t('app.form.mixedHint')] : null),
      rows.map(r => r.element),
      months ? field(t('app.form.months'), months, { hint: t('app.form.monthsHint', { max: program.period.maxMonths }) }) : null),
    endorser ? field(t('app.form.endorser.' + program.endorsement), endorser, { hint: t('app.form.endorserHint') }) : null,
    partner
      ? h('fieldset', {},
        h('legend', {}, t('app.form.sending')),
        field(t('app.form.institution'), partner.institution),
        field(t('app.form.contactName'), partner.contactName),
        field(t('app.form.contactEmail'), partner.contactEmail))
      : null,
    expected ? field(t('app.form.expectedArrival'), expected, { hint: t('app.form.expectedArrivalHint') }) : null,
    h('div', { class: 'actions' }, saveButton));

  form.addEventListener('submit', async e => {
    e.preventDefault();
    await act(saveButton, slot, () => save(read()), form);
  });

  /** The DraftRequest the form holds; refuses in the page what the API could not read (an amount that is not a number). */
  function read() {
    const errors = {};
    const body = {
      programId: program.id,
      paper: { title: title.value, journal: journal.value, jointUseResearch: jointUse?.checked ?? false },
      lines: [],
    };
    for (const row of rows) {
      const line = row.read(body.lines.length, errors);
      if (line) body.lines.push(line);
    }
    if (months && months.value.trim() !== '') {
      if (!/^\d+$/.test(months.value.trim()) || Number(months.value) < 1) errors.months = [t('app.form.monthsInvalid')];
      body.months = Number(months.value.trim());
    }
    if (endorser) body.endorserId = endorser.value.trim() || null;
    if (partner && Object.values(partner).some(i => i.value.trim() !== '')) {
      body.sendingUniversity = { institution: partner.institution.value, contactName: partner.contactName.value, contactEmail: partner.contactEmail.value };
    }
    if (expected) body.expectedArrival = expected.value || null;
    if (Object.keys(errors).length) throw invalid(errors);
    return body;
  }

  return form;
}

/** One expense line of the form: an amount (blank: not applied for) and a description, named lines[i].… once numbered. */
function expenseRow(program, line, index) {
  const rule = program.expenses.find(e => e.kind === line.kind);
  const monthly = MONTHLY.includes(line.kind);
  const amount = h('input', { type: 'text', inputmode: 'numeric', name: `amount-${index}`, value: line.amount ?? '', autocomplete: 'off', size: '12' });
  const description = h('input', { type: 'text', name: `description-${index}`, value: line.description ?? '', maxlength: '500', autocomplete: 'off' });
  const documents = listOf((rule?.requiredDocuments ?? []).map(d => t('term.doc.' + d))) || t('app.none');
  const amountField = field(t(monthly ? 'app.form.amountMonthly' : 'app.form.amount'), amount,
    { hint: rule ? t(monthly ? 'app.form.amountMonthlyHint' : 'app.form.amountHint', { cap: yen(rule.capPerPaper), documents }) : null });
  const descriptionField = field(t('app.form.description'), description, { hint: t('app.form.descriptionHint') });
  const element = h('fieldset', {}, h('legend', {}, t('term.kind.' + line.kind)), amountField, descriptionField);
  return {
    element,
    /** The line for the API as lines[position], or null when left empty; errors are keyed as the API would key them. */
    read(position, errors) {
      const raw = amount.value.replace(/[¥￥,，\s円]/g, '');
      const said = description.value.trim();
      amountField.dataset.field = `lines[${position}].amount`;
      descriptionField.dataset.field = `lines[${position}].description`;
      if (raw === '' && said === '') {
        amountField.dataset.field = amount.name;
        descriptionField.dataset.field = description.name;
        return null;
      }
      if (raw === '') errors[`lines[${position}].amount`] = [t('app.form.amountMissing')];
      else if (!/^\d+$/.test(raw) || Number(raw) < 1) errors[`lines[${position}].amount`] = [t('app.form.amountInvalid')];
      return { kind: line.kind, amount: Number(raw), description: said };
    },
  };
}

// ---- Applications list -------------------------------------------------------------------------------------------

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
      list.map(a => [link(a), withApplicant ? a.applicantId : null, program(a), status(a), amount(a), dateTime(a.updatedAt)].filter(c => c !== null)),
      { numeric: [withApplicant ? 4 : 3] })));

  return h('section', {},
    h('h1', {}, t('app.list.title')),
    hasRole('applicant') ? h('div', { class: 'actions' }, h('a', { class: 'button', href: '#/programs' }, t('app.list.new'))) : null,
    section('endorsing', t('app.list.endorsing'), endorsing, true),
    mine.length ? section('mine', t('app.list.mine'), mine, false) : h('p', {}, t('app.list.empty')),
    section('others', t('app.list.others'), others, true));
}

// ---- One application ---------------------------------------------------------------------------------------------

async function applicationScreen({ id }) {
  const page = h('section', {});
  const slot = messageSlot();
  let view;
  let program;
  // Changes typed into the edit form and not saved yet: submitting would send the saved version without them, and
  // a refresh (after an upload, say) keeps that form as it is instead of drawing it anew from the saved version.
  let unsaved = false;
  let editSection = null;

  async function load() {
    const [read, programList] = await Promise.all([api('GET', applicationUrl(id)), programs()]);
    view = read;
    program = programList.find(p => p.id === view.application.programId);
    draw();
  }

  function draw() {
    const app = view.application;
    const can = action => view.allowedActions.includes(action);
    if (!can('edit') || !program) {
      editSection = null;
      unsaved = false;
    } else if (!unsaved || !editSection) {
      editSection = editCard();
      unsaved = false;
    }
    page.replaceChildren(...[
      h('h1', {}, titleOf(app)),
      h('p', {},
        h('span', { class: 'badge' }, statusLabel(view)), ' ',
        program ? programName(program) : app.programId, ' ',
        h('span', { class: 'muted' }, `(${app.id})`)),
      slot,
      nextStep(view, program),
      app.decision ? decisionCard(app.decision) : null,
      app.eligibilityReasons ? eligibilityCard(app.eligibilityReasons) : null,
      h('section', { class: 'card', 'aria-labelledby': 'facts-title' },
        h('h2', { id: 'facts-title' }, t('app.detail.summary')),
        facts(factsOf(view, program)),
        can('edit') ? null : linesTable(app)),
      view.budget ? budgetCard(view) : null,
      documentsCard(view, program, can('upload') ? uploadForm : null, can('upload') ? removeDocument : null),
      editSection,
      actionsCard(view, program, can),
      timeline(view.timeline),
    ].filter(Boolean));
  }

  /** Takes a wrongly attached document off the application; the edits typed into the form stay, as with an upload. */
  async function removeDocument(attached, button) {
    const removed = await act(button, slot, () => api('DELETE', `${applicationUrl(view.application.id)}/documents/${encodeURIComponent(attached.id)}`));
    if (removed) await refresh(t('app.docs.removed', { file: attached.fileName }));
  }

  /** Re-reads the application and shows a message about what just happened, focused for the reader. */
  async function refresh(message) {
    await load();
    if (message) {
      showOk(slot, message);
      focusMessage(slot);
    }
  }

  /**
   * Sends an action the workflow carries out after answering 202, then reads the application every second (for up to
   * 20 seconds) until the change shows, with a labelled progress indicator beside the form meanwhile; the buttons stay
   * disabled so the action is not sent twice. The outcome is then shown (and focused) at the top of the fresh page.
   */
  async function perform(trigger, form, request, { until, waiting = t('app.act.working'), done }) {
    const before = view;
    const local = slotOf(form);
    const sent = await act(trigger, local, async () => { await request(); return true; }, form);
    if (!sent) return;
    const buttons = [...page.querySelectorAll('button')];
    buttons.forEach(b => { b.disabled = true; });
    const progressId = `wait-${Date.now()}`;
    local.replaceChildren(h('div', { class: 'alert warn', role: 'status' },
      h('label', { for: progressId }, waiting), ' ', h('progress', { id: progressId })));
    try {
      let after = null;
      for (let tries = 0; tries < 20 && !after; tries++) {
        await new Promise(resolve => { setTimeout(resolve, 1000); });
        const read = await api('GET', applicationUrl(id));
        if (until(read, before)) after = read;
      }
      await refresh(after ? done(after) : t('app.act.slow'));
    } catch (e) {
      buttons.forEach(b => { b.disabled = false; });
      showError(local, e);
    }
  }

  function uploadForm() {
    const kinds = [...new Set((program?.expenses ?? [])
      .filter(e => view.application.lines.some(l => l.kind === e.kind) || view.application.lines.length === 0)
      .flatMap(e => e.requiredDocuments))];
    const others = DOCUMENT_KINDS.filter(k => !kinds.includes(k));
    const kind = h('select', { name: 'kind' },
      kinds.map(k => h('option', { value: k }, t('term.doc.' + k))),
      h('optgroup', { label: t('app.docs.other') }, others.map(k => h('option', { value: k }, t('term.doc.' + k)))));
    const file = h('input', { type: 'file', name: 'file', accept: 'application/pdf,.pdf' });
    const progressBar = h('progress', { max: '100', value: '0' });
    const percent = h('span', { class: 'muted' });
    // Shown only while a file goes up; the wrapper hides it, since a .field is always displayed as flex.
    const progressField = h('div', { hidden: true }, field(t('app.docs.progress'), progressBar));
    progressField.querySelector('.field').append(percent);
    const send = h('button', { type: 'submit', class: 'secondary' }, t('app.docs.send'));
    const form = actionForm(t('app.docs.upload'),
      field(t('app.docs.kind'), kind),
      field(t('app.docs.file'), file),
      progressField,
      h('div', { class: 'actions' }, send));
    // One key per chosen file and kind: pressing "Attach" again after a lost answer cannot attach it twice.
    let key = newKey();
    form.addEventListener('change', () => { key = newKey(); });
    form.addEventListener('submit', async () => {
      const chosen = file.files[0];
      if (!chosen) {
        showError(slotOf(form), invalid({ file: [t('app.docs.chooseFileDetail')] }, t('app.docs.chooseFile')), form);
        return;
      }
      if (chosen.size > MAX_UPLOAD_BYTES) {
        showError(slotOf(form), invalid({ file: [t('app.docs.tooLargeDetail')] }, t('app.docs.tooLarge')), form);
        return;
      }
      const data = new FormData();
      data.append('kind', kind.value);
      data.append('file', chosen);
      progressField.hidden = false;
      const show = fraction => {
        progressBar.value = Math.round(fraction * 100);
        percent.textContent = ` ${t('app.docs.percent', { n: Math.round(fraction * 100) })}`;
      };
      show(0);
      const added = await act(send, slotOf(form), () => upload(`${applicationUrl(id)}/documents`, data, key, show), form);
      if (added) await refresh(t('app.docs.added', { file: added.fileName, kind: t('term.doc.' + added.kind) }));
      else progressField.hidden = true;
    });
    return form;
  }

  function editCard() {
    const editSlot = messageSlot();
    const form = draftForm(program, view.application, async body => {
      // The ETag of the latest read: a refresh after an upload has read a newer one than this form was drawn with.
      await api('PUT', applicationUrl(id), { json: body, ifMatch: view[ETAG] ?? view.etag });
      unsaved = false;
      await refresh(t('app.detail.saved'));
    }, editSlot);
    form.addEventListener('input', () => { unsaved = true; });
    form.addEventListener('change', () => { unsaved = true; });
    return h('section', { class: 'card', 'aria-labelledby': 'edit-title' }, h('h2', { id: 'edit-title' }, t('app.detail.edit')), editSlot, form);
  }

  /** The action forms the API allows this person now; each says what happened once the workflow has done it. */
  function actionsCard(current, prog, can) {
    const app = current.application;
    const parts = [
      can('submit') ? submitPart() : null,
      can('endorse') ? endorsePart() : null,
      can('decide') ? decidePart() : null,
      can('report') && prog?.report && !app.report ? reportPart() : null,
      can('recordArrival') && app.lines.some(l => ARRIVAL.includes(l.kind)) && !app.arrivedOn ? arrivalPart() : null,
      can('requestExtension') && isMonthly(app) && !app.extensionRequested && (prog?.period?.maxExtensionMonths ?? 0) > app.extensionMonths ? extensionPart() : null,
      can('decideExtension') && app.extensionRequested > 0 ? extensionDecisionPart() : null,
      can('stop') && isMonthly(app) ? stopPart() : null,
      can('withdraw') ? withdrawPart() : null,
    ].filter(Boolean);
    if (parts.length === 0) return null;
    return h('section', { class: 'card', 'aria-labelledby': 'actions-title' }, h('h2', { id: 'actions-title' }, t('app.act.title')), parts);
  }

  function submitPart() {
    const submit = h('button', { type: 'submit' }, t('app.act.submit'));
    const form = actionForm(null, h('p', { class: 'hint' }, t('app.act.submitHint')), h('div', { class: 'actions' }, submit));
    form.addEventListener('submit', () => {
      const missing = notReady(view.application, program);
      if (unsaved || missing.length) {
        const local = slotOf(form);
        local.replaceChildren(h('div', { class: 'alert', role: 'alert' },
          h('h2', {}, t(unsaved ? 'app.act.unsavedTitle' : 'app.act.notReady')),
          h('p', {}, t(unsaved ? 'app.act.unsaved' : 'app.act.notReadyDetail')),
          unsaved ? null : h('ul', {}, missing.map(m => h('li', {}, m)))));
        focusMessage(local);
        return;
      }
      perform(submit, form, () => api('POST', `${applicationUrl(id)}/submit`), {
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

  function withdrawPart() {
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
    yes.addEventListener('click', () => perform(yes, form, () => api('POST', `${applicationUrl(id)}/withdraw`), {
      until: read => read.application.status === 'withdrawn',
      done: () => t('app.act.withdrawn'),
    }));
    return form;
  }

  function endorsePart() {
    const comment = h('textarea', { name: 'comment', maxlength: '500', rows: '3' });
    const yes = button(t('app.endorse.yes'));
    const no = button(t('app.endorse.no'), { class: 'danger' });
    const form = actionForm(t('app.endorse.title'),
      field(t('app.endorse.comment'), comment, { hint: t('app.endorse.commentHint') }),
      h('div', { class: 'actions' }, yes, no));
    const answer = (trigger, decision) => perform(trigger, form,
      () => api('POST', `${applicationUrl(id)}/endorsement`, { json: { decision, comment: comment.value.trim() } }), {
        until: read => read.application.status !== 'awaitingEndorsement',
        done: () => t(decision === 'endorse' ? 'app.endorse.done' : 'app.endorse.declined'),
      });
    yes.addEventListener('click', () => answer(yes, 'endorse'));
    no.addEventListener('click', () => answer(no, 'decline'));
    return form;
  }

  function decidePart() {
    const comment = h('textarea', { name: 'comment', maxlength: '500', rows: '3' });
    const choices = [['approve', ''], ['return', 'secondary'], ['reject', 'danger']].map(([decision, style]) => {
      const b = button(t('app.decide.' + decision), { class: style || null });
      b.addEventListener('click', () => {
        if (decision !== 'approve' && comment.value.trim() === '') {
          showError(slotOf(form), invalid({ comment: [t('app.decide.commentNeededDetail')] }, t('app.decide.commentNeeded')), form);
          comment.focus();
          return;
        }
        perform(b, form, () => api('POST', `${applicationUrl(id)}/decision`, { json: { decision, comment: comment.value.trim() } }), {
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

  function reportPart() {
    const doi = h('input', { type: 'text', name: 'doi', autocomplete: 'off', spellcheck: 'false' });
    const send = h('button', { type: 'submit' }, t('app.report.send'));
    const form = actionForm(t('app.report.title'),
      field(t('app.report.doi'), doi, { hint: t('app.report.doiHint') }),
      h('div', { class: 'actions' }, send));
    form.addEventListener('submit', () => perform(send, form, () => api('POST', `${applicationUrl(id)}/report`, { json: { doi: doi.value.trim() } }), {
      until: read => Boolean(read.application.report),
      done: () => t('app.report.done'),
    }));
    return form;
  }

  function arrivalPart() {
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
      perform(trigger, form, () => api('POST', `${applicationUrl(id)}/arrival`, { json: { [input.name]: input.value } }), {
        until: (read, before) => read.application.arrivedOn !== before.application.arrivedOn || read.application.expectedArrival !== before.application.expectedArrival,
        done: () => t(done),
      });
    };
    record.addEventListener('click', () => send(record, arrived, 'app.arrival.recorded'));
    move.addEventListener('click', () => send(move, expectedOn, 'app.arrival.moved'));
    return form;
  }

  function extensionPart() {
    const max = Math.min(24, program.period.maxExtensionMonths - view.application.extensionMonths);
    const months = h('input', { type: 'text', inputmode: 'numeric', name: 'months', size: '4', autocomplete: 'off' });
    const reason = h('textarea', { name: 'reason', maxlength: '500', rows: '3' });
    const send = h('button', { type: 'submit' }, t('app.ext.send'));
    const form = actionForm(t('app.ext.title'),
      field(t('app.ext.months'), months, { hint: t('app.ext.monthsHint', { max }) }),
      field(t('app.ext.reason'), reason),
      h('div', { class: 'actions' }, send));
    form.addEventListener('submit', () => {
      if (!/^\d+$/.test(months.value.trim())) {
        showError(slotOf(form), invalid({ months: [t('app.form.monthsInvalid')] }), form);
        return;
      }
      const n = Number(months.value.trim());
      perform(send, form, () => api('POST', `${applicationUrl(id)}/extension`, { json: { months: n, reason: reason.value.trim() } }), {
        until: read => read.application.extensionRequested > 0,
        done: () => t('app.ext.sent', { n }),
      });
    });
    return form;
  }

  function extensionDecisionPart() {
    const comment = h('textarea', { name: 'comment', maxlength: '500', rows: '2' });
    const choices = [['approve', ''], ['reject', 'danger']].map(([decision, style]) => button(t('app.ext.' + decision), { class: style || null, dataset: { decision } }));
    const form = actionForm(t('app.ext.decideTitle'),
      h('p', {}, t('app.detail.extensionRequested', { n: view.application.extensionRequested })),
      field(t('app.decide.comment'), comment),
      h('div', { class: 'actions' }, choices));
    for (const b of choices) {
      b.addEventListener('click', () => perform(b, form,
        () => api('POST', `${applicationUrl(id)}/extension/decision`, { json: { decision: b.dataset.decision, comment: comment.value.trim() } }), {
          until: read => !read.application.extensionRequested,
          done: () => t('app.ext.decided'),
        }));
    }
    return form;
  }

  function stopPart() {
    const reason = h('textarea', { name: 'reason', maxlength: '500', rows: '2' });
    const send = h('button', { type: 'submit', class: 'danger' }, t('app.stop.send'));
    const form = actionForm(t('app.stop.title'),
      field(t('app.stop.reason'), reason),
      h('div', { class: 'actions' }, send));
    form.addEventListener('submit', () => perform(send, form, () => api('POST', `${applicationUrl(id)}/stop`, { json: { reason: reason.value.trim() } }), {
      until: read => read.application.status === 'completed',
      done: () => t('app.stop.done'),
    }));
    return form;
  }

  await load();
  if (flash) {
    showOk(slot, flash);
    flash = null;
  }
  return page;
}

const budgetRefused = view => view.history.filter(e => e.action === 'budget-insufficient').length;

/** What the program still needs before a submission can pass the eligibility check, as sentences; empty when ready. */
function notReady(app, program) {
  if (!program) return [];
  const missing = [];
  if (app.lines.length === 0) missing.push(t('app.act.needLines'));
  for (const kind of new Set(app.lines.map(l => l.kind))) {
    for (const document of program.expenses.find(e => e.kind === kind)?.requiredDocuments ?? []) {
      if (!app.documents.some(d => d.kind === document)) {
        missing.push(t('app.act.needDocument', { line: t('term.kind.' + kind), document: t('term.doc.' + document) }));
      }
    }
  }
  if (program.endorsement && !app.endorserId) missing.push(t('app.act.needEndorser'));
  if (isMonthly(app) && !app.months) missing.push(t('app.act.needMonths'));
  return missing;
}

/** One sentence about where the application stands and what, if anything, the reader should do. */
function nextStep(view, program) {
  const app = view.application;
  const can = action => view.allowedActions.includes(action);
  const own = app.applicantId === session.me?.id;
  let text;
  if (can('endorse')) text = t('app.next.endorseYou');
  else if (can('decide')) text = t('app.next.decideYou');
  else if (!own) text = null;
  else if (app.status === 'awaitingEndorsement') text = t('app.next.awaitingEndorsement', { endorser: app.endorserId });
  else if (app.status === 'approved' && program?.report && !app.report && app.reportDue) text = [t('app.next.approved'), ' ', t('app.next.report', { date: date(app.reportDue) })];
  else text = t('app.next.' + app.status);
  if (!text) return null;
  const attention = can('edit') || can('submit') || can('endorse') || can('decide') || app.status === 'ineligible';
  return h('div', { class: attention ? 'alert warn' : 'alert ok' }, h('h2', {}, t('app.next.title')), h('p', {}, text));
}

function decisionCard(decision) {
  return h('section', { class: 'card', 'aria-labelledby': 'decision-title' },
    h('h2', { id: 'decision-title' }, t('app.decision.title')),
    h('p', {}, h('strong', {}, t('app.decision.' + decision.outcome))),
    decision.comment ? h('blockquote', {}, decision.comment) : null,
    h('p', { class: 'muted' }, t('app.decision.by', { who: who(decision.deciderId), at: dateTime(decision.at) })));
}

function eligibilityCard(reasons) {
  return h('section', { class: 'card', 'aria-labelledby': 'elig-title' },
    h('h2', { id: 'elig-title' }, t('app.elig.title')),
    reasons.length === 0
      ? h('p', {}, h('span', { class: 'badge ok' }, t('app.elig.ok')))
      : [h('p', {}, h('span', { class: 'badge bad' }, t('app.elig.bad'))), h('ul', {}, reasons.map(r => h('li', {}, pick(r.messageJa, r.message))))]);
}

function factsOf(view, program) {
  const app = view.application;
  const monthlyRate = isMonthly(app) ? app.lines.reduce((most, l) => Math.max(most, l.amount), 0) : 0;
  return [
    [t('app.detail.id'), app.id],
    [t('app.detail.applicant'), who(app.applicantId)],
    [t('app.detail.program'), program ? programName(program) : app.programId],
    [t('app.detail.created'), dateTime(app.createdAt)],
    app.submittedAt ? [t('app.detail.submitted'), `${dateTime(app.submittedAt)} (${t('app.detail.submissions', { n: app.submissionCount })})`] : null,
    [t('app.detail.total'), isMonthly(app) && app.months
      ? t('app.detail.monthly', { amount: yen(monthlyRate), months: app.months + (app.extensionMonths ?? 0), commitment: yen(app.commitment) })
      : yen(app.total)],
    app.paper.journal ? [t('app.detail.journal'), app.paper.journal] : null,
    program?.funding.some(f => f.when === 'jointUseResearch') ? [t('app.detail.jointUse'), t(app.paper.jointUseResearch ? 'app.detail.yes' : 'app.detail.no')] : null,
    app.endorserId ? [t('app.detail.endorser'), [who(app.endorserId), app.endorsement ? ` — ${t('app.detail.endorsed', { at: dateTime(app.endorsement.at) })}` : null,
      app.endorsement?.comment ? h('blockquote', {}, app.endorsement.comment) : null]] : null,
    app.sendingUniversity ? [t('app.detail.sending'), `${app.sendingUniversity.institution} (${app.sendingUniversity.contactName}, ${app.sendingUniversity.contactEmail})`] : null,
    app.expectedArrival ? [t('app.detail.expectedArrival'), day(app.expectedArrival)] : null,
    app.arrivedOn ? [t('app.detail.arrivedOn'), day(app.arrivedOn)] : null,
    app.extensionMonths || app.extensionRequested ? [t('app.detail.extension'), listOf([
      app.extensionMonths ? t('app.detail.extensionValue', { n: app.extensionMonths }) : null,
      app.extensionRequested ? t('app.detail.extensionRequested', { n: app.extensionRequested }) : null].filter(Boolean))] : null,
    app.report ? [t('app.detail.report'), t('app.detail.reportDone', { doi: app.report.doi, at: dateTime(app.report.at) })]
      : app.reportDue && program?.report ? [t('app.detail.report'), t('app.detail.reportDue', { date: date(app.reportDue), what: pick(program.report.whatJa, program.report.whatEn) })] : null,
    app.payoutId || (isMonthly(app) && app.paidMonths) ? [t('app.detail.payout'), app.applicantId === session.me?.id ? h('a', { href: '#/payouts/mine' }, t('app.detail.payoutLink')) : app.payoutId ?? '—'] : null,
  ];
}

function linesTable(app) {
  return app.lines.length === 0
    ? h('p', { class: 'muted' }, t('app.detail.noLines'))
    : table([t('app.detail.kind'), t('app.detail.amount'), t('app.detail.description')],
      app.lines.map(l => [t('term.kind.' + l.kind), MONTHLY.includes(l.kind) ? t('app.programs.capMonthly', { amount: yen(l.amount) }) : yen(l.amount), l.description || '—']),
      { caption: t('app.detail.lines'), numeric: [1] });
}

function budgetCard(view) {
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

/** The attached documents (each a download link), what the lines still need, and the upload form when allowed. */
function documentsCard(view, program, uploadForm, remove) {
  const app = view.application;
  const needed = [...new Set(app.lines.flatMap(l => program?.expenses.find(e => e.kind === l.kind)?.requiredDocuments ?? []))];
  return h('section', { class: 'card', 'aria-labelledby': 'docs-title' },
    h('h2', { id: 'docs-title' }, t('app.docs.title')),
    app.documents.length === 0
      ? h('p', { class: 'muted' }, t('app.docs.none'))
      : h('ul', {}, app.documents.map(d => h('li', {},
        h('a', { href: `${applicationUrl(app.id)}/documents/${encodeURIComponent(d.id)}` }, `${t('term.doc.' + d.kind)}: ${d.fileName}`),
        ' ', h('span', { class: 'muted' }, `(${t('app.docs.size', { kb: Math.max(1, Math.round(d.size / 1024)), at: dateTime(d.uploadedAt) })})`),
        remove ? [' ', h('button', { type: 'button', class: 'link', onclick: e => remove(d, e.currentTarget) },
          t('app.docs.remove'), h('span', { class: 'visually-hidden' }, ` ${d.fileName}`))] : null))),
    needed.length
      ? [h('h3', {}, t('app.docs.needed')), h('ul', {}, needed.map(kind => h('li', {}, app.documents.some(d => d.kind === kind)
        ? t('app.docs.have', { kind: t('term.doc.' + kind) })
        : h('strong', {}, t('app.docs.missing', { kind: t('term.doc.' + kind) })))))]
      : null,
    uploadForm ? uploadForm() : null);
}

/**
 * Sends a multipart upload with XMLHttpRequest, which (unlike fetch) reports upload progress; resolves to the stored
 * document, or rejects with ApiError carrying the problem, as api() does.
 */
function upload(url, data, key, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('X-Requested-With', 'XMLHttpRequest');
    xhr.setRequestHeader('Idempotency-Key', key);
    xhr.upload.addEventListener('progress', e => { if (e.lengthComputable) onProgress(e.loaded / e.total); });
    xhr.addEventListener('load', () => {
      let body = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve(body);
      } else {
        reject(new ApiError(xhr.status, body));
      }
    });
    xhr.addEventListener('error', () => reject(new ApiError(0, { title: t('core.offline.title'), detail: t('core.offline.detail') })));
    xhr.send(data);
  });
}

/** Steps whose recorded detail only restates the step (such as "Draft updated."), so the timeline leaves it out. */
const PLAIN_STEPS = ['created', 'edited', 'submitted', 'eligible', 'approval-requested'];

/** Every step of the application, oldest first, in the server's words (its timeline: the audit trail in both languages). */
function timeline(history) {
  return h('section', { class: 'card', 'aria-labelledby': 'timeline-title' },
    h('h2', { id: 'timeline-title' }, t('app.timeline.title')),
    history.length === 0
      ? h('p', { class: 'muted' }, t('app.timeline.empty'))
      : h('ol', { class: 'timeline' }, history.map(entry => h('li', {},
        h('strong', {}, pick(entry.labelJa, entry.labelEn)), ' ',
        h('span', { class: 'muted' }, [h('time', { datetime: entry.at }, dateTime(entry.at)), ' · ', who(entry.actor)]),
        entry.detailEn && !PLAIN_STEPS.includes(entry.action) ? h('div', {}, pick(entry.detailJa, entry.detailEn)) : null))));
}

// ---- Payouts -----------------------------------------------------------------------------------------------------

async function payoutsScreen() {
  const me = session.me?.id;
  const [payouts, account] = await Promise.all([
    api('GET', '/api/payouts'),
    bankAccountOf(me),
  ]);
  const mine = payouts.filter(p => p.payeeId === me).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const sum = list => list.reduce((total, p) => total + p.amount, 0);
  const waiting = mine.filter(p => ['approved', 'batched', 'exported'].includes(p.status));
  const note = p => {
    const last = p.returns?.at(-1);
    if (p.status === 'cancelled') return t('app.pay.cancelled', { reason: p.cancelReason ?? '—' });
    if (last && p.status === 'approved') return t('app.pay.returned', { reason: last.reason });
    return '—';
  };
  const month = p => /-M(\d+)$/.exec(p.id)?.[1];
  return h('section', {},
    h('h1', {}, t('app.pay.title')),
    h('p', {}, t('app.pay.lead')),
    account === null
      ? h('div', { class: 'alert warn' }, h('p', {}, t('app.pay.noAccount')), h('p', {}, h('a', { href: '#/bank-account' }, t('app.pay.addAccount'))))
      : null,
    mine.length === 0
      ? h('p', {}, t('app.pay.empty'))
      : [
        h('p', {}, t('app.pay.totalPaid', { amount: yen(sum(mine.filter(p => p.status === 'paid'))) }), h('br'), t('app.pay.totalWaiting', { amount: yen(sum(waiting)) })),
        table([t('app.pay.application'), t('app.pay.amount'), t('app.pay.status'), t('app.pay.created'), t('app.pay.paidOn'), t('app.pay.note')],
          mine.map(p => [
            [h('a', { href: applicationHref(p.applicationId) }, p.applicationId), month(p) ? ` (${t('app.pay.month', { n: Number(month(p)) })})` : null],
            yen(p.amount),
            h('span', { class: p.status === 'paid' ? 'badge ok' : p.status === 'cancelled' ? 'badge bad' : 'badge' }, t('app.pay.s.' + p.status)),
            date(p.createdAt),
            day(p.paidOn),
            note(p),
          ]), { numeric: [1] }),
      ]);
}

/** The person's bank account, or null when none is registered yet. */
async function bankAccountOf(personId) {
  try {
    return await api('GET', `/api/people/${encodeURIComponent(personId)}/bank-account`);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  }
}

// ---- Bank account ------------------------------------------------------------------------------------------------

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
