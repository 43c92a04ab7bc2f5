using EnterpriseAid.Domain.Common;
using EnterpriseAid.Domain.Problems;
using static EnterpriseAid.UnitTests.Problems.ProblemScenarios;

namespace EnterpriseAid.UnitTests.Problems;

public sealed class ProblemTransitionTests
{
    /// <summary>What the person whose job it is may do at each stage; everything else is refused.</summary>
    private static readonly Dictionary<Stage, ProblemAction[]> Legal = new()
    {
        [Stage.Reported] = [ProblemAction.SolveOnSpot, ProblemAction.Dispatch],
        [Stage.Returned] = [ProblemAction.Reassign],
        [Stage.Assigned] = [ProblemAction.Accept, ProblemAction.Return, ProblemAction.Reassign, ProblemAction.RequestExtension],
        [Stage.InProgress] = [ProblemAction.NoteProgress, ProblemAction.FinishCoHandling, ProblemAction.RequestExtension],
        [Stage.CoHandlingDone] = [ProblemAction.NoteProgress, ProblemAction.Resolve, ProblemAction.RequestExtension],
        [Stage.ExtensionPending] =
            [ProblemAction.NoteProgress, ProblemAction.FinishCoHandling, ProblemAction.ApproveExtension, ProblemAction.RejectExtension],
        [Stage.Resolved] = [ProblemAction.Rate],
        [Stage.Rated] = [ProblemAction.Close],
        [Stage.Closed] = [],
    };

    private static readonly Dictionary<(Stage, ProblemAction), ProblemStatus> StatusAfter = new()
    {
        [(Stage.Reported, ProblemAction.SolveOnSpot)] = ProblemStatus.Resolved,
        [(Stage.Reported, ProblemAction.Dispatch)] = ProblemStatus.Assigned,
        [(Stage.Returned, ProblemAction.Reassign)] = ProblemStatus.Assigned,
        [(Stage.Assigned, ProblemAction.Accept)] = ProblemStatus.InProgress,
        [(Stage.Assigned, ProblemAction.Return)] = ProblemStatus.Reported,
        [(Stage.Assigned, ProblemAction.Reassign)] = ProblemStatus.Assigned,
        [(Stage.CoHandlingDone, ProblemAction.Resolve)] = ProblemStatus.Resolved,
        [(Stage.Rated, ProblemAction.Close)] = ProblemStatus.Closed,
    };

    public static TheoryData<Stage, ProblemAction, bool> StagesByActions()
    {
        var data = new TheoryData<Stage, ProblemAction, bool>();
        foreach (var stage in Enum.GetValues<Stage>())
        {
            foreach (var action in Enum.GetValues<ProblemAction>()) data.Add(stage, action, Legal[stage].Contains(action));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(StagesByActions))]
    public void Each_action_is_legal_only_at_its_stages(Stage stage, ProblemAction action, bool legal)
    {
        var problem = At(stage);
        var who = NaturalActor(action);
        var statusBefore = problem.Status;
        var eventsBefore = problem.Events.Count;

        problem.Can(action, who).ShouldBe(legal);
        if (legal)
        {
            Invoke(problem, action, who);
            problem.Status.ShouldBe(StatusAfter.GetValueOrDefault((stage, action), statusBefore));
            problem.Events.Count.ShouldBeGreaterThan(eventsBefore);
        }
        else
        {
            Should.Throw<DomainException>(() => Invoke(problem, action, who)).Message.ShouldNotBeNullOrWhiteSpace();
            problem.Status.ShouldBe(statusBefore);
            problem.Events.Count.ShouldBe(eventsBefore);
        }
    }

