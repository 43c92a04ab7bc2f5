using EnterpriseAid.Domain.Calendar;
using EnterpriseAid.Domain.Problems;

namespace EnterpriseAid.UnitTests.Problems;

/// <summary>A problem brought to a given point of its lifecycle.</summary>
public enum Stage
{
    Reported,
    Returned,
    Assigned,
    InProgress,
    CoHandlingDone,
    ExtensionPending,
    Resolved,
    Rated,
    Closed,
}

/// <summary>The people and departments of the tests, and problems at each stage of the lifecycle.</summary>
public static class ProblemScenarios
{
    // 10:00 in Beijing on Tuesday 10 March 2026.
    public static readonly DateTimeOffset Now = new(2026, 3, 10, 2, 0, 0, TimeSpan.Zero);
    public static readonly DateOnly Today = new(2026, 3, 10);
    public static readonly DateOnly Due = new(2026, 3, 24);

    public static readonly DepartmentRef Commerce = new(21, "区商务局");
    public static readonly DepartmentRef Labour = new(22, "区人社局");
    public static readonly DepartmentRef Housing = new(23, "区住建局");
    public static readonly DepartmentRef Industry = new(24, "区科工信局");

    public static readonly ActorContext Dispatcher = new(new Actor(1, "赵敏", 10)) { IsDispatcher = true };
    public static readonly ActorContext Supervisor = new(new Actor(2, "钱进", 11)) { IsSupervisor = true };
    public static readonly ActorContext Official = new(new Actor(3, "孙立", 12)) { IsOfficial = true };
    public static readonly ActorContext EnterpriseUser = new(new Actor(4, "李娜", null)) { IsEnterpriseOwner = true };
    public static readonly ActorContext LeadHandler = new(new Actor(5, "周强", Commerce.Id));
    public static readonly ActorContext CoHandler = new(new Actor(6, "吴芳", Labour.Id));
    public static readonly ActorContext Stranger = new(new Actor(7, "王五", Housing.Id));
    public static readonly ActorContext IndustryHandler = new(new Actor(8, "郑凯", Industry.Id));

    /// <summary>Every role at once, sitting in the lead department: only the state should hold it back.</summary>
    public static readonly ActorContext Everyone = new(new Actor(9, "冯超", Commerce.Id))
    {
        IsDispatcher = true, IsSupervisor = true, IsEnterpriseOwner = true, IsOfficial = true,
    };

    public static readonly IReadOnlyDictionary<string, ActorContext> Contexts = new Dictionary<string, ActorContext>
    {
        [nameof(Dispatcher)] = Dispatcher,
        [nameof(Supervisor)] = Supervisor,
        [nameof(Official)] = Official,
        [nameof(EnterpriseUser)] = EnterpriseUser,
        [nameof(LeadHandler)] = LeadHandler,
        [nameof(CoHandler)] = CoHandler,
        [nameof(Stranger)] = Stranger,
        [nameof(Everyone)] = Everyone,
    };

    public static Problem NewProblem() => Problem.Register(ProblemNumber.Create(2026, 123), enterpriseId: 501, visitId: 77,
        "funding", Urgency.Urgent, ProblemSource.Visit, "流动资金贷款到期续贷困难",
        "企业500万元流动资金贷款4月到期，银行提出压降额度，影响原材料采购。", Official.Actor, Now);

    /// <summary>A problem dispatched to 商务局 with 人社局 co-handling, brought to <paramref name="stage"/>.</summary>
    public static Problem At(Stage stage)
    {
        var p = NewProblem();
        if (stage == Stage.Reported) return p;
        p.Dispatch(Commerce, [Labour], Due, Dispatcher, Now);
        if (stage == Stage.Assigned) return p;
        if (stage == Stage.Returned)
        {
            p.Return("不属于本单位职责范围", LeadHandler, Now);
            return p;
        }
        p.Accept(LeadHandler, Now);
        if (stage == Stage.InProgress) return p;
        if (stage == Stage.ExtensionPending)
        {
            p.RequestExtension(Due.AddDays(14), "需等待市级部门审批", LeadHandler, Now);
            return p;
        }
        p.FinishCoHandling("稳岗补贴已拨付", CoHandler, Now);
        if (stage == Stage.CoHandlingDone) return p;
        p.Resolve("协调银行完成续贷，额度不变", LeadHandler, Now);
        if (stage == Stage.Resolved) return p;
        p.Rate(Satisfaction.Satisfied, null, EnterpriseUser, Now);
        if (stage == Stage.Rated) return p;
        p.Close(Dispatcher, Now);
        return p;
    }

    /// <summary>Calls the method behind <paramref name="action"/> with arguments that are valid in themselves.</summary>
    public static void Invoke(Problem p, ProblemAction action, ActorContext who)
    {
        switch (action)
        {
            case ProblemAction.SolveOnSpot: p.SolveOnSpot("现场联系银行确认续贷", who, Now); break;
            case ProblemAction.Dispatch: p.Dispatch(Industry, [Housing], Due, who, Now); break;
            case ProblemAction.Accept: p.Accept(who, Now); break;
            case ProblemAction.Return: p.Return("不属于本单位职责范围", who, Now); break;
            case ProblemAction.Reassign: p.Reassign(Industry, [Housing], Due, who, Now); break;
            case ProblemAction.NoteProgress: p.NoteProgress("已与银行对接", who, Now); break;
            case ProblemAction.FinishCoHandling: p.FinishCoHandling("稳岗补贴已拨付", who, Now); break;
            case ProblemAction.Resolve: p.Resolve("协调银行完成续贷", who, Now); break;
            case ProblemAction.Rate: p.Rate(Satisfaction.Satisfied, null, who, Now); break;
            case ProblemAction.Close: p.Close(who, Now); break;
            case ProblemAction.RequestExtension: p.RequestExtension((p.Deadline ?? Today).AddDays(14), "需等待市级部门审批", who, Now); break;
            case ProblemAction.ApproveExtension: p.ApproveExtension(who, Now); break;
            case ProblemAction.RejectExtension: p.RejectExtension("理由不充分，请按期办结", who, Now); break;
            default: throw new ArgumentOutOfRangeException(nameof(action), action, null);
        }
    }

    /// <summary>The one whose job the action is.</summary>
    public static ActorContext NaturalActor(ProblemAction action) => action switch
    {
        ProblemAction.SolveOnSpot => Official,
        ProblemAction.Dispatch or ProblemAction.Reassign or ProblemAction.Close => Dispatcher,
        ProblemAction.FinishCoHandling => CoHandler,
        ProblemAction.Rate => EnterpriseUser,
        ProblemAction.ApproveExtension or ProblemAction.RejectExtension => Supervisor,
        _ => LeadHandler,
    };
}
