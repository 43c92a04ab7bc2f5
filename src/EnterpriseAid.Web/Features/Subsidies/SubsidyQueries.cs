using EnterpriseAid.Domain.Common;
using EnterpriseAid.Domain.Policies;
using EnterpriseAid.Domain.Subsidies;
using EnterpriseAid.Infrastructure.Persistence;
using EnterpriseAid.Infrastructure.Persistence.Configurations;
using EnterpriseAid.Web.Components.Shared;
using Microsoft.EntityFrameworkCore;

namespace EnterpriseAid.Web.Features.Subsidies;

public sealed record ProgramRow(long Id, string Name, string Batch, string PolicyTitle, PolicyCategory Category, decimal Budget, decimal ApprovedTotal,
    DateOnly ApplyFrom, DateOnly ApplyTo, bool MianShenJiXiang, SubsidyProgramStage Stage, DateOnly? NoticeFrom, DateOnly? NoticeTo);

public sealed record ApplicationRow(long Id, long EnterpriseId, string EnterpriseName, SubsidyApplicationStatus Status, decimal RequestedAmount,
    decimal? ApprovedAmount, decimal? DisbursedAmount, DateOnly? DisbursedOn, bool Automatic, int Objections);

/// <summary>One page of the programme list and how many programmes the scope holds.</summary>
public sealed record ProgramPage(IReadOnlyList<ProgramRow> Rows, int Total, PageNumber Page);

public sealed record ProgramDetail(SubsidyProgram Program, string PolicyTitle, IReadOnlyList<ApplicationRow> Applications);

public sealed record ApplicationDetail(SubsidyApplication Application, SubsidyProgram Program, string EnterpriseName, IReadOnlyList<SubsidyEvent> Events);

/// <summary>公示名单: only what the public may see — the programme, the notice period, enterprise names and amounts.</summary>
public sealed record PublicNotice(string ProgramName, string Batch, string PolicyTitle, string PolicyDocumentNo, DateOnly From, DateOnly To,
    IReadOnlyList<(string Enterprise, decimal Amount)> Rows)
{
    public decimal Total => Rows.Sum(r => r.Amount);
}

/// <summary>The portal's subsidy page: the enterprise's applications and the programmes it can apply to.</summary>
public sealed record PortalSubsidyOverview(List<PortalApplication> Applications, List<SubsidyProgram> Open);

public sealed record PortalApplication(SubsidyApplication Application, string ProgramName, string Batch, DateOnly? NoticeFrom, DateOnly? NoticeTo, IReadOnlyList<SubsidyEvent> Events);

/// <summary>Read side of 政策兑现; every query runs under the user's record scope except the public notice.</summary>
public sealed class SubsidyQueries(AppDbContext db, TimeProvider clock)
{
    public DateOnly Today => ChinaTime.Today(clock);

    /// <summary>The statuses whose approved amount counts (approved and not withdrawn).</summary>
    public static readonly SubsidyApplicationStatus[] Approved =
        [SubsidyApplicationStatus.Approved, SubsidyApplicationStatus.InNotice, SubsidyApplicationStatus.NoticeEnded, SubsidyApplicationStatus.Disbursed];

    private static readonly SubsidyApplicationStatus[] Noticed =
        [SubsidyApplicationStatus.InNotice, SubsidyApplicationStatus.NoticeEnded, SubsidyApplicationStatus.Disbursed];

    /// <summary>Programmes per page of the list (newest first).</summary>
    public const int PageSize = 20;

    /// <summary>One page of the programmes in scope, newest first (the order is the primary key's, so pages never overlap).</summary>
    public async Task<ProgramPage> ProgramPageAsync(string? page, CancellationToken ct = default)
    {
        var total = await Programs().CountAsync(ct);
        var number = PageNumber.Of(page, total, PageSize);
        var rows = await Programs().Skip(number.Skip).Take(PageSize).ToListAsync(ct);
        return new ProgramPage(rows, total, number);
    }

    /// <summary>The programmes in scope, newest first, streamed for the export.</summary>
    public IAsyncEnumerable<ProgramRow> ExportProgramsAsync() => Programs().AsAsyncEnumerable();

