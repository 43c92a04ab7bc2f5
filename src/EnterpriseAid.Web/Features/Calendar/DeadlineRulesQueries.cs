using System.Security.Cryptography;
using System.Text;
using EnterpriseAid.Domain.Calendar;
using EnterpriseAid.Infrastructure.Auditing;
using EnterpriseAid.Infrastructure.Calendar;
using EnterpriseAid.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace EnterpriseAid.Web.Features.Calendar;

/// <summary>The stored rules with the fingerprint the edit form carries, and who changed them last.</summary>
public sealed record DeadlineRulesSnapshot(DeadlineRules Rules, string Version, DeadlineRulesChange? LastChange);

public sealed record DeadlineRulesChange(string? UserName, DateTimeOffset At);

public sealed class DeadlineRulesQueries(AppDbContext db)
{
    /// <summary>The audit log's name for a row of deadline_rules (its CLR type).</summary>
    public const string AuditEntityType = nameof(DeadlineRuleRow);

    public async Task<DeadlineRulesSnapshot> CurrentAsync(CancellationToken ct = default)
    {
        var rows = await db.DeadlineRules.AsNoTracking().ToListAsync(ct);
        var rules = await DeadlineRulesStore.LoadAsync(db, ct);
        var last = await db.AuditEntries.AsNoTracking()
            .Where(e => e.EntityType == AuditEntityType)
            .OrderByDescending(e => e.Id)
            .Select(e => new DeadlineRulesChange(e.UserName, e.OccurredAt))
            .FirstOrDefaultAsync(ct);
        return new DeadlineRulesSnapshot(rules, VersionOf(rows), last);
    }

    /// <summary>
    /// A fingerprint of the whole rule set. The rules are many rows with no row version of their own, so an
    /// edit form carries this instead; a save compares it with the rows as they are, under a lock
    /// (<see cref="DeadlineRulesCommands"/>), and refuses when anything changed since the form was opened.
    /// </summary>
    public static string VersionOf(IEnumerable<DeadlineRuleRow> rows)
    {
        var text = string.Join('\n', rows
            .Select(r => $"{r.Category}|{r.Urgency}|{r.WorkingDays}")
            .Order(StringComparer.Ordinal));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0, 12).ToLowerInvariant();
    }
}
