using EnterpriseAid.Infrastructure.Auditing;

namespace EnterpriseAid.UnitTests.Infrastructure.Auditing;

public sealed class PersonalDataTests
{
    [Theory]
    [InlineData("13812345678", "138****5678")]
    [InlineData("19912340000", "199****0000")]
    [InlineData(" 13812345678 ", "138****5678")]
    [InlineData("+8613812345678", "+86138****5678")]
    [InlineData("+86 13812345678", "+86 138****5678")]
    public void Mobile_numbers_keep_the_first_three_and_last_four_digits(string phone, string masked) =>
        PersonalData.MaskPhone(phone).ShouldBe(masked);

    [Theory]
    [InlineData("0371-12345678", "0371-****5678")]
    [InlineData("010-87654321", "010-****4321")]
    [InlineData("0371-1234567", "0371-***4567")]
    [InlineData("037112345678", "0371****5678")]
    [InlineData("0371-12345678-801", "0371-****5678-801")]
    public void Landlines_keep_the_area_code_and_last_four_digits(string phone, string masked) =>
        PersonalData.MaskPhone(phone).ShouldBe(masked);

    [Theory]
    [InlineData("12345", "*2345")]
    [InlineData("123", "***")]
    [InlineData("", "")]
    public void Anything_else_that_is_called_a_phone_shows_at_most_its_last_four_characters(string phone, string masked) =>
        PersonalData.MaskPhone(phone).ShouldBe(masked);

    [Theory]
    [InlineData("410105199003071234", "410105********1234")]
    [InlineData("41010519900307123X", "410105********123X")]
    [InlineData("110101200002290017", "110101********0017")]
    [InlineData("410105900307123", "410105*****7123")]
    public void Id_numbers_keep_the_region_code_and_last_four(string id, string masked) =>
        PersonalData.MaskIdNumber(id).ShouldBe(masked);

    [Theory]
    [InlineData("410105199003071234", true)]
    [InlineData("41010519900307123x", true)]
    [InlineData("410105199013071234", false)] // month 13
    [InlineData("410105190002291234", false)] // 1900 was not a leap year
    [InlineData("910105199003071234", false)] // no region starts with 9
    [InlineData("91410105MA44ABCD1X", false)] // a unified social credit code
    [InlineData("4101051990030712", false)]
    public void Id_numbers_are_recognised_by_shape_and_birth_date(string value, bool isId) =>
        PersonalData.IsIdNumber(value).ShouldBe(isId);

    [Fact]
    public void Phone_numbers_in_audit_changes_are_masked_and_everything_else_is_kept()
    {
        const string json = """
            {"Name":{"from":"鸿达机械","to":"鸿达精密机械"},
             "Employees":{"from":128,"to":150},
             "Uscc":{"to":"91410105MA44ABCD1X"},
             "UpdatedAt":{"from":"2026-11-20T01:02:03+00:00","to":"2026-11-21T01:02:03+00:00"},
             "Contacts":{"from":[{"Name":"李敏","Title":"财务负责人","Phone":"13912345678"}],
                         "to":[{"Name":"李敏","Title":null,"Phone":"0371-66668888"}]}}
            """;

        var masked = PersonalData.MaskInJson(json);

        masked.ShouldNotContain("13912345678");
        masked.ShouldNotContain("66668888");
        masked.ShouldContain("\"139****5678\"");
        masked.ShouldContain("\"0371-****8888\"");
        masked.ShouldContain("\"鸿达精密机械\"");
        masked.ShouldContain("\"91410105MA44ABCD1X\"");
        masked.ShouldContain("\"2026-11-21T01:02:03+00:00\"");
        masked.ShouldContain("\"from\":128");
        masked.ShouldContain("\"Title\":null");
    }

    [Fact]
    public void Id_numbers_and_numbers_stored_as_numbers_are_masked_in_json()
    {
        var masked = PersonalData.MaskInJson("""{"IdNumber":{"to":"410105199003071234"},"Phone":{"to":13812345678},"Count":{"to":13}}""");

        masked.ShouldBe("""{"IdNumber":{"to":"410105********1234"},"Phone":{"to":"138****5678"},"Count":{"to":13}}""");
    }

    [Fact]
    public void Numbers_inside_free_text_are_masked_too()
    {
        PersonalData.MaskInJson("""["请回电 13912345678，身份证410105199003071234"]""")
            .ShouldBe("""["请回电 139****5678，身份证410105********1234"]""");
        PersonalData.MaskInText("联系人手机13912345678").ShouldBe("联系人手机139****5678");
    }

    [Fact]
    public void Numbers_that_only_resemble_phones_are_left_alone()
    {
        // 11 digits starting 10 or 12 are not mobile numbers; a longer digit run is not a phone at all.
        PersonalData.MaskInText("10012345678").ShouldBe("10012345678");
        PersonalData.MaskInText("订单号2138123456789").ShouldBe("订单号2138123456789");
        PersonalData.MaskInJson("""{"Employees":{"to":12345678901}}""").ShouldBe("""{"Employees":{"to":12345678901}}""");
    }

    [Fact]
    public void Text_that_is_not_json_is_masked_as_text()
    {
        PersonalData.MaskInJson("not json 13912345678").ShouldBe("not json 139****5678");
    }
}
