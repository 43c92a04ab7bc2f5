using EnterpriseAid.Domain.Common;
using EnterpriseAid.Domain.Projects;
using EnterpriseAid.Domain.Visits;
using EnterpriseAid.Infrastructure.Persistence;
using EnterpriseAid.Infrastructure.Persistence.Configurations;
using EnterpriseAid.Infrastructure.Reporting;
using Microsoft.EntityFrameworkCore;

namespace EnterpriseAid.IntegrationTests.Infrastructure.Persistence;

/// <summary>
/// The town and region path the database keeps on enterprises, problems, visit rows and notices (V0014, V0015) follow
/// the enterprise, so a region scope read from them is the same as one read through the org tree; a project's path
/// (V0096) follows its own region.
/// </summary>
public sealed class RegionColumnsTests : IAsyncLifetime
{
    private WorkDatabase _work = null!;

    public async Task InitializeAsync() => _work = await WorkDatabase.CreateAsync("regioncols");

    public async Task DisposeAsync() => await _work.DisposeAsync();

    [Fact]
    public async Task Visits_problems_and_notices_carry_the_enterprises_town_and_follow_it_when_it_moves()
    {
        var chengguan = await _work.UnitAsync("城关街道");
        var qingshan = await _work.UnitAsync("青山镇");
        var moving = await _work.EnterpriseInAsync("城关街道");
        var staying = await _work.EnterpriseInAsync("青山镇");
        var problem = await _work.RegisterProblemAsync(moving);
        var now = DateTimeOffset.UtcNow;
        var today = ChinaTime.DateOf(now);
        long symposium;
        await using (var context = _work.Context(DataScope.Everything))
        {
            var visit = Visit.Record(today, VisitKind.Symposium, [moving, staying], [_work.UserId], "座谈了解诉求", null, _work.UserId, now);
            context.Visits.Add(visit);
            await context.SaveChangesAsync();
            symposium = visit.Id;
        }
        await _work.ScalarAsync<int>($"""
            INSERT INTO supervision_notices (number, problem_id, problem_number, problem_title, enterprise_name, department_id, department_name,
                level, requirement, reply_due, issued_by_user_id, issued_by_name, issued_at)
            SELECT '督办〔2026〕1号', p.id, p.number, p.title, '企业', {chengguan.Id}, '单位', 'Red', '请办理', CURRENT_DATE, {_work.UserId}, '督查', now()
            FROM problems p WHERE p.id = {problem} RETURNING 1
            """);

        (await RowsAsync(symposium)).ShouldBe(new List<(long, long, string)> { (moving, chengguan.Id, chengguan.Path), (staying, qingshan.Id, qingshan.Path) }.OrderBy(r => r.Item1).ToList());
        (await _work.ScalarAsync<string>($"SELECT region_path FROM problems WHERE id = {problem}")).ShouldBe(chengguan.Path);
        (await _work.ScalarAsync<string>($"SELECT region_path FROM supervision_notices WHERE problem_id = {problem}")).ShouldBe(chengguan.Path);

        await _work.ScalarAsync<int>($"UPDATE enterprises SET town_id = {qingshan.Id} WHERE id = {moving} RETURNING 1");

        (await _work.ScalarAsync<string>($"SELECT region_path FROM enterprises WHERE id = {moving}")).ShouldBe(qingshan.Path);
        (await _work.ScalarAsync<long>($"SELECT town_id FROM problems WHERE id = {problem}")).ShouldBe(qingshan.Id);
        (await _work.ScalarAsync<string>($"SELECT region_path FROM supervision_notices WHERE problem_id = {problem}")).ShouldBe(qingshan.Path);
        (await RowsAsync(symposium)).ShouldBe(new List<(long, long, string)> { (moving, qingshan.Id, qingshan.Path), (staying, qingshan.Id, qingshan.Path) }.OrderBy(r => r.Item1).ToList());

        // The scopes read the moved rows: 青山 gains the problem, its notice and the enterprise's 家次; 城关 loses them.
        await using var town = _work.Context(DataScope.Region(qingshan.Path));
        (await town.Problems.Select(p => p.Id).ToListAsync()).ShouldContain(problem);
        (await town.VisitEnterprises.Where(v => v.VisitId == symposium).CountAsync()).ShouldBe(2);
        (await town.SupervisionNotices.CountAsync()).ShouldBe(1);
        await using var old = _work.Context(DataScope.Region(chengguan.Path));
        (await old.Problems.Select(p => p.Id).ToListAsync()).ShouldNotContain(problem);
        (await old.VisitEnterprises.Where(v => v.VisitId == symposium).CountAsync()).ShouldBe(0);
        (await old.SupervisionNotices.CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task A_changed_visit_rewrites_its_rows_and_a_deleted_one_removes_them()
    {
        var a = await _work.EnterpriseInAsync("城关街道");
        var b = await _work.EnterpriseInAsync("青山镇");
        var now = DateTimeOffset.UtcNow;
        var today = ChinaTime.DateOf(now);
        long id;
        await using (var context = _work.Context(DataScope.Everything))
        {
            var visit = Visit.Record(today, VisitKind.OnSite, [a], [_work.UserId], "了解生产经营情况", null, _work.UserId, now);
            context.Visits.Add(visit);
            await context.SaveChangesAsync();
            id = visit.Id;
        }
        (await RowsAsync(id)).Select(r => r.Enterprise).ShouldBe([a]);

        await _work.ScalarAsync<int>($"UPDATE visits SET enterprise_ids = ARRAY[{a}, {b}]::bigint[], kind = 'Inspection', visited_on = visited_on - 1 WHERE id = {id} RETURNING 1");
        (await RowsAsync(id)).Select(r => r.Enterprise).ShouldBe([a, b]);
        (await _work.ScalarAsync<long>($"SELECT count(*) FROM visit_enterprises WHERE visit_id = {id} AND kind = 'Inspection' AND visited_on = '{today.AddDays(-1):yyyy-MM-dd}'")).ShouldBe(2);

        await _work.ScalarAsync<int>($"DELETE FROM visits WHERE id = {id} RETURNING 1");
        (await RowsAsync(id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_project_carries_its_regions_path_and_follows_it_when_its_region_changes()
    {
        var chengguan = await _work.UnitAsync("城关街道");
        var qingshan = await _work.UnitAsync("青山镇");
        var investor = await _work.EnterpriseInAsync("青山镇");
        long id;
        await using (var context = _work.Context(DataScope.Everything))
        {
            var project = Project.Create(new ProjectProfile("城关新材料产业园项目", investor, chengguan.Id, "C", ProjectLevels.District, "第一期",
                100_000_000m, null, null, new Dictionary<ProjectStage, DateOnly?>()), DateTimeOffset.UtcNow);
            context.Projects.Add(project);
            await context.SaveChangesAsync();
            id = project.Id;
            context.Entry(project).Property<string>(RegionColumns.RegionPath).CurrentValue.ShouldBe(chengguan.Path);
        }
        (await _work.ScalarAsync<string>($"SELECT region_path FROM projects WHERE id = {id}")).ShouldBe(chengguan.Path);
        await using (var town = _work.Context(DataScope.Region(chengguan.Path)))
            (await town.Projects.Select(p => p.Id).ToListAsync()).ShouldContain(id);

        await _work.ScalarAsync<int>($"UPDATE projects SET region_id = {qingshan.Id} WHERE id = {id} RETURNING 1");

        (await _work.ScalarAsync<string>($"SELECT region_path FROM projects WHERE id = {id}")).ShouldBe(qingshan.Path);
        await using (var moved = _work.Context(DataScope.Region(qingshan.Path)))
            (await moved.Projects.Select(p => p.Id).ToListAsync()).ShouldContain(id);
        await using (var old = _work.Context(DataScope.Region(chengguan.Path)))
            (await old.Projects.Select(p => p.Id).ToListAsync()).ShouldNotContain(id);
    }

    private async Task<List<(long Enterprise, long Town, string Path)>> RowsAsync(long visitId)
    {
        await using var context = _work.Context(DataScope.Everything);
        var rows = await context.VisitEnterprises.Where(v => v.VisitId == visitId).OrderBy(v => v.EnterpriseId)
            .Select(v => new { v.EnterpriseId, v.TownId, v.RegionPath }).ToListAsync();
        return rows.Select(r => (r.EnterpriseId, r.TownId, r.RegionPath)).ToList();
    }
}
