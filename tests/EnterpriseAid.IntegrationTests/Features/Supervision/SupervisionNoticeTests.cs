using System.Net;
using System.Text.RegularExpressions;
using EnterpriseAid.Infrastructure.Persistence;
using EnterpriseAid.Infrastructure.Supervision;
using EnterpriseAid.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static EnterpriseAid.TestSupport.Forms;

namespace EnterpriseAid.IntegrationTests.Features.Supervision;

/// <summary>督办单 through the pages: issued by a supervisor, answered once by the addressed department.</summary>
public sealed partial class SupervisionNoticeTests(SupervisionFixture fx) : IClassFixture<SupervisionFixture>
{
    private const string Requirement = "请于11月23日前书面回复办理进展，说明逾期原因和下一步措施。";

    private static KeyValuePair<string, string>[] IssueForm(string level = "red", string requirement = Requirement, string replyDue = "2026-11-23") =>
        [F("Model.Level", level), F("Model.Requirement", requirement), F("Model.ReplyDue", replyDue)];

    private async Task<HttpResponseMessage> IssueAsync(HttpClient client, long problemId, params KeyValuePair<string, string>[] fields) =>
        await PostAsync(client, $"/supervision/notices/new?problem={problemId}", "notice-issue", fields.Length == 0 ? IssueForm() : fields);

    private static long NoticeId(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return long.Parse(NoticeLink().Match(response.Headers.Location!.OriginalString).Groups[1].Value);
    }

    /// <summary>A late problem of 商务局 with a notice issued by the demo supervisor.</summary>
    private async Task<(long Problem, long Notice)> IssuedAsync(string title)
    {
        var problem = await fx.DispatchedAsync(title, new DateOnly(2026, 11, 11));
        var leader = await fx.Factory.SignedInClientAsync("leader");
        return (problem, NoticeId(await IssueAsync(leader, problem)));
    }

    private Task<string> NoticeVersionAsync(long id) => fx.Database.ScalarAsync<string>($"SELECT xmin::text FROM supervision_notices WHERE id = {id}");

    private Task<string> ReplyAsync(long id) => fx.Database.ScalarAsync<string>($"SELECT coalesce(reply, '') FROM supervision_notices WHERE id = {id}");

    private Task<string> TimelineAsync(long problemId) => fx.Database.ScalarAsync<string>(
        $"SELECT string_agg(kind, ',' ORDER BY id) FROM problem_events WHERE problem_id = {problemId}");

    [Fact]
    public async Task A_supervisor_issues_a_numbered_notice_to_the_lead_department_without_touching_the_problem()
    {
        var problem = await fx.DispatchedAsync("用电增容逾期未批复", new DateOnly(2026, 11, 13));
        var version = await fx.ProblemVersionAsync(problem);
        var leader = await fx.Factory.SignedInClientAsync("leader");

        var form = await leader.GetStringAsync($"/supervision/notices/new?problem={problem}");
        form.ShouldContain("区商务局");
        // Yellow, three working days late; the reply date suggested is three working days on (Monday 23rd).
        form.ShouldContain("value=\"yellow\" id=\"level-yellow\" checked");
        form.ShouldContain("value=\"2026-11-23\"");

        var before = await fx.Database.ScalarAsync<int>("SELECT coalesce((SELECT last FROM supervision_notice_counters WHERE year = 2026), 0)");
        var response = await IssueAsync(leader, problem);

        var id = NoticeId(response);
        (await fx.Database.ScalarAsync<string>($"SELECT number FROM supervision_notices WHERE id = {id}")).ShouldBe($"督办〔2026〕{before + 1}号");
        (await fx.Database.ScalarAsync<string>($"SELECT department_name || '|' || level || '|' || reply_due::text FROM supervision_notices WHERE id = {id}"))
            .ShouldBe("新河区商务局|Red|2026-11-23");
        (await TimelineAsync(problem)).ShouldEndWith(",NoticeIssued");
        (await fx.ProblemVersionAsync(problem)).ShouldBe(version);

        var page = await leader.GetStringAsync(response.Headers.Location);
        page.ShouldContain($"督办〔2026〕{before + 1}号");
        page.ShouldContain(Requirement);
        page.ShouldContain("data-testid=\"issued\"");
        page.ShouldContain("待回复");
        var problemPage = await leader.GetStringAsync($"/problems/{problem}");
        problemPage.ShouldContain($"href=\"/supervision/notices/{id}\"");
        problemPage.ShouldContain("开具督办单督办〔2026〕");
    }