    private IQueryable<ProgramRow> Programs() =>
        from s in db.SubsidyPrograms.AsNoTracking()
        join p in db.Policies on s.PolicyId equals p.Id
        orderby s.Id descending
        select new ProgramRow(s.Id, s.Name, s.Batch, p.Title, p.Category, s.Budget, s.ApprovedTotal,
            s.ApplyFrom, s.ApplyTo, s.MianShenJiXiang, s.Stage, s.NoticeFrom, s.NoticeTo);

    /// <summary>The name of a programme in scope, or null.</summary>
    public Task<string?> ProgramNameAsync(long id, CancellationToken ct = default) =>
        db.SubsidyPrograms.AsNoTracking().Where(p => p.Id == id).Select(p => p.Name + " " + p.Batch).SingleOrDefaultAsync(ct);

    /// <summary>A programme's applications of the enterprises in scope, by enterprise name, streamed for the export.</summary>
    public IAsyncEnumerable<ApplicationRow> ExportApplicationsAsync(long programId) =>
        Rows(db.SubsidyApplications.Where(a => a.ProgramId == programId)).AsAsyncEnumerable();

    /// <summary>Policies in scope a programme can be created under, newest first.</summary>
    public Task<List<(long Id, string Title)>> PoliciesAsync(CancellationToken ct = default) =>
        db.Policies.AsNoTracking().OrderByDescending(p => p.EffectiveFrom).ThenByDescending(p => p.Id).Take(500)
            .Select(p => new ValueTuple<long, string>(p.Id, p.DocumentNo + " " + p.Title)).ToListAsync(ct);

