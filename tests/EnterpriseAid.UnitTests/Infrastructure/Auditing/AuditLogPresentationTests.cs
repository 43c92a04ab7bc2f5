using EnterpriseAid.UnitTests.Support;
using EnterpriseAid.Web.Features.Audit;

namespace EnterpriseAid.UnitTests.Infrastructure.Auditing;

/// <summary>How the audit page reads its cursors, dates and change lists.</summary>
public sealed class AuditLogPresentationTests
{
    [Theory]
    [InlineData(0L, 1L)]
    [InlineData(638_999_999_999_999_990L, long.MaxValue)]
    [InlineData(639_000_123_456_789_010L, 42L)]
    public void A_cursor_decodes_to_the_same_time_and_id(long utcTicks, long id)
    {
        var at = new DateTimeOffset(utcTicks, TimeSpan.Zero);

        AuditCursor.TryDecode(AuditCursor.Encode(at, id), out var value).ShouldBeTrue();

        value.OccurredAt.ShouldBe(at);
        value.OccurredAt.Offset.ShouldBe(TimeSpan.Zero);
        value.Id.ShouldBe(id);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("~~~")]
    [InlineData("MTIz")] // "123": no separator
    [InlineData("LTEuNQ")] // "-1.5": negative ticks
    [InlineData("OTk5OTk5OTk5OTk5OTk5OTk5OS4x")] // ticks beyond DateTimeOffset.MaxValue
    public void A_damaged_cursor_is_ignored(string? cursor) =>
        AuditCursor.TryDecode(cursor, out _).ShouldBeFalse();

    [Theory]
    [InlineData(null, true, null)]
    [InlineData("  ", true, null)]
    [InlineData("2026-11-21", true, "2026-11-21")]
    [InlineData("2026-02-30", false, null)]
    [InlineData("2026/11/21", false, null)]
    [InlineData("21-11-2026", false, null)]
    [InlineData("0001-01-01", false, null)]
    [InlineData("'; drop table audit_log; --", false, null)]
    public void Filter_dates_are_yyyy_MM_dd_or_blank(string? text, bool valid, string? day)
    {
        AuditTime.TryParseDate(text, out var parsed).ShouldBe(valid);
        parsed?.ToString("yyyy-MM-dd").ShouldBe(day);
        if (day is null) parsed.ShouldBeNull();
    }

    [Fact]
    public void A_day_starts_at_midnight_China_time()
    {
        AuditTime.StartOfDay(new DateOnly(2026, 11, 21)).ShouldBe(new DateTimeOffset(2026, 11, 20, 16, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void Changes_read_as_before_after_lines()
    {
        var l = TestLocalizer.Create();
        const string json = """
            {"Employees":{"from":128,"to":150},"Address":{"from":null,"to":"建设路88号"},
             "Tags":{"to":["specialized","high_tech"]},"LegalRepresentative":{"from":"张三"},
             "PasswordHash":{"changed":true},"UpdatedAt":{"from":"2026-11-20T16:30:00+00:00","to":"2026-11-21T01:02:03+00:00"},
             "Contacts":{"to":[{"Name":"李敏","Title":null,"Phone":"139****5678"}]}}
            """;

        var changes = AuditChangeList.Parse(json, l);

        changes.ShouldBe(
        [
            new AuditFieldChange("Employees", "128", "150", AuditChangeKind.Changed),
            new AuditFieldChange("Address", null, "建设路88号", AuditChangeKind.Changed),
            new AuditFieldChange("Tags", null, "specialized、high_tech", AuditChangeKind.Set),
            new AuditFieldChange("LegalRepresentative", "张三", null, AuditChangeKind.Removed),
            new AuditFieldChange("PasswordHash", null, null, AuditChangeKind.Secret),
            new AuditFieldChange("UpdatedAt", "2026-11-21 00:30:00", "2026-11-21 09:02:03", AuditChangeKind.Changed),
            new AuditFieldChange("Contacts", null, "李敏 139****5678", AuditChangeKind.Set),
        ]);
    }

    [Fact]
    public void Fields_are_labelled_from_the_resources_and_codes_can_be_named()
    {
        var l = TestLocalizer.Create();

        TestLocalizer.InCulture("zh-CN", () => AuditChangeList.FieldLabel("Enterprise", "Employees", l)).ShouldBe("从业人数：");
        TestLocalizer.InCulture("en-US", () => AuditChangeList.FieldLabel("Enterprise", "Employees", l)).ShouldBe("Employees: ");
        TestLocalizer.InCulture("zh-CN", () => AuditChangeList.FieldLabel("Enterprise", "NotAField", l)).ShouldBe("NotAField：");

        var changes = AuditChangeList.Parse("""{"Tags":{"from":["a"],"to":["a","b"]},"Name":{"to":"a"}}""", l,
            (field, value) => field == "Tags" ? value.ToUpperInvariant() : value);

        changes[0].ShouldBe(new AuditFieldChange("Tags", "A", "A、B", AuditChangeKind.Changed));
        changes[1].To.ShouldBe("a");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    public void Missing_or_odd_changes_read_as_none(string? json) =>
        AuditChangeList.Parse(json, TestLocalizer.Create()).ShouldBeEmpty();
}
