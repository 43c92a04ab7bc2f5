namespace EnterpriseAid.BrowserTests.Features.Enterprises;

[Collection(BrowserCollection.Name)]
public sealed class ContactNumberBrowserTests(BrowserFixture browser)
{
    [Theory]
    [InlineData(1366, false)]
    [InlineData(390, true)]
    public async Task The_enterprise_page_shows_contact_numbers_masked_and_dials_them_through_the_portal(int width, bool mobile)
    {
        var id = await browser.Database.ScalarAsync<long>("SELECT id FROM enterprises WHERE jsonb_array_length(contacts) > 0 ORDER BY id LIMIT 1");
        var phone = await browser.Database.ScalarAsync<string>($"SELECT contacts->0->>'Phone' FROM enterprises WHERE id = {id}");
        var page = await browser.SignedInPageAsync("admin", width, 900, mobile);

        await page.GotoAsync($"/enterprises/{id}");

        var link = page.Locator($"a[href='/enterprises/{id}/contacts/0/call']");
        (await link.InnerTextAsync()).ShouldBe(EnterpriseAid.Infrastructure.Auditing.PersonalData.MaskPhone(phone));
        (await page.ContentAsync()).ShouldNotContain(phone);
        await BrowserFixture.ScreenshotAsync(page, mobile ? "enterprise-contacts-masked-phone" : "enterprise-contacts-masked");
    }
}
