using EnterpriseAid.Domain.Operating;
using EnterpriseAid.Infrastructure.Persistence;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace EnterpriseAid.Web.Features.Operating;

public abstract record OperatingResult
{
    public sealed record Saved(long Id) : OperatingResult;
    /// <summary>Bad input, a broken rule or a report already there for the date: messages by field; nothing was saved.</summary>
    public sealed record Invalid(IReadOnlyList<ValidationFailure> Errors) : OperatingResult;
    /// <summary>The enterprise does not exist or lies outside the user's scope.</summary>
    public sealed record NotFound : OperatingResult;
}

/// <summary>
/// Write side of 经营状况: one report per enterprise and date. A second report for a date is refused with the date's
/// existing report named; two saves of the same date at the same moment are told apart by the unique index, and the
/// loser gets the same message (ADR-022). Saved through EF, so the audit log records it.
/// </summary>
public sealed class OperatingCommands(AppDbContext db, IValidator<OperatingFormModel> validator, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    public async Task<OperatingResult> AddAsync(long enterpriseId, OperatingFormModel model, OperatingReportSource source, long userId,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!await db.Enterprises.AnyAsync(e => e.Id == enterpriseId, ct)) return new OperatingResult.NotFound();
        var validation = await validator.ValidateAsync(model, ct);
        if (!validation.IsValid) return new OperatingResult.Invalid(validation.Errors);

        var now = clock.GetUtcNow();
        var day = model.ParsedReportedOn!.Value;
        var status = model.ToStatus();
        var broken = OperatingReport.Violations(day, status, Domain.Common.ChinaTime.DateOf(now));
        if (broken.Count > 0)
            return new OperatingResult.Invalid(broken.Select(b => new ValidationFailure(b.Field.ToString(), b.Message)).ToList());
        if (await db.OperatingReports.AnyAsync(r => r.EnterpriseId == enterpriseId && r.ReportedOn == day, ct)) return Duplicate(day);

        var report = OperatingReport.Record(enterpriseId, day, status, source, userId, now);
        db.OperatingReports.Add(report);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            db.ChangeTracker.Clear();
            return Duplicate(day);
        }
        return new OperatingResult.Saved(report.Id);
    }

    private OperatingResult.Invalid Duplicate(DateOnly day) =>
        new([new ValidationFailure(nameof(OperatingFormModel.ReportedOn), l["Operating.Validation.Duplicate", day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)])]);
}
