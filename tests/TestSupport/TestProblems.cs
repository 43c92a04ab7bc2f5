using EnterpriseAid.Domain.Calendar;
using EnterpriseAid.Domain.Organization;
using EnterpriseAid.Domain.Problems;
using EnterpriseAid.Infrastructure.Calendar;
using EnterpriseAid.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EnterpriseAid.TestSupport;

/// <summary>The demo accounts as the problem workflow sees them, for changing a problem through the domain.</summary>
public sealed record TestActors(ActorContext Official, ActorContext Dispatcher, ActorContext Lead, ActorContext EnterpriseUser);

/// <summary>
/// Problems of the demo district in the state a test needs, saved through the <see cref="Problem"/> aggregate.
/// Each step is dated by the caller, so a problem can be late on the day a test looks at it (a deadline
/// may not lie in the past on the day it is set).
/// </summary>
public static class TestProblems
{
    /// <summary>Registered by the demo official and dispatched by the demo dispatcher a week before <paramref name="deadline"/>.</summary>
    public static async Task<long> DispatchedAsync(IServiceProvider services, string title, DateOnly deadline,
        string leadNameEnd = "商务局", long? enterpriseId = null)
    {
        var at = new DateTimeOffset(deadline.AddDays(-7).ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(8)).ToUniversalTime();
        await using var scope = services.CreateAsyncScope();
        var db = Everything(scope);
        var lead = await db.OrgUnits.AsNoTracking().SingleAsync(o => o.Kind == OrgUnitKind.Department && o.Name.EndsWith(leadNameEnd));
        var actors = await ActorsAsync(db, lead.Id);
        var enterprise = enterpriseId ?? await db.Users.Where(u => u.UserName == "enterprise").Select(u => u.EnterpriseId!.Value).SingleAsync();

        var number = await ProblemNumbers.NextAsync(db, at.ToOffset(TimeSpan.FromHours(8)).Year);
        var problem = Problem.Register(number, enterprise, null, "energy", Urgency.Ordinary, ProblemSource.Visit, title,
            title + "，企业多次反映，影响正常生产。", actors.Official.Actor, at);
        problem.Dispatch(new DepartmentRef(lead.Id, lead.Name), [], deadline, actors.Dispatcher, at);
        db.Problems.Add(problem);
        await db.SaveChangesAsync();
        return problem.Id;
    }

    /// <summary>Loads the problem, applies <paramref name="change"/> as the demo accounts would, and saves it.</summary>
    public static async Task ChangeAsync(IServiceProvider services, long problemId, Action<Problem, TestActors> change)
    {
        await using var scope = services.CreateAsyncScope();
        var db = Everything(scope);
        var problem = await db.Problems.SingleAsync(p => p.Id == problemId);
        change(problem, await ActorsAsync(db, problem.LeadDepartmentId));
        await db.SaveChangesAsync();
    }

    /// <summary>Accepted, then resolved and rated unsatisfied twice: red whatever its deadline.</summary>
    public static Task ReopenTwiceAsync(IServiceProvider services, long problemId, DateTimeOffset at) =>
        ChangeAsync(services, problemId, (p, a) =>
        {
            p.Accept(a.Lead, at);
            for (var i = 0; i < 2; i++)
            {
                p.Resolve("已协调解决", a.Lead, at);
                p.Rate(Satisfaction.Unsatisfied, "问题仍未解决", a.EnterpriseUser, at);
            }
        });

    /// <summary>Accepted, resolved, rated satisfied and closed.</summary>
    public static Task CloseAsync(IServiceProvider services, long problemId, DateTimeOffset at) =>
        ChangeAsync(services, problemId, (p, a) =>
        {
            p.Accept(a.Lead, at);
            p.Resolve("已协调供电公司完成增容", a.Lead, at);
            p.Rate(Satisfaction.Satisfied, null, a.EnterpriseUser, at);
            p.Close(a.Dispatcher, at);
        });

    private static AppDbContext Everything(AsyncServiceScope scope)
    {
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.Scope = DataScope.Everything;
        return db;
    }

    private static async Task<TestActors> ActorsAsync(AppDbContext db, long? leadDepartmentId)
    {
        var users = await db.Users.AsNoTracking().Where(u => u.UserName == "official" || u.UserName == "dispatcher"
                                                             || u.UserName == "handler" || u.UserName == "enterprise")
            .ToDictionaryAsync(u => u.UserName!, u => new Actor(u.Id, u.DisplayName, u.OrgUnitId));
        return new TestActors(
            new ActorContext(users["official"]) { IsOfficial = true },
            new ActorContext(users["dispatcher"] with { OrgUnitId = null }) { IsDispatcher = true },
            new ActorContext(users["handler"] with { OrgUnitId = leadDepartmentId }),
            new ActorContext(users["enterprise"]) { IsEnterpriseOwner = true });
    }
}
