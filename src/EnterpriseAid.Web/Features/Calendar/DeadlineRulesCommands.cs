using EnterpriseAid.Domain.Calendar;
using EnterpriseAid.Domain.Common;
using EnterpriseAid.Infrastructure.Calendar;
using EnterpriseAid.Infrastructure.Persistence;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;

namespace EnterpriseAid.Web.Features.Calendar;

public abstract record DeadlineRulesSaveResult
{
    public sealed record Saved : DeadlineRulesSaveResult;
    public sealed record Invalid(IReadOnlyList<ValidationFailure> Errors) : DeadlineRulesSaveResult;
    /// <summary>Another administrator saved the rules after this user opened the form.</summary>
    public sealed record Stale(DeadlineRulesSnapshot Current) : DeadlineRulesSaveResult;
}

/// <summary>
/// Saves the deadline rules as rows of deadline_rules (see <see cref="DeadlineRuleRow"/>): only what changed is
/// written, so the audit log shows each changed number before → after. New values apply to problems dispatched
/// from now on; a deadline already set is never recomputed.
/// </summary>
public sealed class DeadlineRulesCommands(AppDbContext db, IValidator<DeadlineRulesFormModel> validator, CalendarCache calendars)
{
    /// <summary>Serialises saves of the rule set (pg_advisory_xact_lock key).</summary>
    private const long RulesLock = 0x0EA0_DEAD_0001;

    public async Task<DeadlineRulesSaveResult> SaveAsync(DeadlineRulesFormModel model, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        model.Normalize();
        var validation = await validator.ValidateAsync(model, ct);
        if (!validation.IsValid) return new DeadlineRulesSaveResult.Invalid(validation.Errors);

        DeadlineRules rules;
        try
        {
            rules = model.ToRules();
        }
        catch (DomainException ex)
        {
            return new DeadlineRulesSaveResult.Invalid([new ValidationFailure(string.Empty, ex.Message)]);
        }

        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async cancel =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(cancel);
            // Two saves at once queue here; the second then sees the first's rows and fails the version check.
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({RulesLock})", cancel);
            var rows = await db.DeadlineRules.ToListAsync(cancel);
            if (DeadlineRulesQueries.VersionOf(rows) != model.Version)
            {
                await tx.RollbackAsync(cancel);
                db.ChangeTracker.Clear();
                return new DeadlineRulesSaveResult.Stale(await new DeadlineRulesQueries(db).CurrentAsync(cancel));
            }

            Apply(rows, Desired(rules));
            await db.SaveChangesAsync(cancel);
            await tx.CommitAsync(cancel);
            calendars.Invalidate();
            return (DeadlineRulesSaveResult)new DeadlineRulesSaveResult.Saved();
        }, ct);
    }

    /// <summary>The rows that store <paramref name="rules"/>: dispatch, the three defaults and each override.</summary>
    private static Dictionary<(string Category, string Urgency), int> Desired(DeadlineRules rules)
    {
        var rows = new Dictionary<(string, string), int>
        {
            [(DeadlineRuleRow.AnyCategory, DeadlineRuleRow.Dispatch)] = rules.DispatchDays,
        };
        foreach (var urgency in Enum.GetValues<Urgency>())
            rows[(DeadlineRuleRow.AnyCategory, Urgencies.Describe(urgency).Code)] = rules.DefaultResolutionDays(urgency);
        foreach (var rule in rules.Overrides)
            rows[(rule.Category, Urgencies.Describe(rule.Urgency).Code)] = rule.ResolutionDays;
        return rows;
    }

    private void Apply(List<DeadlineRuleRow> rows, Dictionary<(string Category, string Urgency), int> desired)
    {
        foreach (var row in rows)
        {
            if (!desired.TryGetValue((row.Category, row.Urgency), out var days)) db.DeadlineRules.Remove(row);
            else if (row.WorkingDays != days) row.WorkingDays = days;
        }
        var existing = rows.Select(r => (r.Category, r.Urgency)).ToHashSet();
        foreach (var ((category, urgency), days) in desired.Where(d => !existing.Contains(d.Key)))
            db.DeadlineRules.Add(new DeadlineRuleRow { Category = category, Urgency = urgency, WorkingDays = days });
    }
}
