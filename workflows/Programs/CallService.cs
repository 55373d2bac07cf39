using Grants.Workflows.Access;
using Grants.Workflows.Money;
using Grants.Workflows.Storage;

namespace Grants.Workflows.Programs;

/// <summary>A request to open (from today) or schedule (from a later day) a program's call for a fiscal year.</summary>
public sealed record OpenCallRequest(int? FiscalYear, DateOnly? Opens, DateOnly? Closes);

/// <summary>A request to move a call's close date (which also reopens a call closed early).</summary>
public sealed record MoveDeadlineRequest(DateOnly? Closes);

/// <summary>A call as people see it: the program's names beside its dates and where it stands today.</summary>
public sealed record CallView(string ProgramId, string ProgramNameJa, string ProgramNameEn, int FiscalYear, DateOnly Opens, DateOnly Closes, CallStatus Status, DateTimeOffset? ClosedAt);

/// <summary>
/// Opening, scheduling, extending and closing calls (administrators), and listing them (applicants see open and upcoming
/// ones). Days are Japan's, read through the injected clock; every change is in the audit trail (subject <c>program-{id}</c>).
/// </summary>
public sealed class CallService(CallStore calls, ProgramCatalog programs, CatalogSnapshot offered, AuditTrail audit, TimeProvider clock)
{
    public DateOnly JapanToday => Call.JapanDateOf(clock.GetUtcNow());

    /// <summary>Calls of every program: all of them for administrators, only open and upcoming ones for everyone else; from the copy kept in memory.</summary>
    public async Task<IReadOnlyList<CallView>> ListAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        var today = JapanToday;
        var views = new List<CallView>();
        var (current, callsOf) = await offered.ReadAsync(cancellationToken);
        foreach (var program in current)
        {
            foreach (var call in callsOf[program.Id])
            {
                var view = View(program, call, today);
                if (actor.IsIn(Roles.Admin) || view.Status is CallStatus.Open or CallStatus.Upcoming)
                {
                    views.Add(view);
                }
            }
        }