    [Fact]
    public async Task An_empty_requirement_is_refused_next_to_the_field_and_nothing_is_saved()
    {
        var problem = await fx.DispatchedAsync("要求为空的督办", new DateOnly(2026, 11, 13));
        var leader = await fx.Factory.SignedInClientAsync("leader");
        var notices = await fx.NoticeCountAsync();
        var events = await TimelineAsync(problem);

        var response = await IssueAsync(leader, problem, IssueForm(requirement: "  ", replyDue: "2026-11-25"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        ValidationMessages(html).ShouldBe(["请填写督办要求"]);
        html.ShouldContain("value=\"2026-11-25\"");
        (await fx.NoticeCountAsync()).ShouldBe(notices);
        (await TimelineAsync(problem)).ShouldBe(events);
    }

    [Fact]
    public async Task A_reply_date_that_is_not_after_today_is_refused()
    {
        var problem = await fx.DispatchedAsync("回复期限为今天的督办", new DateOnly(2026, 11, 13));
        var leader = await fx.Factory.SignedInClientAsync("leader");
        var notices = await fx.NoticeCountAsync();

        var response = await IssueAsync(leader, problem, IssueForm(replyDue: "2026-11-18"));

        ValidationMessages(await response.Content.ReadAsStringAsync()).ShouldBe(["回复期限须晚于今天"]);
        (await fx.NoticeCountAsync()).ShouldBe(notices);
    }

    [Fact]
    public async Task A_closed_problem_cannot_receive_a_notice()
    {
        var problem = await fx.DispatchedAsync("已销号的问题", new DateOnly(2026, 11, 13));
        await TestProblems.CloseAsync(fx.Factory.Services, problem, fx.Clock.GetUtcNow());
        var leader = await fx.Factory.SignedInClientAsync("leader");
        var notices = await fx.NoticeCountAsync();

        var form = await leader.GetStringAsync($"/supervision/notices/new?problem={problem}");
        form.ShouldContain("问题已销号，不能开具督办单");
        form.ShouldNotContain("name=\"Model.Requirement\"");
        var response = await IssueAsync(leader, problem);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("问题已销号，不能开具督办单");
        (await fx.NoticeCountAsync()).ShouldBe(notices);
    }

    [Fact]
    public async Task A_problem_without_a_lead_department_cannot_receive_a_notice()
    {
        var problem = await fx.DispatchedAsync("被退回待改派的问题", new DateOnly(2026, 11, 13));
        await TestProblems.ChangeAsync(fx.Factory.Services, problem, (p, a) => p.Return("不属于本单位职责范围", a.Lead, fx.Clock.GetUtcNow()));
        var leader = await fx.Factory.SignedInClientAsync("leader");
        var notices = await fx.NoticeCountAsync();

        var response = await IssueAsync(leader, problem);

        (await response.Content.ReadAsStringAsync()).ShouldContain("问题尚未交办牵头单位，没有可督办的责任单位，不能开具督办单");
        (await fx.NoticeCountAsync()).ShouldBe(notices);
    }

    [Theory]
    [InlineData("handler")]
    [InlineData("official")]
    [InlineData("enterprise")]
    public async Task Only_supervisors_dispatchers_and_administrators_issue_notices(string user)
    {
        var problem = await fx.DispatchedAsync("无权开具督办单的问题", new DateOnly(2026, 11, 13));
        var client = await fx.Factory.SignedInClientAsync(user);
        var notices = await fx.NoticeCountAsync();

        (await client.GetAsync($"/supervision/notices/new?problem={problem}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await SupervisionFixture.PostBlindAsync(client, $"/supervision/notices/new?problem={problem}", "notice-issue", IssueForm()))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await fx.NoticeCountAsync()).ShouldBe(notices);
    }

    [Fact]
    public async Task A_supervisor_cannot_issue_on_a_problem_outside_their_region()
    {
        var problem = await fx.DispatchedAsync("城关街道的督办问题", new DateOnly(2026, 11, 13));
        var chengxi = await fx.Factory.SignedInClientAsync("chengxi");
        var notices = await fx.NoticeCountAsync();

        var page = await chengxi.GetAsync($"/supervision/notices/new?problem={problem}");
        page.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await page.Content.ReadAsStringAsync()).ShouldNotContain("城关街道的督办问题");
        var post = await SupervisionFixture.PostBlindAsync(chengxi, $"/supervision/notices/new?problem={problem}", "notice-issue", IssueForm());

        post.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await fx.NoticeCountAsync()).ShouldBe(notices);
    }

    [Fact]
    public async Task Notices_issued_at_once_get_consecutive_numbers_without_gaps_or_duplicates()
    {
        var problems = new List<long>();
        for (var i = 0; i < 6; i++) problems.Add(await fx.DispatchedAsync($"并发督办的问题{i}", new DateOnly(2026, 11, 13)));
        var leader = await fx.Factory.SignedInClientAsync("leader");
        var dispatcher = await fx.Factory.SignedInClientAsync("dispatcher");

        var ids = await Task.WhenAll(problems.Select((p, i) => Task.Run(async () => NoticeId(await IssueAsync(i % 2 == 0 ? leader : dispatcher, p)))));

        var numbers = new List<int>();
        foreach (var id in ids)
        {
            var number = await fx.Database.ScalarAsync<string>($"SELECT number FROM supervision_notices WHERE id = {id}");
            numbers.Add(Sequence(number));
        }
        numbers.Distinct().Count().ShouldBe(6);
        (numbers.Max() - numbers.Min()).ShouldBe(5);
        (await fx.Database.ScalarAsync<int>("SELECT last FROM supervision_notice_counters WHERE year = 2026"))
            .ShouldBe(await fx.Database.ScalarAsync<int>("SELECT count(*)::int FROM supervision_notices WHERE number LIKE '督办〔2026〕%'"));
    }

    [Fact]
    public async Task Numbers_restart_each_year_and_a_rolled_back_number_is_handed_out_again()
    {
        using var scope = fx.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        async Task<string> Take(int year, bool commit = true)
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            var number = await SupervisionNoticeNumbers.NextAsync(db, year);
            if (commit) await tx.CommitAsync();
            return number.ToString();
        }

        (await Take(2031)).ShouldBe("督办〔2031〕1号");
        (await Take(2031)).ShouldBe("督办〔2031〕2号");
        (await Take(2031, commit: false)).ShouldBe("督办〔2031〕3号");
        (await Take(2031)).ShouldBe("督办〔2031〕3号");
        (await Take(2032)).ShouldBe("督办〔2032〕1号");
        await Should.ThrowAsync<InvalidOperationException>(() => SupervisionNoticeNumbers.NextAsync(db, 2033));
    }

    [Fact]
    public async Task The_addressed_department_replies_and_the_reply_is_on_the_notice_and_the_timeline()
    {
        var (problem, notice) = await IssuedAsync("待商务局回复的督办");
        var handler = await fx.Factory.SignedInClientAsync("handler");

        var page = await handler.GetStringAsync($"/supervision/notices/{notice}");
        page.ShouldContain("name=\"Model.Reply\"");
        var response = await PostAsync(handler, $"/supervision/notices/{notice}", "notice-reply",
            [F("Model.Version", await NoticeVersionAsync(notice)), F("Model.Reply", "已协调供电公司，增容方案11月20日批复。")]);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await ReplyAsync(notice)).ShouldBe("已协调供电公司，增容方案11月20日批复。");
        (await TimelineAsync(problem)).ShouldEndWith(",NoticeIssued,NoticeReplied");
        var after = await handler.GetStringAsync(response.Headers.Location);
        after.ShouldContain("已协调供电公司，增容方案11月20日批复。");
        after.ShouldNotContain("name=\"Model.Reply\"");
        (await handler.GetStringAsync("/supervision/notices?status=replied")).ShouldContain($"data-notice-id=\"{notice}\"");
    }

