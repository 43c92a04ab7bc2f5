using EnterpriseAid.Domain.Operating;
using EnterpriseAid.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace EnterpriseAid.Web.Features.Operating;

/// <summary>The enterprise an operating page is about, when the user may see it.</summary>
public sealed record OperatingEnterprise(long Id, string Name, string ScaleClass);

/// <summary>One report as the pages list it.</summary>
public sealed record OperatingReportRow(long Id, DateOnly ReportedOn, bool Operating, int StaffOnDuty, int UsualStaff, int CapacityPercent,
    string? Note, OperatingReportSource Source, string? EnteredBy, DateTimeOffset EnteredAt);

/// <summary>The reads of an enterprise's operating reports, through the scoped context (out of scope: nothing).</summary>
public sealed class OperatingQueries(AppDbContext db)
{
    public const int MaxListed = 200;

    public Task<OperatingEnterprise?> EnterpriseAsync(long id, CancellationToken ct = default) =>
        db.Enterprises.AsNoTracking().Where(e => e.Id == id).Select(e => new OperatingEnterprise(e.Id, e.Name, e.ScaleClass)).FirstOrDefaultAsync(ct);

    /// <summary>The enterprise's reports, newest report date first.</summary>
    public Task<List<OperatingReportRow>> ReportsAsync(long enterpriseId, int take = MaxListed, CancellationToken ct = default) =>
        db.OperatingReports.AsNoTracking().Where(r => r.EnterpriseId == enterpriseId)
            .OrderByDescending(r => r.ReportedOn).Take(take)
            .Select(r => new OperatingReportRow(r.Id, r.ReportedOn, r.Operating, r.StaffOnDuty, r.UsualStaff, r.CapacityPercent, r.Note, r.Source,
                db.Users.Where(u => u.Id == r.EnteredByUserId).Select(u => u.DisplayName).FirstOrDefault(), r.EnteredAt))
            .ToListAsync(ct);

    public async Task<OperatingReportRow?> LatestAsync(long enterpriseId, CancellationToken ct = default) =>
        (await ReportsAsync(enterpriseId, 1, ct)).FirstOrDefault();
}
