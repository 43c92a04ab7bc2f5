using System.Text;
using EnterpriseAid.Web.Features.Enterprises;

namespace EnterpriseAid.UnitTests.Features.Enterprises;

public sealed class CursorTests
{
    [Theory]
    [InlineData("郑州恒达精密机械有限公司", 1L)]
    [InlineData("河南省（郑州）跨境电商产业园运营管理有限公司", 914403001922038216L)]
    [InlineData("A", long.MaxValue)]
    [InlineData("", 42L)]
    [InlineData("名=称/含+特殊-字符_", 7L)]
    [InlineData("a=b==c", 8L)]
    [InlineData("前\u001f后\u001f尾", 9L)]
    [InlineData("𠀀𠀁 生僻字", 10L)]
    [InlineData("  两端空格  ", 11L)]
    public void Encoded_cursor_decodes_to_the_same_name_and_id(string name, long id)
    {
        var cursor = Cursor.Encode(name, id);

        Cursor.TryDecode(cursor, out var value).ShouldBeTrue();
        value.Name.ShouldBe(name);
        value.Id.ShouldBe(id);
    }

    [Theory]
    [InlineData("郑州恒达精密机械有限公司")]
    [InlineData("名=称/含+特殊-字符_?")]
    [InlineData("~~~>>>???")]
    public void Encoded_cursor_is_safe_in_a_query_string(string name) =>
        Cursor.Encode(name, 123456).ShouldAllBe(c => char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_');

    [Fact]
    public void Cursor_for_the_longest_allowed_name_decodes()
    {
        var name = new string('企', Domain.Enterprises.Enterprise.NameMaxLength);

        Cursor.TryDecode(Cursor.Encode(name, long.MaxValue), out var value).ShouldBeTrue();
        value.ShouldBe((name, long.MaxValue));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("A")]
    [InlineData("!!!!")]
    [InlineData("%E4%B8%AD")]
    [InlineData("ab=c")]
    [InlineData("中文游标")]
    public void Garbage_does_not_decode(string? cursor)
    {
        Cursor.TryDecode(cursor, out var value).ShouldBeFalse();
        value.ShouldBe(default);
    }

    [Theory]
    [InlineData("no separator")]
    [InlineData("\u001fname without id")]
    [InlineData("12a\u001fname")]
    [InlineData("99999999999999999999\u001fid too big")]
    [InlineData("\u001f")]
    public void Well_formed_base64_without_an_id_and_separator_does_not_decode(string text) =>
        Cursor.TryDecode(UrlSafe(Encoding.UTF8.GetBytes(text)), out _).ShouldBeFalse();

    [Fact]
    public void Invalid_utf8_does_not_decode() =>
        Cursor.TryDecode(UrlSafe([0xFF, 0xFE, 0xC3, 0x28]), out _).ShouldBeFalse();

    [Fact]
    public void Cursor_longer_than_600_characters_does_not_decode()
    {
        var cursor = Cursor.Encode(new string('企', 200), 1);
        cursor.Length.ShouldBeGreaterThan(600);

        Cursor.TryDecode(cursor, out _).ShouldBeFalse();
    }

    [Fact]
    public void Very_long_garbage_does_not_throw() =>
        Should.NotThrow(() => Cursor.TryDecode(new string('#', 100_000), out _)).ShouldBeFalse();

    [Fact]
    public void Random_strings_never_throw()
    {
        var random = new Random(20250315);
        const string chars = "ABCxyz0189-_+/= %\u001f中";
        for (var i = 0; i < 2_000; i++)
        {
            var cursor = new string(Enumerable.Range(0, random.Next(1, 40)).Select(_ => chars[random.Next(chars.Length)]).ToArray());
            Should.NotThrow(() => Cursor.TryDecode(cursor, out _), cursor);
        }
    }

    private static string UrlSafe(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