    public async Task<ProgramDetail?> ProgramAsync(long id, CancellationToken ct = default)
    {
        var program = await db.SubsidyPrograms.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct);
        if (program is null) return null;
        var title = await db.Policies.IgnoreQueryFilters().Where(p => p.Id == program.PolicyId).Select(p => p.Title).SingleAsync(ct);
        return new ProgramDetail(program, title, await Rows(db.SubsidyApplications.Where(a => a.ProgramId == id)).ToListAsync(ct));
    }

    private IQueryable<ApplicationRow> Rows(IQueryable<SubsidyApplication> apps) =>
        from a in apps.AsNoTracking()
        join e in db.Enterprises on a.EnterpriseId equals e.Id
        orderby e.Name, a.Id
        select new ApplicationRow(a.Id, e.Id, e.Name, a.Status, a.RequestedAmount, a.ApprovedAmount, a.DisbursedAmount, a.DisbursedOn, a.Automatic,
            db.SubsidyEvents.Count(ev => ev.ApplicationId == a.Id && ev.Kind == SubsidyEventKind.Objection));

    public async Task<ApplicationDetail?> ApplicationAsync(long id, CancellationToken ct = default)
    {
        var app = await db.SubsidyApplications.AsNoTracking().Include(a => a.Events).SingleOrDefaultAsync(a => a.Id == id, ct);
        if (app is null) return null;
        var program = await db.SubsidyPrograms.IgnoreQueryFilters().AsNoTracking().SingleAsync(p => p.Id == app.ProgramId, ct);
        var name = await db.Enterprises.Where(e => e.Id == app.EnterpriseId).Select(e => e.Name).SingleAsync(ct);
        return new ApplicationDetail(app, program, name, app.Events.OrderBy(e => e.At).ThenBy(e => e.Id).ToList());
    }

    /// <summary>Enterprises in the user's scope, for applying on their behalf (name search, at most 50).</summary>
    public Task<List<(long Id, string Name)>> EnterprisesAsync(string? q, CancellationToken ct = default)
    {
        var query = db.Enterprises.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q)) query = query.Where(e => e.Name.Contains(q.Trim()));
        return query.OrderBy(e => e.Name).Take(50).Select(e => new ValueTuple<long, string>(e.Id, e.Name)).ToListAsync(ct);
    }

    /// <summary>
    /// The public 公示 of a programme, for anyone without signing in: null unless its notice has started. The scope
    /// filters are bypassed on purpose and the projection carries enterprise names and approved amounts only.
    /// </summary>
    public async Task<PublicNotice?> PublicNoticeAsync(long programId, CancellationToken ct = default)
    {
        var p = await db.SubsidyPrograms.IgnoreQueryFilters().AsNoTracking()
            .Where(s => s.Id == programId && s.NoticeFrom != null && s.NoticeTo != null)
            .Join(db.Policies.IgnoreQueryFilters(), s => s.PolicyId, x => x.Id, (s, x) => new { s.Name, s.Batch, x.Title, x.DocumentNo, s.NoticeFrom, s.NoticeTo })
            .SingleOrDefaultAsync(ct);
        if (p is null) return null;
        var rows = await db.SubsidyApplications.IgnoreQueryFilters().AsNoTracking()
            .Where(a => a.ProgramId == programId && Noticed.Contains(a.Status) && a.ApprovedAmount != null)
            .Join(db.Enterprises.IgnoreQueryFilters(), a => a.EnterpriseId, e => e.Id, (a, e) => new { e.Name, Amount = a.ApprovedAmount!.Value })
            .OrderBy(r => r.Name).ToListAsync(ct);
        return new PublicNotice(p.Name, p.Batch, p.Title, p.DocumentNo, p.NoticeFrom!.Value, p.NoticeTo!.Value, rows.Select(r => (r.Name, r.Amount)).ToList());
    }

    /// <summary>
    /// 我的政策兑现: the signed-in enterprise's applications (newest first, each with its programme and timeline) and the
    /// programmes it can apply to today (open, not 免申即享, not applied yet), in two statements.
    /// </summary>
    public async Task<PortalSubsidyOverview> PortalAsync(CancellationToken ct = default)
    {
        if (db.Scope.EnterpriseId is not { } own) return new PortalSubsidyOverview([], []);
        var enterprise = await OwnEnterprise(db, own);
        if (enterprise is null) return new PortalSubsidyOverview([], []);
        var applications = enterprise.Applications
            .Select(r => new PortalApplication(r.Application, r.Name, r.Batch, r.NoticeFrom, r.NoticeTo,
                r.Events.OrderBy(e => e.At).ThenBy(e => e.Id).ToList()))
            .OrderByDescending(a => a.Application.Id).ToList();

        // Programmes of the enterprise's own region and the regions above it: the ids on its region path ("/city/district/town/").
        var regions = enterprise.RegionPath.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).ToList();
        var applied = applications.Select(a => a.Application.ProgramId).ToHashSet();
        var open = new List<SubsidyProgram>();
        await foreach (var program in OpenPrograms(db, regions, Today).WithCancellation(ct))
            if (!applied.Contains(program.Id)) open.Add(program);
        return new PortalSubsidyOverview(applications, open);
    }

    private sealed record OwnApplication(SubsidyApplication Application, string Name, string Batch, DateOnly? NoticeFrom, DateOnly? NoticeTo,
        List<SubsidyEvent> Events);

    private sealed record OwnEnterpriseRow(string RegionPath, List<OwnApplication> Applications);

    // Both statements are compiled (the portal runs them on every visit) and name the enterprise explicitly, which is its
    // scope: the query filters would test the same ownership again for every application, programme and event.

    /// <summary>The enterprise's region path with its applications, their programmes and timelines: one statement.</summary>
    private static readonly Func<AppDbContext, long, Task<OwnEnterpriseRow?>> OwnEnterprise =
        EF.CompileAsyncQuery((AppDbContext db, long own) =>
            db.Enterprises.IgnoreQueryFilters().AsNoTracking()
                .Where(e => e.Id == own)
                .Select(e => new OwnEnterpriseRow(EF.Property<string>(e, RegionColumns.RegionPath),
                    db.SubsidyApplications.Where(a => a.EnterpriseId == e.Id)
                        .Join(db.SubsidyPrograms, a => a.ProgramId, p => p.Id, (a, p) => new OwnApplication(a, p.Name, p.Batch, p.NoticeFrom, p.NoticeTo,
                            db.SubsidyEvents.Where(ev => ev.ApplicationId == a.Id).ToList()))
                        .ToList()))
                .FirstOrDefault());

    /// <summary>The programmes open today in the given regions (by key), soonest closing first.</summary>
    private static readonly Func<AppDbContext, List<long>, DateOnly, IAsyncEnumerable<SubsidyProgram>> OpenPrograms =
        EF.CompileAsyncQuery<AppDbContext, List<long>, DateOnly, SubsidyProgram>((db, regions, today) =>
            db.SubsidyPrograms.IgnoreQueryFilters().AsNoTracking()
                .Where(p => regions.Contains(p.RegionId) && !p.MianShenJiXiang && p.Stage == SubsidyProgramStage.Open
                            && p.ApplyFrom <= today && today <= p.ApplyTo)
                .OrderBy(p => p.ApplyTo));
}
