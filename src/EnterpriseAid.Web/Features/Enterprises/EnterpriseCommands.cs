using EnterpriseAid.Domain.Common;
using EnterpriseAid.Domain.Enterprises;
using EnterpriseAid.Infrastructure.Persistence;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace EnterpriseAid.Web.Features.Enterprises;

public abstract record SaveResult
{
    public sealed record Saved(long Id) : SaveResult;
    public sealed record Invalid(IReadOnlyList<ValidationFailure> Errors) : SaveResult;
    public sealed record DuplicateUscc(long ExistingId, string ExistingName) : SaveResult;
    /// <summary>The code is registered outside this user's scope: say so without showing that record.</summary>
    public sealed record DuplicateUsccElsewhere : SaveResult;
    /// <summary>Someone else saved the enterprise after this user opened it.</summary>
    public sealed record Stale(Enterprise Current) : SaveResult;
    public sealed record NotFound : SaveResult;
}

/// <summary>Write side of the register: validate, apply through the domain, save with optimistic concurrency.</summary>
public sealed class EnterpriseCommands(AppDbContext db, IValidator<EnterpriseFormModel> validator, EnterpriseQueries queries, TimeProvider clock,
    Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> l)
{
    public async Task<SaveResult> CreateAsync(EnterpriseFormModel model, CancellationToken ct = default)
    {
        var invalid = await ValidateAsync(model, ct);
        if (invalid is not null) return invalid;

        var uscc = UnifiedSocialCreditCode.Parse(model.Uscc);
        if (await DuplicateAsync(uscc.Value, ct) is { } duplicate) return duplicate;

        Enterprise enterprise;
        try
        {
            enterprise = Enterprise.Register(uscc, model.ToProfile(), clock.GetUtcNow());
        }
        catch (DomainException ex)
        {
            return Invalid(ex.Message);
        }
        db.Enterprises.Add(enterprise);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Lost a race with another registration of the same code.
            db.ChangeTracker.Clear();
            if (await DuplicateAsync(uscc.Value, ct) is { } raced) return raced;
            throw;
        }
        return new SaveResult.Saved(enterprise.Id);
    }

    public async Task<SaveResult> UpdateAsync(long id, EnterpriseFormModel model, CancellationToken ct = default)
    {
        var enterprise = await db.Enterprises.SingleOrDefaultAsync(e => e.Id == id, ct);
        if (enterprise is null) return new SaveResult.NotFound();

        // The code identifies the enterprise; it is shown read-only on the edit form.
        model.Uscc = enterprise.Uscc;
        var invalid = await ValidateAsync(model, ct);
        if (invalid is not null) return invalid;

        if (enterprise.Version != model.Version) return new SaveResult.Stale(enterprise);
        try
        {
            enterprise.UpdateProfile(model.ToProfile(), clock.GetUtcNow());
        }
        catch (DomainException ex)
        {
            return Invalid(ex.Message);
        }
        // Compare against the version the user saw, not the one just read, so a save that
        // slips in between the read above and this update is still caught by PostgreSQL.
        db.Entry(enterprise).Property(e => e.Version).OriginalValue = model.Version;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            var current = await db.Enterprises.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, ct);
            return current is null ? new SaveResult.NotFound() : new SaveResult.Stale(current);
        }
        return new SaveResult.Saved(enterprise.Id);
    }

    private async Task<SaveResult.Invalid?> ValidateAsync(EnterpriseFormModel model, CancellationToken ct)
    {
        var result = await validator.ValidateAsync(model, ct);
        if (!result.IsValid) return new SaveResult.Invalid(result.Errors);
        if (long.TryParse(model.TownId, out var townId) && !await queries.TownsInScope().AnyAsync(o => o.Id == townId, ct))
        {
            var exists = await db.OrgUnits.AnyAsync(o => o.Id == townId, ct);
            return Invalid(l[exists ? "Validation.Town.OutOfScope" : "Validation.Town.Unknown"], nameof(EnterpriseFormModel.TownId));
        }
        return null;
    }

    private async Task<SaveResult?> DuplicateAsync(string uscc, CancellationToken ct)
    {
        if (await queries.FindByUsccAsync(uscc, ct) is { } visible) return new SaveResult.DuplicateUscc(visible.Id, visible.Name);
        return await queries.UsccExistsAnywhereAsync(uscc, ct) ? new SaveResult.DuplicateUsccElsewhere() : null;
    }

    private static SaveResult.Invalid Invalid(string message, string property = "") =>
        new([new ValidationFailure(property, message)]);
}

public static class EnterpriseFeature
{
    public static IServiceCollection AddEnterpriseFeature(this IServiceCollection services)
    {
        services.AddScoped<EnterpriseQueries>();
        services.AddScoped<EnterpriseCommands>();
        services.AddSingleton<IValidator<EnterpriseFormModel>, EnterpriseFormValidator>();
        return services;
    }
}
