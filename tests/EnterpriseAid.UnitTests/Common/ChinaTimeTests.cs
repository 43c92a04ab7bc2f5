using EnterpriseAid.Domain.Common;

namespace EnterpriseAid.UnitTests.Common;

public sealed class ChinaTimeTests
{
    [Fact]
    public void An_instant_after_16_00_UTC_is_already_the_next_Beijing_day()
    {
        ChinaTime.DateOf(new DateTimeOffset(2026, 9, 30, 15, 59, 59, TimeSpan.Zero)).ShouldBe(new DateOnly(2026, 9, 30));
        ChinaTime.DateOf(new DateTimeOffset(2026, 9, 30, 16, 0, 0, TimeSpan.Zero)).ShouldBe(new DateOnly(2026, 10, 1));
    }

    [Fact]
    public void A_Beijing_day_starts_at_16_00_UTC_the_day_before()
    {
        ChinaTime.StartOfDay(new DateOnly(2026, 10, 1)).ShouldBe(new DateTimeOffset(2026, 9, 30, 16, 0, 0, TimeSpan.Zero));
        ChinaTime.DateOf(ChinaTime.StartOfDay(new DateOnly(2026, 10, 1))).ShouldBe(new DateOnly(2026, 10, 1));
    }

    [Fact]
    public void Display_time_is_the_same_instant_at_plus_eight()
    {
        var shown = new DateTimeOffset(2026, 11, 22, 1, 31, 0, TimeSpan.Zero).ToChinaTime();
        shown.ToString("yyyy-MM-dd HH:mm").ShouldBe("2026-11-22 09:31");
        shown.Offset.ShouldBe(TimeSpan.FromHours(8));
    }
}
