using EnterpriseAid.Web.Components.Shared;

namespace EnterpriseAid.UnitTests.Components;

public sealed class PageNumberTests
{
    [Theory]
    [InlineData(null, 160, 25, 1, 7, 0)]
    [InlineData("2", 160, 25, 2, 7, 25)]
    [InlineData("7", 160, 25, 7, 7, 150)]
    [InlineData("99", 160, 25, 7, 7, 150)]
    [InlineData("0", 160, 25, 1, 7, 0)]
    [InlineData("-3", 160, 25, 1, 7, 0)]
    [InlineData("abc", 160, 25, 1, 7, 0)]
    [InlineData("3", 0, 20, 1, 1, 0)]
    [InlineData("2", 20, 20, 1, 1, 0)]
    [InlineData("2", 21, 20, 2, 2, 20)]
    public void A_requested_page_is_clamped_to_the_pages_that_exist(string? requested, int total, int size, int page, int pages, int skip)
    {
        var n = PageNumber.Of(requested, total, size);

        n.Page.ShouldBe(page);
        n.Pages.ShouldBe(pages);
        n.Skip.ShouldBe(skip);
    }
}
