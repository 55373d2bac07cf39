using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Grants.Workflows.Applications;
using Grants.Workflows.Orchestration;
using Grants.Workflows.People;
using Grants.Workflows.Payouts;

namespace Grants.Workflows.Programs;

/// <summary>A word of the vocabulary in both languages.</summary>
public sealed record Term(string Ja, string En);

/// <summary>
/// Every word a person reads for a code the API sends — statuses, actions, expense and document kinds, positions,
/// endorsers, payout, batch and call statuses, and the steps of the audit trail — in Japanese and English, keyed as the
/// portal asks for them (<c>term.status.awaitingApproval</c>). The portal loads this (<c>GET /api/vocabulary</c>)
/// instead of keeping a copy; the words themselves live in <see cref="JapaneseTerms"/>, <see cref="EnglishTerms"/>,
/// the states table and the tables below.
/// </summary>
public static class Vocabulary
{
    static readonly Dictionary<ApplicationAction, Term> Actions = new()
    {
        [ApplicationAction.Edit] = new("編集", "Edit"),
        [ApplicationAction.Upload] = new("書類の添付", "Attach documents"),
        [ApplicationAction.Submit] = new("提出", "Submit"),
        [ApplicationAction.Endorse] = new("推薦", "Endorse"),
        [ApplicationAction.Decide] = new("審査", "Decide"),
        [ApplicationAction.Withdraw] = new("取り下げ", "Withdraw"),
        [ApplicationAction.Report] = new("掲載論文の報告", "Report the published paper"),
        [ApplicationAction.RecordArrival] = new("渡日の記録", "Record the arrival"),
        [ApplicationAction.RequestExtension] = new("延長の申請", "Request an extension"),
        [ApplicationAction.DecideExtension] = new("延長の審査", "Decide on the extension"),
        [ApplicationAction.Stop] = new("支援の終了", "End the support"),
    };

    static readonly Dictionary<PayoutStatus, Term> PayoutStatuses = new()
    {
        [PayoutStatus.Approved] = new("振込待ち", "Ready to batch"),
        [PayoutStatus.Batched] = new("バッチ作成済み", "Batched"),
        [PayoutStatus.Exported] = new("銀行へ送付済み", "Sent to the bank"),
        [PayoutStatus.Paid] = new("振込済み", "Paid"),
        [PayoutStatus.Cancelled] = new("取消", "Cancelled"),
    };

    static readonly Dictionary<BatchStatus, Term> BatchStatuses = new()
    {
        [BatchStatus.Created] = new("作成済み", "Created"),
        [BatchStatus.Exported] = new("ファイル出力済み", "Exported"),
        [BatchStatus.Paid] = new("振込済み", "Paid"),
    };

    static readonly Dictionary<CallStatus, Term> CallStatuses = new()
    {
        [CallStatus.Upcoming] = new("募集前", "Upcoming"),
        [CallStatus.Open] = new("募集中", "Open"),
        [CallStatus.Ended] = new("締切済み", "Ended"),
        [CallStatus.Closed] = new("募集終了", "Closed early"),
    };

    /// <summary>The steps of the audit trail, by the action each entry records.</summary>
    static readonly Dictionary<string, Term> AuditActions = new()
    {
        ["created"] = new("下書きを作成", "Draft created"),
        ["edited"] = new("内容を変更", "Edited"),
        ["document-added"] = new("書類を添付", "Document attached"),
        ["document-removed"] = new("書類を外した", "Document removed"),
        ["submitted"] = new("提出", "Submitted"),
        ["eligible"] = new("要件を満たしていることを確認", "Eligibility confirmed"),
        ["ineligible"] = new("要件外と判定", "Found ineligible"),
        ["endorsement-requested"] = new("推薦を依頼", "Endorsement requested"),
        ["endorsed"] = new("推薦", "Endorsed"),
        ["approval-requested"] = new("承認を依頼", "Approval requested"),
        ["approved"] = new("承認", "Approved"),
        ["rejected"] = new("却下", "Rejected"),
        ["returned"] = new("差し戻し", "Returned for changes"),
        ["withdrawn"] = new("取り下げ", "Withdrawn"),
        ["withdrawal-requested"] = new("取り下げを申し出", "Withdrawal asked"),
        ["budget-reserved"] = new("予算を確保", "Budget reserved"),
        ["budget-insufficient"] = new("予算不足のため確保できず", "Budget insufficient"),
        ["over-cap"] = new("上限を超えるため確保できず", "Over the cap"),
        ["payout-created"] = new("支払を作成", "Payout created"),
        ["monthly-payout-created"] = new("月額の支払を作成", "Monthly payout created"),
        ["payout-paid"] = new("振込済み", "Transferred"),
        ["payout-returned"] = new("振込が銀行から返却", "Transfer returned by the bank"),
        ["payout-cancelled"] = new("支払を取消", "Payout cancelled"),
        ["arrived"] = new("渡日を記録", "Arrival recorded"),
        ["arrivalexpected"] = new("渡日予定日を変更", "Expected arrival changed"),
        ["extensionapproved"] = new("延長を開始", "Extension started"),
        ["report"] = new("掲載論文を報告", "Published paper reported"),
        ["stop"] = new("支援の終了を申し出", "End of support asked"),
        ["support-ended"] = new("支援を終了", "Support ended"),
        ["extension-requested"] = new("延長を申請", "Extension requested"),
        ["extension-approved"] = new("延長を承認", "Extension approved"),
        ["extension-refused"] = new("延長を認めず", "Extension refused"),
        ["extension-not-funded"] = new("延長の予算を確保できず", "Extension could not be funded"),
        ["workflow-restarted"] = new("処理を再開", "Workflow restarted"),
        ["batch-created"] = new("バッチを作成", "Batch created"),
        ["batch-exported"] = new("振込ファイルを出力", "Bank file downloaded"),
        ["batch-paid"] = new("振込済みとして記録", "Marked paid"),
        ["call-opened"] = new("募集を開始", "Call opened"),
        ["call-deadline-moved"] = new("締切を変更", "Deadline moved"),
        ["call-closed"] = new("募集を終了", "Call closed"),
        ["program-published"] = new("プログラムの版を公開", "Program version published"),
        ["fund-created"] = new("財源を作成", "Fund created"),
        ["fund-changed"] = new("財源を変更", "Fund changed"),
        ["allocation-set"] = new("配分額を設定", "Allocation set"),
        ["allocation-changed"] = new("配分額を変更", "Allocation changed"),
        ["person-added"] = new("名簿に追加", "Added to the directory"),
        ["person-changed"] = new("名簿の記載を変更", "Directory entry changed"),
        ["person-reactivated"] = new("在籍に戻した", "Reactivated"),
        ["person-deactivated"] = new("在籍を外した", "Deactivated"),
        ["person-imported"] = new("CSV で名簿に追加", "Imported into the directory"),
        ["person-import-changed"] = new("CSV で名簿の記載を変更", "Directory entry changed by import"),
        ["bank-account-read"] = new("口座番号を閲覧", "Bank account read unmasked"),
        ["bank-account-set"] = new("振込口座を登録", "Bank account set"),
    };