    public static TheoryData<Stage, string> StagesByContexts()
    {
        var data = new TheoryData<Stage, string>();
        foreach (var stage in Enum.GetValues<Stage>())
        {
            foreach (var name in Contexts.Keys) data.Add(stage, name);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(StagesByContexts))]
    public void Every_offered_action_succeeds_and_every_other_one_is_refused(Stage stage, string context)
    {
        var who = Contexts[context];
        var offered = At(stage).AvailableActions(who);

        foreach (var action in Enum.GetValues<ProblemAction>())
        {
            var problem = At(stage);
            var eventsBefore = problem.Events.Count;
            if (offered.Contains(action))
            {
                Should.NotThrow(() => Invoke(problem, action, who), $"{action} is offered at {stage} to {context}");
            }
            else
            {
                Should.Throw<DomainException>(() => Invoke(problem, action, who), $"{action} is not offered at {stage} to {context}");
                problem.Events.Count.ShouldBe(eventsBefore, $"a refused {action} left a trace");
            }
        }
    }

    [Theory]
    [InlineData(Stage.Closed, ProblemAction.Dispatch, "问题当前为“已销号”，不能交办")]
    [InlineData(Stage.Reported, ProblemAction.Accept, "问题当前为“登记”，不能签收")]
    [InlineData(Stage.Assigned, ProblemAction.Resolve, "问题当前为“已交办”，不能办结")]
    [InlineData(Stage.Resolved, ProblemAction.NoteProgress, "问题当前为“已办结”，不能填写办理进展")]
    [InlineData(Stage.InProgress, ProblemAction.Close, "问题当前为“办理中”，不能销号")]
    [InlineData(Stage.Rated, ProblemAction.RequestExtension, "问题当前为“已办结”，不能申请延期")]
    [InlineData(Stage.Returned, ProblemAction.Dispatch, "问题已被退回（当前为“登记”），请改派")]
    public void Refusal_names_the_current_status(Stage stage, ProblemAction action, string message) =>
        Should.Throw<DomainException>(() => Invoke(At(stage), action, NaturalActor(action))).Message.ShouldBe(message);

    [Theory]
    [InlineData(ProblemAction.Dispatch, Stage.Reported, "只有活动办可以交办问题")]
    [InlineData(ProblemAction.Accept, Stage.Assigned, "只有牵头单位（区商务局）可以签收")]
    [InlineData(ProblemAction.Return, Stage.Assigned, "只有牵头单位（区商务局）可以退回")]
    [InlineData(ProblemAction.Resolve, Stage.CoHandlingDone, "只有牵头单位（区商务局）可以办结")]
    [InlineData(ProblemAction.Rate, Stage.Resolved, "只有企业或包联干部可以评价")]
    [InlineData(ProblemAction.Close, Stage.Rated, "只有活动办可以销号")]
    [InlineData(ProblemAction.ApproveExtension, Stage.ExtensionPending, "只有活动办或领导可以审批延期申请")]
    public void A_department_outside_the_problem_is_told_who_may_act(ProblemAction action, Stage stage, string message) =>
        Should.Throw<DomainException>(() => Invoke(At(stage), action, Stranger)).Message.ShouldBe(message);

    [Fact]
    public void The_lead_is_offered_accept_return_and_extension_on_an_assigned_problem() =>
        At(Stage.Assigned).AvailableActions(LeadHandler)
            .ShouldBe([ProblemAction.Accept, ProblemAction.Return, ProblemAction.RequestExtension]);

    [Fact]
    public void The_enterprise_is_offered_only_the_rating_of_a_resolved_problem()
    {
        At(Stage.Resolved).AvailableActions(EnterpriseUser).ShouldBe([ProblemAction.Rate]);
        At(Stage.InProgress).AvailableActions(EnterpriseUser).ShouldBeEmpty();
    }

    [Fact]
    public void Nobody_is_offered_anything_on_a_closed_problem()
    {
        var closed = At(Stage.Closed);

        foreach (var who in Contexts.Values) closed.AvailableActions(who).ShouldBeEmpty();
    }

    [Fact]
    public void Every_action_has_a_method_behind_it()
    {
        foreach (var action in Enum.GetValues<ProblemAction>())
        {
            Should.Throw<DomainException>(() => Invoke(At(Stage.Closed), action, Everyone)).Message.ShouldContain("已销号");
        }
    }
}
