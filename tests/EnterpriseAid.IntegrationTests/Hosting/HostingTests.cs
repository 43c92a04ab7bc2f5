using System.Net;
using EnterpriseAid.TestSupport;

namespace EnterpriseAid.IntegrationTests.Hosting;

public sealed class HostingTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    [Fact]
    public async Task Health_is_200_when_the_database_answers()
    {
        var response = await portal.Factory.CreatePortalClient().GetAsync("/health");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("\"database\":\"Healthy\"");
    }

    [Fact]
    public async Task Without_a_database_health_is_503_and_a_form_post_gets_a_friendly_page_saying_nothing_was_saved()
    {
        await using var factory = new PortalFactory("Host=127.0.0.1;Port=1;Database=none;Username=none;Timeout=2", seedDemo: false,
            settings: new Dictionary<string, string?> { ["Database:MigrateOnStartup"] = "false" });
        var client = factory.CreatePortalClient();

        var health = await client.GetAsync("/health");
        // Signing in needs the database (and so may showing the form, for its token keys).
        var form = await client.GetAsync("/account/login");
        var response = form.StatusCode == HttpStatusCode.OK
            ? await PortalFactory.SignInAsync(client, "admin", PortalFactory.DemoPassword)
            : form;

        health.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("系统暂时无法处理您的请求");
        html.ShouldContain("刚才提交的内容没有保存");
        html.ShouldNotContain("Exception");
        html.ShouldNotContain(" at ");
    }

    [Theory]
    [InlineData("/enterprises/new")]
    [InlineData("/enterprises/1/edit")]
    public async Task A_post_with_an_expired_or_missing_form_token_gets_a_Chinese_explanation(string url)
    {
        var client = await portal.Factory.SignedInClientAsync("admin");
        var response = await client.PostAsync(url,
            new FormUrlEncodedContent([new("_handler", "enterprise"), new("Model.Name", "x")]));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("页面可能已过期");
        html.ShouldContain("本次提交没有保存");
    }

    [Fact]
    public async Task Chinese_is_the_default_and_English_can_be_chosen()
    {
        var client = await portal.Factory.SignedInClientAsync("admin");
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-US");

        (await client.GetStringAsync("/enterprises")).ShouldContain("<h1 class=\"h4 mb-0\">企业库</h1>");

        var choose = await client.GetAsync("/culture?culture=en-US&returnUrl=%2Fenterprises");
        choose.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        choose.Headers.Location!.OriginalString.ShouldBe("/enterprises");
        (await client.GetStringAsync("/enterprises")).ShouldContain("<h1 class=\"h4 mb-0\">Enterprise register</h1>");
    }

    [Theory]
    [InlineData("//evil.example/phish")]
    [InlineData("https://evil.example/")]
    [InlineData("/\\evil.example")]
    public async Task The_language_switch_never_redirects_off_site(string returnUrl)
    {
        var response = await portal.Factory.CreatePortalClient().GetAsync($"/culture?culture=zh-CN&returnUrl={Uri.EscapeDataString(returnUrl)}");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldBe("/");
    }

    [Fact]
    public async Task Every_page_carries_htmx_echarts_and_bootstrap_from_the_local_lib_folder()
    {
        var client = await portal.Factory.SignedInClientAsync("admin");
        var html = await client.GetStringAsync("/");

        foreach (var asset in new[] { "lib/htmx/htmx.min.js", "lib/echarts/echarts.min.js", "lib/bootstrap/css/bootstrap.min.css" })
        {
            html.ShouldContain(asset);
            (await client.GetAsync("/" + asset)).StatusCode.ShouldBe(HttpStatusCode.OK, asset);
        }
    }
}
