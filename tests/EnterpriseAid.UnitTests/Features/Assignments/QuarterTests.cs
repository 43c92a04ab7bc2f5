using EnterpriseAid.Web.Features.Assignments;

namespace EnterpriseAid.UnitTests.Features.Assignments;

public sealed class QuarterTests
{
    [Theory]
    [InlineData("2026-01-01", 2026, 1, "2026-01-01", "2026-03-31")]
    [InlineData("2026-03-31", 2026, 1, "2026-01-01", "2026-03-31")]
    [InlineData("2026-04-01", 2026, 2, "2026-04-01", "2026-06-30")]
    [InlineData("2026-09-30", 2026, 3, "2026-07-01", "2026-09-30")]
    [InlineData("2026-12-31", 2026, 4, "2026-10-01", "2026-12-31")]
    public void A_day_falls_in_its_quarter_from_first_to_last_day(string day, int year, int number, string start, string end)
    {
        var q = Quarter.Of(DateOnly.Parse(day));

        q.ShouldBe(new Quarter(year, number));
        q.Start.ShouldBe(DateOnly.Parse(start));
        q.End.ShouldBe(DateOnly.Parse(end));
    }

    [Fact]
    public void The_chooser_offers_the_current_quarter_and_those_before_it()
    {
        Quarter.Recent(new DateOnly(2026, 2, 10), 5).Select(q => q.ToString())
            .ShouldBe(["2026-Q1", "2025-Q4", "2025-Q3", "2025-Q2", "2025-Q1"]);
    }

    [Theory]
    [InlineData("2026-Q3", "2026-Q3")]
    [InlineData("2026-Q4", "2026-Q4")]
    [InlineData("2027-Q1", "2026-Q4")]
    [InlineData("2026-Q5", "2026-Q4")]
    [InlineData("2026Q3", "2026-Q4")]
    [InlineData("", "2026-Q4")]
    [InlineData(null, "2026-Q4")]
    [InlineData("1999-Q4", "2026-Q4")]
    public void A_missing_malformed_or_future_quarter_means_the_current_one(string? text, string expected)
    {
        Quarter.ParseOrCurrent(text, new DateOnly(2026, 11, 22)).ToString().ShouldBe(expected);
    }
}
