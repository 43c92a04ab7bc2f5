using EnterpriseAid.Infrastructure.Api;
using EnterpriseAid.Web.Features.Api;

namespace EnterpriseAid.UnitTests.Features.Api;

public sealed class ApiKeyTests
{
    [Fact]
    public void An_issued_key_has_a_visible_prefix_and_only_its_hash_is_kept()
    {
        var now = DateTimeOffset.UtcNow;
        var (client, key) = ApiClient.Issue("12345热线", 7, canWrite: true, userId: 9, now);

        key.ShouldStartWith(client.KeyPrefix + "_");
        ApiClient.PrefixOf(key).ShouldBe(client.KeyPrefix);
        client.KeyPrefix.Length.ShouldBe(11);
        key.Length.ShouldBeGreaterThan(50);
        client.KeyHash.ShouldBe(ApiClient.Hash(key));
        client.Matches(key).ShouldBeTrue();
        client.Matches(key[..^1] + (key[^1] == 'A' ? 'B' : 'A')).ShouldBeFalse();
        ApiClient.Issue("12345热线", 7, true, 9, now).Key.ShouldNotBe(key);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer")]
    [InlineData("ea_short_x")]
    [InlineData("xx_abcdefgh_secret")]
    public void A_key_without_the_shape_of_one_has_no_prefix(string? key) => ApiClient.PrefixOf(key).ShouldBeNull();

    [Fact]
    public void Revoking_keeps_the_first_time()
    {
        var (client, _) = ApiClient.Issue("热线", 1, false, 1, DateTimeOffset.UtcNow);
        var first = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        client.Revoke(first);
        client.Revoke(first.AddDays(1));
        client.RevokedAt.ShouldBe(first);
        client.IsRevoked.ShouldBeTrue();
    }

    [Fact]
    public void A_change_cursor_round_trips_and_garbage_is_refused()
    {
        var at = new DateTimeOffset(2026, 12, 7, 1, 2, 3, TimeSpan.Zero).AddTicks(4560);
        ApiProblemService.DecodeCursor(ApiProblemService.EncodeCursor(at, 42)).ShouldBe((at, 42L));
        ApiProblemService.DecodeCursor("zz").ShouldBeNull();
        ApiProblemService.DecodeCursor("!!!").ShouldBeNull();
    }

    [Fact]
    public void A_missing_title_is_taken_from_the_first_line_of_the_description()
    {
        ApiProblemService.TitleFrom("用电报装迟迟未办理\n详细情况如下").ShouldBe("用电报装迟迟未办理");
        ApiProblemService.TitleFrom(new string('长', 80)).Length.ShouldBe(60);
    }

    [Fact]
    public void The_push_validator_names_each_bad_field_in_Chinese()
    {
        var result = new ApiProblemCreateValidator().Validate(new ApiProblemCreate { Uscc = "91", Category = "x", Urgency = "very" });

        result.Errors.Select(e => e.PropertyName).Distinct().ShouldBe(
            ["Uscc", "Category", "Description", "Urgency", "SourceSystem"], ignoreOrder: true);
        result.Errors.ShouldAllBe(e => e.ErrorMessage.Length > 0);
    }
}
