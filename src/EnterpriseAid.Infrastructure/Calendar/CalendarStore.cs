using EnterpriseAid.Domain.Calendar;
using EnterpriseAid.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace EnterpriseAid.Infrastructure.Calendar;

/// <summary>The working-day calendar kept in calendar_days.</summary>
public static class CalendarStore
{
    /// <summary>
    /// Every stored day; a year counts as covered when it has at least one entry, as with an imported file
    /// (every official schedule has holidays, so an imported year never has none).
    /// </summary>
    public static async Task<WorkingDayCalendar> LoadAsync(AppDbContext db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var days = await db.CalendarDays.AsNoTracking().OrderBy(d => d.Date).ToListAsync(ct);
        return new WorkingDayCalendar(days, days.Select(d => d.Date.Year).Distinct());
    }
}

/// <summary>The deadline rules kept in deadline_rules (see <see cref="DeadlineRuleRow"/> for the layout).</summary>
public static class DeadlineRulesStore
{
    public static async Task<DeadlineRules> LoadAsync(AppDbContext db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = await db.DeadlineRules.AsNoTracking().ToListAsync(ct);
        if (rows.Count == 0) return DeadlineRules.Default;

        var dispatch = DeadlineRules.Default.DispatchDays;
        var defaults = Enum.GetValues<Urgency>().ToDictionary(u => u, DeadlineRules.Default.DefaultResolutionDays);
        var overrides = new List<DeadlineRule>();
        foreach (var row in rows)
        {
            if (row.Category == DeadlineRuleRow.AnyCategory && row.Urgency == DeadlineRuleRow.Dispatch)
            {
                dispatch = row.WorkingDays;
                continue;
            }
            if (!Urgencies.TryParse(row.Urgency, out var urgency))
                throw new InvalidOperationException($"deadline_rules holds an unknown urgency '{row.Urgency}'");
            if (row.Category == DeadlineRuleRow.AnyCategory) defaults[urgency] = row.WorkingDays;
            else overrides.Add(new DeadlineRule(row.Category, urgency, row.WorkingDays));
        }
        return new DeadlineRules(dispatch, defaults, overrides);
    }
}