    [Fact]
    public async Task An_empty_reply_is_refused_in_Chinese_and_nothing_is_saved()
    {
        var (problem, notice) = await IssuedAsync("空回复的督办");
        var handler = await fx.Factory.SignedInClientAsync("handler");
        var events = await TimelineAsync(problem);

        var response = await PostAsync(handler, $"/supervision/notices/{notice}", "notice-reply",
            [F("Model.Version", await NoticeVersionAsync(notice)), F("Model.Reply", " ")]);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        ValidationMessages(await response.Content.ReadAsStringAsync()).ShouldBe(["请填写回复内容"]);
        (await ReplyAsync(notice)).ShouldBe("");
        (await TimelineAsync(problem)).ShouldBe(events);
    }

    [Fact]
    public async Task A_second_reply_from_a_page_opened_before_the_first_gets_the_stale_message()
    {
        var (problem, notice) = await IssuedAsync("两人同时回复的督办");
        var first = await fx.Factory.SignedInClientAsync("handler");
        var second = await fx.Factory.SignedInClientAsync("handler");
        var seen = await NoticeVersionAsync(notice);
        (await PostAsync(first, $"/supervision/notices/{notice}", "notice-reply", [F("Model.Version", seen), F("Model.Reply", "第一份回复：已办结")]))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var events = await TimelineAsync(problem);

        var response = await SupervisionFixture.PostBlindAsync(second, $"/supervision/notices/{notice}", "notice-reply",
            F("Model.Version", seen), F("Model.Reply", "第二份回复：正在办理"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("已被他人更新，请刷新后重试");
        html.ShouldContain("第一份回复：已办结");
        html.ShouldContain("第二份回复：正在办理");
        (await ReplyAsync(notice)).ShouldBe("第一份回复：已办结");
        (await TimelineAsync(problem)).ShouldBe(events);
    }

    [Fact]
    public async Task Another_department_can_neither_see_nor_answer_the_notice()
    {
        var (_, notice) = await IssuedAsync("只给商务局的督办");
        var finance = await fx.Factory.SignedInClientAsync("caizheng");
        var version = await NoticeVersionAsync(notice);

        var page = await finance.GetAsync($"/supervision/notices/{notice}");
        page.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await page.Content.ReadAsStringAsync()).ShouldNotContain("只给商务局的督办");
        (await finance.GetStringAsync("/supervision/notices")).ShouldNotContain($"data-notice-id=\"{notice}\"");
        var post = await SupervisionFixture.PostBlindAsync(finance, $"/supervision/notices/{notice}", "notice-reply",
            F("Model.Version", version), F("Model.Reply", "财政局越权回复"));

        post.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await ReplyAsync(notice)).ShouldBe("");
        (await NoticeVersionAsync(notice)).ShouldBe(version);
    }

