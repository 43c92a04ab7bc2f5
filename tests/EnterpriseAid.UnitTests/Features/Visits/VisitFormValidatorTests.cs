using EnterpriseAid.UnitTests.Support;
using EnterpriseAid.Web.Features.Visits;

namespace EnterpriseAid.UnitTests.Features.Visits;

/// <summary>The rules of the problem rows in the visit form.</summary>
public sealed class VisitFormValidatorTests
{
    private readonly VisitFormValidator _validator = new(TimeProvider.System, TestLocalizer.Create());

    private static string Today => VisitFormModel.Format(DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)));

    private static VisitFormModel Valid(string kind = "OnSite", params string[] enterprises) => new()
    {
        Kind = kind,
        VisitedOn = Today,
        EnterpriseIds = enterprises.Length == 0 ? ["7"] : [.. enterprises],
        OfficialIds = ["3"],
        Summary = "了解企业生产经营情况",
    };

    private static VisitProblemRow Row(string title = "招工难") => new()
    {
        Category = "labor", Urgency = "ordinary", Title = title, Description = "普工缺口约30人",
    };

    private (string Property, string Message) OnlyFailure(VisitFormModel model, string culture = "zh-CN") =>
        TestLocalizer.OnlyFailure(_validator, model, culture);

    [Fact]
    public void Filled_rows_pass()
    {
        var model = Valid();
        model.ProblemRows = [Row(), Row("订单下滑")];

        _validator.Validate(model).Errors.ShouldBeEmpty();
    }

    [Fact]
    public void A_blank_row_is_ignored_but_the_rows_after_it_keep_their_index()
    {
        var model = Valid();
        model.ProblemRows = [VisitProblemRow.New(), Row(title: "")];

        OnlyFailure(model).ShouldBe(("ProblemRows[1].Title", "请填写问题标题"));
        model.FilledProblemRows.Select(r => r.Index).ShouldBe([1]);
    }

    [Fact]
    public void A_row_solved_on_the_spot_needs_the_resolution_in_the_users_language()
    {
        var model = Valid();
        var row = Row();
        row.SolvedOnSpot = true;
        model.ProblemRows = [row];

        OnlyFailure(model).ShouldBe(("ProblemRows[0].Resolution", "请填写解决情况"));
        OnlyFailure(model, "en-US").ShouldBe(("ProblemRows[0].Resolution", "Please enter the resolution"));
        row.Resolution = "现场讲解政策";
        _validator.Validate(model).Errors.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("", "ProblemRows[0].Category", "请选择问题类别")]
    [InlineData("unknown", "ProblemRows[0].Category", "请选择问题类别")]
    public void An_unknown_category_is_refused(string category, string property, string message)
    {
        var model = Valid();
        var row = Row();
        row.Category = category;
        model.ProblemRows = [row];

        OnlyFailure(model).ShouldBe((property, message));
    }

    [Fact]
    public void A_title_longer_than_the_domain_allows_is_refused()
    {
        var model = Valid();
        model.ProblemRows = [Row(new string('长', 61))];

        OnlyFailure(model).ShouldBe(("ProblemRows[0].Title", "问题标题不能超过60个字"));
    }

    [Fact]
    public void At_a_symposium_with_several_enterprises_each_row_names_one_of_them()
    {
        var model = Valid("Symposium", "7", "8");
        var named = Row();
        named.EnterpriseId = "8";
        var stranger = Row("订单下滑");
        stranger.EnterpriseId = "9";
        model.ProblemRows = [named, stranger];

        OnlyFailure(model).ShouldBe(("ProblemRows[1].EnterpriseId", "请选择提出该问题的企业"));
    }

    [Fact]
    public void At_a_symposium_with_one_enterprise_the_rows_need_not_name_it()
    {
        var model = Valid("Symposium", "7");
        model.ProblemRows = [Row()];

        _validator.Validate(model).Errors.ShouldBeEmpty();
    }

    [Fact]
    public void More_problems_than_a_visit_holds_are_refused()
    {
        var model = Valid();
        model.ProblemRows = Enumerable.Range(0, VisitFormModel.MaxProblemRows + 1).Select(i => Row($"问题{i}")).ToList();

        OnlyFailure(model).ShouldBe(("ProblemRows", "一次走访最多登记30个问题"));
    }

    [Fact]
    public void Row_commands_add_and_remove_rows_and_say_the_post_is_not_a_save()
    {
        var model = Valid();
        model.ProblemRows = [Row("甲"), Row("乙")];

        model.RowCommand = "remove-0";
        model.ApplyRowCommand().ShouldBeTrue();
        model.ProblemRows.Select(r => r.Title).ShouldBe(["乙"]);

        model.RowCommand = "add";
        model.ApplyRowCommand().ShouldBeTrue();
        model.ProblemRows.Count.ShouldBe(2);
        model.ProblemRows[1].Urgency.ShouldBe("ordinary");

        model.RowCommand = "remove-9";
        model.ApplyRowCommand().ShouldBeTrue();
        model.ProblemRows.Count.ShouldBe(2);

        model.ApplyRowCommand().ShouldBeFalse();
    }
}
