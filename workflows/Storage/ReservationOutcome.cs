using Grants.Workflows.Money;

namespace Grants.Workflows.Storage;

/// <summary>The result of trying to reserve money for an application.</summary>
public sealed record ReservationOutcome(bool Reserved, Yen Remaining, string? Problem = null)
{
    /// <summary>How the reserved application will be paid, so the workflow knows what follows approval.</summary>
    public Programs.PaymentKind Payment { get; init; }

    /// <summary>Refused because a cap (per application, or per person and fiscal year) would be exceeded, not for want of budget.</summary>
    public bool OverCap { get; init; }

    /// <summary><see cref="Problem"/> in Japanese, for the approver's mail.</summary>
    public string? ProblemJa { get; init; }

    /// <summary>The one-time payout issued with the reservation; null when none was (refused, monthly, or a history written before the two were one step).</summary>
    public string? PayoutId { get; init; }

    /// <summary>Whether the reservation also recorded the approval on the application (false when refused, or in a history written before the two were one step: then the workflow records it).</summary>
    public bool Recorded { get; init; }

    /// <summary>Whether the step also sent the notice of the approval it recorded (false when it recorded none, or was not asked to).</summary>
    public bool Notified { get; init; }
}