    // Declared after the tables they are built from: static fields are initialised in the order they are written.
    /// <summary>Every key with its words, in a stable order.</summary>
    public static IReadOnlyDictionary<string, Term> Terms { get; } = Build();

    /// <summary>Changes whenever a word changes, so a client's cached copy is replaced (the ETag of <c>GET /api/vocabulary</c>).</summary>
    public static string Version { get; } = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(Terms)))).ToLowerInvariant()[..16];

    /// <summary>The key of an audit trail step.</summary>
    public static string AuditKey(string action) => "term.audit." + action;

    /// <summary>The Japanese for a word the server wrote in English or as a code (Approved, approved, openAccessCharge, invoice …), or the word itself.</summary>
    public static string Japanese(string word) => ByEnglish.TryGetValue(word.Trim(), out var term) ? term.Ja : word;

    /// <summary>The English word for a code the server wrote (ConferenceAcceptance → Conference acceptance), or the word itself.</summary>
    public static string English(string word) => ByEnglish.TryGetValue(word.Trim(), out var term) ? term.En : word;

    // The first group wins where two groups share a word: statuses are listed before payouts and audit steps.
    static readonly Dictionary<string, Term> ByEnglish = Terms
        .SelectMany(t => new[] { (Word: t.Value.En, Term: t.Value), (Word: t.Key[(t.Key.LastIndexOf('.') + 1)..], Term: t.Value) })
        .GroupBy(w => w.Word, StringComparer.OrdinalIgnoreCase)
        .ToDictionary(g => g.Key, g => g.First().Term, StringComparer.OrdinalIgnoreCase);

    static Dictionary<string, Term> Build()
    {
        var terms = new Dictionary<string, Term>();
        void Add<T>(string group, IEnumerable<T> values, Func<T, Term> term) where T : struct, Enum
        {
            foreach (var value in values)
            {
                terms[$"term.{group}.{JsonNamingPolicy.CamelCase.ConvertName(value.ToString())}"] = term(value);
            }
        }

        Add("kind", Enum.GetValues<ExpenseKind>(), k => new(JapaneseTerms.Of(k), EnglishTerms.Of(k)));
        Add("doc", Enum.GetValues<DocumentKind>(), d => new(JapaneseTerms.Of(d), EnglishTerms.Of(d)));
        Add("pos", Enum.GetValues<Position>(), p => new(JapaneseTerms.Of(p), EnglishTerms.Of(p)));
        Add("endorser", Enum.GetValues<EndorserRole>(), r => new(JapaneseTerms.Of(r), EnglishTerms.Of(r)));
        Add("status", ProgramStates.Standard.States.Select(s => s.Status), s => new(ProgramStates.Standard[s].LabelJa, ProgramStates.Standard[s].LabelEn));
        Add("action", Actions.Keys, a => Actions[a]);
        Add("payout", PayoutStatuses.Keys, s => PayoutStatuses[s]);
        Add("batch", BatchStatuses.Keys, s => BatchStatuses[s]);
        Add("call", CallStatuses.Keys, s => CallStatuses[s]);
        foreach (var (action, term) in AuditActions)
        {
            terms[AuditKey(action)] = term;
        }

        // Every mail sent is the same step to a reader, whatever the mail was.
        foreach (var kind in Enum.GetNames<NotificationKind>())
        {
            terms[AuditKey($"notified-{kind}".ToLowerInvariant())] = new("メールで通知", "Mail sent");
        }

        return terms;
    }
}
