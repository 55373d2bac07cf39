using Grants.Workflows.Money;

namespace Grants.Workflows.Home;

/// <summary>What kind of thing is waiting; the portal words each kind in the reader's language.</summary>
public enum ToDoKind
{
    /// <summary>An application still being written by its applicant.</summary>
    FinishDraft,

    /// <summary>An application the approver sent back for changes.</summary>
    Revise,

    /// <summary>A paid grant whose report (e.g. the DOI) is due.</summary>
    Report,

    /// <summary>An approved grant that cannot be paid until the payee registers a bank account.</summary>
    RegisterBankAccount,

    /// <summary>A program open for applications, with its deadline (for information).</summary>
    OpenCall,

    /// <summary>An application waiting for the caller's endorsement as supervisor or host.</summary>
    Endorse,

    /// <summary>An international student whose arrival the host has not recorded yet.</summary>
    RecordArrival,

    /// <summary>An application waiting for the caller's decision.</summary>
    Decide,

    /// <summary>A request to extend monthly support waiting for the caller's decision.</summary>
    DecideExtension,

    /// <summary>An approved payout whose payee has a bank account: it goes into the next batch.</summary>
    ReadyToBatch,

    /// <summary>An approved payout left out of batches because its payee has no bank account.</summary>
    HeldForBankAccount,

    /// <summary>A batch whose bank file was downloaded but which is not yet marked paid.</summary>
    ExportedNotPaid,

    /// <summary>A payout the bank returned, waiting to be batched again or cancelled.</summary>
    BankReturn,

    /// <summary>An open call whose deadline is close.</summary>
    CallClosing,

    /// <summary>A fund whose budget this fiscal year is nearly spent.</summary>
    BudgetLow,

    /// <summary>A workflow that has not moved for a day.</summary>
    StuckWork,
}

/// <summary>
/// One thing waiting, named as a person reads it (a paper's title, a payee's or program's name; <see cref="TitleEn"/>
/// when the name has an English form), with the portal page where it is done.
/// </summary>
public sealed record ToDoEntry(string Title, string Link, string? TitleEn = null, string? Subtitle = null, DateTimeOffset? Due = null, bool Overdue = false, Yen? Amount = null);

/// <summary>
/// The things of one kind waiting for the caller. <see cref="ForInformation"/> groups (open calls) are shown but not
/// counted as work; <see cref="Count"/> is how many there are, <see cref="Entries"/> at most the first few.
/// </summary>
public sealed record ToDoGroup(ToDoKind Kind, string Role, int Count, int Overdue, bool ForInformation, IReadOnlyList<ToDoEntry> Entries);

/// <summary>Everything waiting for the caller, by kind, and how much of it is work (the number shown in the navigation).</summary>
public sealed record ToDoList(IReadOnlyList<ToDoGroup> Groups)
{
    public int Waiting => Groups.Where(g => !g.ForInformation).Sum(g => g.Count);

    public int Overdue => Groups.Sum(g => g.Overdue);
}
