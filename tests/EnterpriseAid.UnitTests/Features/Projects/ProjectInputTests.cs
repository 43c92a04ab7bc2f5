using EnterpriseAid.Domain.Projects;
using EnterpriseAid.Infrastructure.Reporting;
using EnterpriseAid.Web.Features.Problems;
using EnterpriseAid.Web.Features.Projects;

namespace EnterpriseAid.UnitTests.Features.Projects;

public sealed class ProjectInputTests
{
    [Theory]
    [InlineData("5000", 50_000_000)]
    [InlineData("0.0001", 1)]
    [InlineData("1,234.5", 12_345_000)]
    [InlineData("0.000001", 0.01)]
    public void Amounts_are_typed_in_wan_and_kept_in_yuan(string typed, decimal yuan)
    {
        ProjectInput.WanToYuan(typed).ShouldBe(yuan);
        ProjectInput.WanToYuan(ProjectInput.Wan(yuan)).ShouldBe(yuan);
    }

    [Theory]
    [InlineData("五千万")]
    [InlineData("")]
    [InlineData("0.0000001")]
    [InlineData("1e5")]
    public void What_is_not_an_amount_to_the_fen_is_not_read_as_one(string typed)
    {
        ProjectInput.WanToYuan(typed).ShouldBeNull();
    }

    [Fact]
    public void Batches_sort_by_their_number_in_chinese_or_digits()
    {
        string[] batches = ["第十一期", "第二期", "第10期", "第一期", "第十期", "第二十一期", "专项"];

        batches.OrderBy(ProjectFigureQuery.BatchOrder).ShouldBe(["第一期", "第二期", "第10期", "第十期", "第十一期", "第二十一期", "专项"]);
    }

    [Fact]
    public void The_list_filter_refuses_unknown_codes_a_region_out_of_scope_and_a_month_not_begun()
    {
        var options = new ProblemFilterOptions([], [new RegionOption(7, "城关街道", "/1/2/7/", 1)]);
        var today = new DateOnly(2026, 5, 31);

        new ProjectFilterModel { Stage = "Started", Levels = ["province", "city"], Region = "7", Month = "2026-05" }.Parse(options, today)
            .ShouldBe(new ProjectCriteria(null, ProjectStage.Started, ["province", "city"], "/1/2/7/", new YearMonth(2026, 5)), new CriteriaComparer());
        var bad = new ProjectFilterModel { Stage = "Flying", Levels = ["county"], Region = "8", Month = "2026-06" };
        bad.Parse(options, today).ShouldBeNull();
        bad.Errors.Keys.ShouldBe(["Stage", "Levels", "Region", "Month"], ignoreOrder: true);
    }

    private sealed class CriteriaComparer : IEqualityComparer<ProjectCriteria>
    {
        public bool Equals(ProjectCriteria? x, ProjectCriteria? y) =>
            x is not null && y is not null && x.Batch == y.Batch && x.Stage == y.Stage && x.Levels.SequenceEqual(y.Levels)
            && x.RegionPath == y.RegionPath && x.AsOf == y.AsOf;

        public int GetHashCode(ProjectCriteria obj) => 0;
    }
}
