using System.Security.Claims;
using EnterpriseAid.Infrastructure.Imports;
using EnterpriseAid.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace EnterpriseAid.Web.Features.Imports;

/// <summary>A job as the pages show it (without the file's bytes).</summary>
public sealed record ImportJobView(long Id, string Kind, string Status, string FileName, string FileFormat, int FileSize, string[] Headers,
    string? Mapping, int Progress, int? TotalRows, int? ErrorRows, int? WarningCount, int? Inserted, int? Updated, int? Unchanged,
    string? Message, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt)
{
    public bool IsRunning => ImportStatus.IsRunning(Status);
    public bool IsCommitting => Status is ImportStatus.CommitQueued or ImportStatus.Committing;
}

/// <summary>Import jobs are the uploader's own: another user's job is not found, whatever their role.</summary>
public sealed class ImportQueries(AppDbContext db)
{
    public const int ListSize = 50;

    public Task<List<ImportJobView>> MineAsync(long userId, CancellationToken ct = default) =>
        Project(db.ImportJobs.AsNoTracking().Where(j => j.UserId == userId).OrderByDescending(j => j.CreatedAt).ThenByDescending(j => j.Id).Take(ListSize))
            .ToListAsync(ct);

    public Task<ImportJobView?> FindAsync(long id, long userId, CancellationToken ct = default) =>
        Project(db.ImportJobs.AsNoTracking().Where(j => j.Id == id && j.UserId == userId)).SingleOrDefaultAsync(ct);

    /// <summary>The issues kept for the page and the report workbook.</summary>
    public async Task<IReadOnlyList<ImportIssue>> IssuesAsync(long id, long userId, CancellationToken ct = default) =>
        ImportJobStore.ReadIssues(await db.ImportJobs.AsNoTracking().Where(j => j.Id == id && j.UserId == userId).Select(j => j.Issues).SingleOrDefaultAsync(ct));

    private static IQueryable<ImportJobView> Project(IQueryable<ImportJob> jobs) => jobs.Select(j => new ImportJobView(j.Id, j.Kind, j.Status, j.FileName,
        j.FileFormat, j.FileSize, j.Headers, j.Mapping, j.Progress, j.TotalRows, j.ErrorRows, j.WarningCount, j.Inserted, j.Updated, j.Unchanged,
        j.Message, j.CreatedAt, j.FinishedAt));

    public static long? UserId(ClaimsPrincipal? user) =>
        long.TryParse(user?.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
}