    [Fact]
    public async Task A_supervisor_reads_the_notice_but_cannot_reply_in_the_departments_place()
    {
        var (_, notice) = await IssuedAsync("督查组不能代答的督办");
        var leader = await fx.Factory.SignedInClientAsync("leader");

        (await leader.GetStringAsync($"/supervision/notices/{notice}")).ShouldNotContain("name=\"Model.Reply\"");
        var response = await SupervisionFixture.PostBlindAsync(leader, $"/supervision/notices/{notice}", "notice-reply",
            F("Model.Version", await NoticeVersionAsync(notice)), F("Model.Reply", "督查组代为回复"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("只有被督办单位（新河区商务局）的经办人可以回复督办单");
        (await ReplyAsync(notice)).ShouldBe("");
    }

    [Fact]
    public async Task An_enterprise_never_sees_a_notice()
    {
        var (problem, notice) = await IssuedAsync("企业看不到的督办");
        var enterprise = await fx.Factory.SignedInClientAsync("enterprise");

        (await enterprise.GetAsync($"/supervision/notices/{notice}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await enterprise.GetAsync("/supervision/notices")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await SupervisionFixture.PostBlindAsync(enterprise, $"/supervision/notices/{notice}", "notice-reply", F("Model.Reply", "企业回复")))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var problemPage = await enterprise.GetStringAsync($"/problems/{problem}");
        problemPage.ShouldContain("企业看不到的督办");
        problemPage.ShouldNotContain("data-testid=\"problem-notices\"");
        problemPage.ShouldNotContain("督办〔");
        (await ReplyAsync(notice)).ShouldBe("");
    }

    [Fact]
    public async Task The_notice_list_tells_pending_overdue_and_replied_apart()
    {
        var (_, pending) = await IssuedAsync("待回复的督办");
        var (_, overdue) = await IssuedAsync("逾期未回复的督办");
        await fx.Database.ExecuteAsync($"UPDATE supervision_notices SET reply_due = '2026-11-17' WHERE id = {overdue}");
        var leader = await fx.Factory.SignedInClientAsync("leader");

        var overdueList = await leader.GetStringAsync("/supervision/notices?status=overdue");
        overdueList.ShouldContain($"data-notice-id=\"{overdue}\"");
        overdueList.ShouldNotContain($"data-notice-id=\"{pending}\"");
        overdueList.ShouldContain("逾期未回复");
        var pendingList = await leader.GetStringAsync("/supervision/notices?status=pending");
        pendingList.ShouldContain($"data-notice-id=\"{pending}\"");
        pendingList.ShouldNotContain($"data-notice-id=\"{overdue}\"");
        (await leader.GetStringAsync($"/supervision/notices/{overdue}")).ShouldContain("data-status=\"overdue\"");
    }

    private static int Sequence(string number) => int.Parse(SequencePattern().Match(number).Groups[1].Value);

    [GeneratedRegex(@"/supervision/notices/(\d+)")]
    private static partial Regex NoticeLink();

    [GeneratedRegex(@"〕(\d+)号")]
    private static partial Regex SequencePattern();
}
