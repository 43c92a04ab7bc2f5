using System.Security.Claims;
using EnterpriseAid.Domain.Common;
using EnterpriseAid.Domain.Identity;
using EnterpriseAid.Domain.Subsidies;
using EnterpriseAid.Infrastructure.Persistence;
using EnterpriseAid.Web.Features.Policies;
using EnterpriseAid.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace EnterpriseAid.Web.Features.Subsidies;

/// <summary>Who may do what in 政策兑现 (ADR-019).</summary>
public static class SubsidyRoles
{
    /// <summary>活动办 and administrators create programmes, review, start the 公示, record objections and pay.</summary>
    public const string Managers = PortalRoles.Administrator + "," + PortalRoles.Dispatcher;

    /// <summary>Staff read programmes and applications (supervisors read only).</summary>
    public const string Readers = PortalRoles.Staff;

    /// <summary>Apply on behalf of an enterprise in their scope.</summary>
    public const string OnBehalf = Managers + "," + PortalRoles.Official;
}

/// <summary>The outcome of a command: done, refused with a Chinese message, someone else was faster, or not found (404).</summary>
public abstract record SubsidyResult
{
    public sealed record Done(long Id, int Count = 0) : SubsidyResult;
    public sealed record Refused(string Message) : SubsidyResult;
    public sealed record Stale : SubsidyResult;
    public sealed record NotFound : SubsidyResult;
}

public sealed record ActingUser(long Id, string Name)
{
    public static ActingUser Of(ClaimsPrincipal user)
    {
        var id = PolicyCommands.UserId(user);
        var name = user.FindFirstValue(PortalClaims.DisplayName) is { Length: > 0 } display ? display : user.Identity?.Name ?? string.Empty;
        return new ActingUser(id, name.Length > SubsidyEvent.ActorMaxLength ? name[..SubsidyEvent.ActorMaxLength] : name);
    }
}

/// <summary>
/// Write side of 政策兑现. Every step goes through the domain; approving reserves the budget with one
/// conditional UPDATE of the programme row in the same transaction (ADR-019), so concurrent approvals can
/// never overspend it.
/// </summary>
public sealed class SubsidyCommands(AppDbContext db, TimeProvider clock)
{
    public const string StaleMessage = "已被他人更新，请刷新后重试";

    private DateOnly Today => ChinaTime.Today(clock);

    public async Task<SubsidyResult> CreateProgramAsync(SubsidyProgramForm f, ActingUser user, CancellationToken ct = default)
    {
        var policy = await db.Policies.AsNoTracking().SingleOrDefaultAsync(p => p.Id == f.PolicyId, ct);
        if (policy is null) return new SubsidyResult.Refused("请选择政策");
        return await Guard(async () =>
        {
            var program = SubsidyProgram.Create(policy, f.Name ?? "", f.Batch ?? "", Money(f.Budget, "预算"), Date(f.ApplyFrom, "申报开始日期"),
                Date(f.ApplyTo, "申报截止日期"), f.MianShenJiXiang, f.MianShenJiXiang ? Money(f.StandardAmount, "兑现标准") : null,
                f.NoticeDays ?? SubsidyProgram.DefaultNoticeDays, user.Id, clock.GetUtcNow());
            db.SubsidyPrograms.Add(program);
            await db.SaveChangesAsync(ct);
            return new SubsidyResult.Done(program.Id);
        });
    }

