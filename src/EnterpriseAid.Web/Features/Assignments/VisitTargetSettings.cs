using System.Globalization;
using EnterpriseAid.Domain.Assignments;
using EnterpriseAid.Domain.Common;
using EnterpriseAid.Infrastructure.Persistence;
using EnterpriseAid.Infrastructure.Settings;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace EnterpriseAid.Web.Features.Assignments;

public sealed record VisitTargetSetting(int PerQuarter, uint Version, DateTimeOffset UpdatedAt);

public sealed class VisitTargetFormModel
{
    public string? PerQuarter { get; set; }
    public string? Version { get; set; }

    public int? ParsedPerQuarter => int.TryParse(PerQuarter?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
    public uint? ParsedVersion => uint.TryParse(Version, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
}

public sealed class VisitTargetFormValidator : AbstractValidator<VisitTargetFormModel>
{
    public VisitTargetFormValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(x => x.PerQuarter).Custom((value, ctx) =>
        {
            const string field = nameof(VisitTargetFormModel.PerQuarter);
            if (string.IsNullOrWhiteSpace(value)) ctx.AddFailure(field, l["Validation.Required", l["Settings.VisitTarget"]]);
            else if (new VisitTargetFormModel { PerQuarter = value }.ParsedPerQuarter is not { } n || n < VisitTarget.Min || n > VisitTarget.Max)
                ctx.AddFailure(field, l["Settings.Validation.VisitTarget", VisitTarget.Min, VisitTarget.Max]);
        });
    }
}

public abstract record SettingSaveResult
{
    public sealed record Saved : SettingSaveResult;
    public sealed record Invalid(IReadOnlyList<ValidationFailure> Errors) : SettingSaveResult;
    /// <summary>Someone else saved after this user opened the page; the current value is shown.</summary>
    public sealed record Stale(VisitTargetSetting Current) : SettingSaveResult;
}

/// <summary>
/// 走访目标 (visits per enterprise per quarter), kept in <c>portal_settings</c>. A missing or unreadable
/// row reads as <see cref="VisitTarget.Default"/>; saving goes through EF, so it is audited, and is
/// guarded by the row's xmin.
/// </summary>
public sealed class VisitTargetSettings(AppDbContext db, IValidator<VisitTargetFormModel> validator, TimeProvider clock)
{
    public Task<VisitTargetSetting> GetAsync(CancellationToken ct = default) => ReadAsync(db, ct);

    /// <summary>The setting as <paramref name="db"/> reads it, for the snapshot pass, which has no form to validate.</summary>
    public static async Task<VisitTargetSetting> ReadAsync(AppDbContext db, CancellationToken ct = default)
    {
        var row = await db.PortalSettings.AsNoTracking().SingleOrDefaultAsync(s => s.Key == PortalSetting.VisitTargetPerQuarter, ct);
        return row is null
            ? new VisitTargetSetting(VisitTarget.Default, 0, DateTimeOffset.MinValue)
            : new VisitTargetSetting(Parse(row.Value), row.Version, row.UpdatedAt);
    }

    public async Task<SettingSaveResult> SaveAsync(VisitTargetFormModel model, CancellationToken ct = default)
    {
        var result = await validator.ValidateAsync(model, ct);
        if (!result.IsValid) return new SettingSaveResult.Invalid(result.Errors);
        int value;
        try
        {
            value = VisitTarget.Validate(model.ParsedPerQuarter!.Value);
        }
        catch (DomainException ex)
        {
            return new SettingSaveResult.Invalid([new ValidationFailure(nameof(VisitTargetFormModel.PerQuarter), ex.Message)]);
        }

        var now = clock.GetUtcNow();
        var row = await db.PortalSettings.SingleOrDefaultAsync(s => s.Key == PortalSetting.VisitTargetPerQuarter, ct);
        if (row is null)
        {
            db.PortalSettings.Add(new PortalSetting(PortalSetting.VisitTargetPerQuarter, Format(value), now));
        }
        else
        {
            if (model.ParsedVersion is not { } version || version != row.Version) return new SettingSaveResult.Stale(await CurrentAsync(ct));
            row.Change(Format(value), now);
            db.Entry(row).Property(s => s.Version).OriginalValue = version;
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex is DbUpdateConcurrencyException
                                           || ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            return new SettingSaveResult.Stale(await CurrentAsync(ct));
        }
        return new SettingSaveResult.Saved();
    }

    private async Task<VisitTargetSetting> CurrentAsync(CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        return await GetAsync(ct);
    }

    private static int Parse(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= VisitTarget.Min and <= VisitTarget.Max
            ? n
            : VisitTarget.Default;

    private static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);
}