        return [.. views.OrderBy(v => v.Opens).ThenBy(v => v.ProgramId, StringComparer.Ordinal)];
    }

    public async Task<Outcome<CallView>> OpenAsync(Actor actor, string programId, OpenCallRequest request, CancellationToken cancellationToken = default)
    {
        if (Refusal(actor) is { } refusal)
        {
            return refusal;
        }

        var program = await programs.FindAsync(programId, cancellationToken);
        if (program is null)
        {
            return Problem.NotFound($"Program {programId}");
        }

        var today = JapanToday;
        var errors = new Dictionary<string, string[]>();
        if (request.FiscalYear is not (>= 2000 and <= 2200))
        {
            errors["fiscalYear"] = ["The fiscal year, by the calendar year it starts in April (2026 for 令和8年度)."];
        }

        if (request.Closes is null)
        {
            errors["closes"] = ["The last day applications are accepted (Japan time)."];
        }

        if (errors.Count == 0)
        {
            var year = new FiscalYear(request.FiscalYear!.Value);
            DateErrors(year, request.Opens ?? today, request.Closes!.Value, today, errors);
        }

        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }

        var call = new Call(programId, new FiscalYear(request.FiscalYear!.Value), request.Opens ?? today, request.Closes!.Value);
        var added = await AddAsync(call, cancellationToken);
        if (!added.Succeeded)
        {
            return added.Problem!;
        }

        await AuditAsync(actor, call, "call-opened", $"{call.FiscalYear} call {call.Opens:yyyy-MM-dd} – {call.Closes:yyyy-MM-dd}.", cancellationToken);
        return View(program, call, today);
    }

    /// <summary>Moves the close date; a call closed early opens again when its new close date is today or later.</summary>
    public async Task<Outcome<CallView>> MoveDeadlineAsync(Actor actor, string programId, string fiscalYear, MoveDeadlineRequest request, CancellationToken cancellationToken = default)
    {
        var (program, stored, problem) = await FindAsync(actor, programId, fiscalYear, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var today = JapanToday;
        var errors = new Dictionary<string, string[]>();
        if (request.Closes is not { } closes)
        {
            return Problem.Invalid("closes", "The new last day applications are accepted (Japan time).");
        }

        DateErrors(stored!.FiscalYear, stored.Opens, closes, today, errors);
        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }

        var moved = stored with { Closes = closes, ClosedAt = null };
        if (await OverlapAsync(moved, cancellationToken) is { } overlap)
        {
            return overlap;
        }

        var updated = await calls.UpdateAsync(programId, stored.FiscalYear, c => c.Closes == closes && c.ClosedAt is null ? null : c with { Closes = closes, ClosedAt = null }, cancellationToken);
        if (updated?.Previous is { } previous)
        {
            await programs.StampChangeAsync(cancellationToken);
            await AuditAsync(actor, moved, "call-deadline-moved", $"{moved.FiscalYear} call closes {closes:yyyy-MM-dd} (was {previous.Closes:yyyy-MM-dd}{(previous.ClosedAt is null ? "" : ", closed early")}).", cancellationToken);
        }

        return View(program!, updated!.Value.Current.Value, today);
    }

    /// <summary>Closes a call now: applications are no longer accepted; closing it again changes nothing.</summary>
    public async Task<Outcome<CallView>> CloseAsync(Actor actor, string programId, string fiscalYear, CancellationToken cancellationToken = default)
    {
        var (program, stored, problem) = await FindAsync(actor, programId, fiscalYear, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var now = clock.GetUtcNow();
        var updated = await calls.UpdateAsync(programId, stored!.FiscalYear, c => c.ClosedAt is null ? c with { ClosedAt = now } : null, cancellationToken);
        if (updated?.Previous is not null)
        {
            await programs.StampChangeAsync(cancellationToken);
            await AuditAsync(actor, updated.Value.Current.Value, "call-closed", $"{stored.FiscalYear} call closed.", cancellationToken);
        }

        return View(program!, updated!.Value.Current.Value, JapanToday);
    }

    /// <summary>The call open today for a program, if any: the rule every submission is held to.</summary>
    public async Task<Call?> OpenTodayAsync(string programId, CancellationToken cancellationToken = default) =>
        (await offered.OnOfferAsync(programId, JapanToday, cancellationToken)).Open;

    /// <summary>
    /// Opens a whole-fiscal-year call for the program unless it has a call for that year (or one would overlap): what the
    /// demo seed does on every start, so a runtime still running in the next fiscal year gets that year's call.
    /// </summary>
    public async Task EnsureWholeYearCallAsync(string programId, FiscalYear year, CancellationToken cancellationToken = default)
    {
        if (await calls.GetAsync(programId, year, cancellationToken) is null)
        {
            var call = new Call(programId, year, year.Start, year.End);
            if ((await AddAsync(call, cancellationToken)).Succeeded)
            {
                await audit.AppendAsync(ProgramAdministration.Subject(programId), $"{year}-call-opened", new AuditEntry(clock.GetUtcNow(), "demo-seed", "call-opened", $"{year} call for the whole year."), cancellationToken);
            }
        }
    }

    async Task<Outcome<Call>> AddAsync(Call call, CancellationToken cancellationToken)
    {
        if (await OverlapAsync(call, cancellationToken) is { } overlap)
        {
            return overlap;
        }

        if (!await calls.TryAddAsync(call, cancellationToken))
        {
            var existing = (await calls.GetAsync(call.ProgramId, call.FiscalYear, cancellationToken))!.Value;
            return Problem.Conflict($"{call.ProgramId} already has a {call.FiscalYear} call ({existing.Opens:yyyy-MM-dd} – {existing.Closes:yyyy-MM-dd}). Move its close date instead of opening another.");
        }

        await programs.StampChangeAsync(cancellationToken);
        return call;
    }

    async Task<Problem?> OverlapAsync(Call call, CancellationToken cancellationToken)
    {
        var other = await calls.ListAsync(call.ProgramId, cancellationToken).FirstOrDefaultAsync(c => c.FiscalYear != call.FiscalYear && c.Overlaps(call), cancellationToken);
        return other is null
            ? null
            : Problem.Conflict($"The {other.FiscalYear} call of {call.ProgramId} runs {other.Opens:yyyy-MM-dd} – {other.Closes:yyyy-MM-dd}, which overlaps {call.Opens:yyyy-MM-dd} – {call.Closes:yyyy-MM-dd}. Calls of one program may not overlap; close or shorten the other first.");
    }

    async Task<(GrantProgram? Program, Call? Call, Problem? Problem)> FindAsync(Actor actor, string programId, string fiscalYear, CancellationToken cancellationToken)
    {
        if (Refusal(actor) is { } refusal)
        {
            return (null, null, refusal);
        }

        var program = await programs.FindAsync(programId, cancellationToken);
        if (program is null || !int.TryParse(fiscalYear, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var year) || year is < 2000 or > 2200)
        {
            return (null, null, Problem.NotFound($"The {fiscalYear} call of {programId}"));
        }

        var stored = await calls.GetAsync(programId, new FiscalYear(year), cancellationToken);
        return stored is null ? (null, null, Problem.NotFound($"The FY{year} call of {programId}")) : (program, stored.Value, null);
    }

    /// <summary>A call belongs to the fiscal year it closes in, opens no later than it closes, and does not close in the past.</summary>
    static void DateErrors(FiscalYear year, DateOnly opens, DateOnly closes, DateOnly today, Dictionary<string, string[]> errors)
    {
        if (closes < year.Start || closes > year.End)
        {
            errors["closes"] = [$"must fall within {year} ({year.Start:yyyy-MM-dd} – {year.End:yyyy-MM-dd})."];
        }
        else if (closes < today)
        {
            errors["closes"] = [$"must not be in the past (today is {today:yyyy-MM-dd} in Japan)."];
        }

        if (opens > closes)
        {
            errors["opens"] = ["must not be after closes."];
        }
        else if (opens < year.Start.AddYears(-1))
        {
            errors["opens"] = [$"must not be more than a year before {year} starts."];
        }
    }

    Task AuditAsync(Actor actor, Call call, string action, string detail, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return audit.AppendAsync(ProgramAdministration.Subject(call.ProgramId), $"{call.FiscalYear}-{action}-{now.UtcTicks}", new AuditEntry(now, actor.Id, action, detail), cancellationToken);
    }

    static CallView View(GrantProgram program, Call call, DateOnly today) =>
        new(program.Id, program.NameJa, program.NameEn, call.FiscalYear.Year, call.Opens, call.Closes, call.StatusOn(today), call.ClosedAt);

    static Problem? Refusal(Actor actor) => actor.IsIn(Roles.Admin) ? null : Problem.Forbidden("Only the research support office (administrators) opens and closes calls.");
}