    /// <summary>An application by the enterprise itself or by staff for an enterprise in their scope.</summary>
    public async Task<SubsidyResult> ApplyAsync(long programId, long enterpriseId, string? requested, ActingUser user, CancellationToken ct = default)
    {
        var program = await db.SubsidyPrograms.AsNoTracking().SingleOrDefaultAsync(p => p.Id == programId, ct);
        if (program is null) return new SubsidyResult.NotFound();
        if (!await db.Enterprises.AnyAsync(e => e.Id == enterpriseId, ct)) return new SubsidyResult.Refused("请选择本辖区内的企业");
        if (await db.SubsidyApplications.AnyAsync(a => a.ProgramId == programId && a.EnterpriseId == enterpriseId, ct))
            return new SubsidyResult.Refused("该企业已申报本项目");
        return await Guard(async () =>
        {
            var app = SubsidyApplication.Apply(program, enterpriseId, Money(requested, "申请金额"), Today, user.Id, user.Name, clock.GetUtcNow());
            db.SubsidyApplications.Add(app);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                return new SubsidyResult.Refused("该企业已申报本项目");
            }
            return new SubsidyResult.Done(app.Id);
        });
    }

    /// <summary>
    /// 免申即享: an application for every enterprise in the user's scope that the policy's eligibility fits today
    /// and that has none yet. Idempotent: a re-run (or a concurrent one) adds nothing twice (unique index).
    /// </summary>
    public async Task<SubsidyResult> CreateEligibleAsync(long programId, ActingUser user, CancellationToken ct = default)
    {
        var program = await db.SubsidyPrograms.AsNoTracking().SingleOrDefaultAsync(p => p.Id == programId, ct);
        if (program is null) return new SubsidyResult.NotFound();
        var policy = await db.Policies.AsNoTracking().SingleOrDefaultAsync(p => p.Id == program.PolicyId, ct);
        if (policy is null) return new SubsidyResult.NotFound();
        for (var attempt = 1; ; attempt++)
        {
            var ids = await db.Enterprises.AsNoTracking().Where(policy.Eligibility.Matches(Today))
                .Where(e => !db.SubsidyApplications.Any(a => a.ProgramId == programId && a.EnterpriseId == e.Id))
                .OrderBy(e => e.Id).Select(e => e.Id).ToListAsync(ct);
            try
            {
                var now = clock.GetUtcNow();
                db.SubsidyApplications.AddRange(ids.Select(id => SubsidyApplication.CreateAutomatically(program, id, user.Id, user.Name, now)));
                await db.SaveChangesAsync(ct);
                return new SubsidyResult.Done(programId, ids.Count);
            }
            catch (DomainException ex)
            {
                return new SubsidyResult.Refused(ex.Message);
            }
            catch (DbUpdateException e) when (attempt < 3 && e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>
    /// 待审核 → 已批准. In one transaction: the application's change (checked against the version the reviewer saw)
    /// and <c>UPDATE subsidy_programs SET approved_total = approved_total + @amount WHERE id = @id AND stage = 'Open'
    /// AND approved_total + @amount &lt;= budget</c>. PostgreSQL re-checks the condition on the latest row version after
    /// waiting for a concurrent approval's lock, so exactly the approvals that fit succeed.
    /// </summary>
    public async Task<SubsidyResult> ApproveAsync(long applicationId, uint version, string? amountText, ActingUser user, CancellationToken ct = default)
    {
        var app = await db.SubsidyApplications.Include(a => a.Events).SingleOrDefaultAsync(a => a.Id == applicationId, ct);
        if (app is null) return new SubsidyResult.NotFound();
        if (app.Version != version) return new SubsidyResult.Stale();
        return await Guard(async () =>
        {
            var amount = Money(amountText, "批准金额");
            app.Approve(amount, user.Id, user.Name, clock.GetUtcNow());
            db.Entry(app).Property(a => a.Version).OriginalValue = version;
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var programId = app.ProgramId;
            var reserved = await db.SubsidyPrograms.Where(p => p.Id == programId && p.Stage == SubsidyProgramStage.Open && p.ApprovedTotal + amount <= p.Budget)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.ApprovedTotal, p => p.ApprovedTotal + amount), ct);
            if (reserved == 0)
            {
                await tx.RollbackAsync(ct);
                var program = await db.SubsidyPrograms.AsNoTracking().SingleAsync(p => p.Id == programId, ct);
                return new SubsidyResult.Refused(program.Stage != SubsidyProgramStage.Open ? "公示已开始，本批次不能再审批"
                    : SubsidyMoney.InsufficientMessage(program.Budget, program.ApprovedTotal));
            }
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return new SubsidyResult.Done(app.Id);
        });
    }

    /// <summary>驳回 a pending application, or withdraw an approval (also during the 公示), giving its amount back to the budget.</summary>
    public async Task<SubsidyResult> RejectAsync(long applicationId, uint version, string? reason, ActingUser user, CancellationToken ct = default)
    {
        var app = await db.SubsidyApplications.Include(a => a.Events).SingleOrDefaultAsync(a => a.Id == applicationId, ct);
        if (app is null) return new SubsidyResult.NotFound();
        if (app.Version != version) return new SubsidyResult.Stale();
        return await Guard(async () =>
        {
            var released = app.Reject(reason ?? "", user.Id, user.Name, clock.GetUtcNow());
            db.Entry(app).Property(a => a.Version).OriginalValue = version;
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            if (released > 0)
            {
                var programId = app.ProgramId;
                await db.SubsidyPrograms.Where(p => p.Id == programId)
                    .ExecuteUpdateAsync(s => s.SetProperty(p => p.ApprovedTotal, p => p.ApprovedTotal - released), ct);
            }
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return new SubsidyResult.Done(app.Id);
        });
    }

    public Task<SubsidyResult> ObjectAsync(long applicationId, uint version, string? text, ActingUser user, CancellationToken ct = default) =>
        OnApplicationAsync(applicationId, version, a => a.RecordObjection(text ?? "", user.Id, user.Name, clock.GetUtcNow()), ct);

    public Task<SubsidyResult> DisburseAsync(long applicationId, uint version, string? date, string? amount, ActingUser user, CancellationToken ct = default) =>
        OnApplicationAsync(applicationId, version,
            a => a.Disburse(Date(date, "拨付日期"), Money(amount, "拨付金额"), Today, user.Id, user.Name, clock.GetUtcNow()), ct);

    /// <summary>Starts the 公示 of the programme: the approved applications enter it together with the programme.</summary>
    public Task<SubsidyResult> StartNoticeAsync(long programId, uint version, ActingUser user, CancellationToken ct = default) =>
        OnProgramAsync(programId, version, SubsidyApplicationStatus.Approved, (p, apps, now) =>
        {
            p.StartNotice(Today, apps.Count);
            foreach (var a in apps) a.EnterNotice(user.Id, user.Name, now);
        }, ct);

    /// <summary>Closes the 公示 after its last day: the applications in it may then be paid.</summary>
    public Task<SubsidyResult> EndNoticeAsync(long programId, uint version, ActingUser user, CancellationToken ct = default) =>
        OnProgramAsync(programId, version, SubsidyApplicationStatus.InNotice, (p, apps, now) =>
        {
            p.EndNotice(Today);
            foreach (var a in apps) a.LeaveNotice(user.Id, user.Name, now);
        }, ct);

    private async Task<SubsidyResult> OnProgramAsync(long programId, uint version, SubsidyApplicationStatus status,
        Action<SubsidyProgram, List<SubsidyApplication>, DateTimeOffset> change, CancellationToken ct)
    {
        var program = await db.SubsidyPrograms.SingleOrDefaultAsync(p => p.Id == programId, ct);
        if (program is null) return new SubsidyResult.NotFound();
        if (program.Version != version) return new SubsidyResult.Stale();
        // Every application of the programme in that state, also those of enterprises outside the user's own region:
        // the notice is the programme's, not a region's.
        var apps = await db.SubsidyApplications.IgnoreQueryFilters().Include(a => a.Events)
            .Where(a => a.ProgramId == programId && a.Status == status).ToListAsync(ct);
        return await Guard(async () =>
        {
            change(program, apps, clock.GetUtcNow());
            db.Entry(program).Property(p => p.Version).OriginalValue = version;
            await db.SaveChangesAsync(ct);
            return new SubsidyResult.Done(programId, apps.Count);
        });
    }

    private async Task<SubsidyResult> OnApplicationAsync(long applicationId, uint version, Action<SubsidyApplication> change, CancellationToken ct)
    {
        var app = await db.SubsidyApplications.Include(a => a.Events).SingleOrDefaultAsync(a => a.Id == applicationId, ct);
        if (app is null) return new SubsidyResult.NotFound();
        if (app.Version != version) return new SubsidyResult.Stale();
        return await Guard(async () =>
        {
            change(app);
            db.Entry(app).Property(a => a.Version).OriginalValue = version;
            await db.SaveChangesAsync(ct);
            return new SubsidyResult.Done(app.Id);
        });
    }

    /// <summary>Turns domain refusals into a message and a lost race into <see cref="SubsidyResult.Stale"/>; nothing is saved in either case.</summary>
    private async Task<SubsidyResult> Guard(Func<Task<SubsidyResult>> action)
    {
        try
        {
            return await action();
        }
        catch (DomainException ex)
        {
            db.ChangeTracker.Clear();
            return new SubsidyResult.Refused(ex.Message);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return new SubsidyResult.Stale();
        }
    }

    /// <summary>Parses an amount typed in 元 (commas and a trailing 元 allowed) without ever going through floating point.</summary>
    public static decimal Money(string? text, string what)
    {
        var t = (text ?? "").Trim().Replace(",", "").Replace("，", "").TrimEnd('元').Trim();
        if (t.Length == 0) throw new DomainException($"请填写{what}");
        if (!decimal.TryParse(t, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var value))
            throw new DomainException($"{what}须为数字，单位元，最多两位小数");
        return SubsidyMoney.Require(value, what);
    }

    public static DateOnly Date(string? text, string what)
    {
        var t = (text ?? "").Trim();
        if (t.Length == 0) throw new DomainException($"请填写{what}");
        if (!DateOnly.TryParseExact(t, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var d))
            throw new DomainException($"{what}格式应为 2026-01-31");
        return d;
    }
}
