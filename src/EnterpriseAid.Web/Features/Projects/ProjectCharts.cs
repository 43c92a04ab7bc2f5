using System.Globalization;
using System.Text.Json;
using EnterpriseAid.Domain.Projects;

namespace EnterpriseAid.Web.Features.Projects;

/// <summary>
/// The milestone chart (a Gantt-like view) of a project: one row per milestone on a time axis, the planned date as a hollow
/// marker and the actual date as a filled one, joined to the next milestone by a line, with today marked. The option is
/// JSON in a data-echarts attribute that wwwroot/js/site.js renders (no inline script under the CSP).
/// </summary>
public static class ProjectCharts
{
    public static string Milestones(Project p, DateOnly today, string planned, string actual, string todayLabel, Func<ProjectStage, string> stageName)
    {
        var names = ProjectStages.Milestones.Select(stageName).ToList();
        object[] Points(Func<ProjectStage, DateOnly?> date) => ProjectStages.Milestones
            .Where(s => date(s) is not null)
            .Select(s => (object)new object[] { Iso(date(s)!.Value), stageName(s) })
            .ToArray();

        // The axis spans every date and today, with a margin, so the "today" line is always on the chart.
        var dates = ProjectStages.Milestones.SelectMany(s => new[] { p.PlannedOn(s), p.ReachedOn(s) }).OfType<DateOnly>().Append(today).ToList();
        var from = dates.Min().AddDays(-14);
        var to = dates.Max().AddDays(21);
        return JsonSerializer.Serialize(new
        {
            tooltip = new { trigger = "item" },
            legend = new { top = 0, data = new[] { planned, actual } },
            grid = new { left = 8, right = 32, top = 32, bottom = 8, containLabel = true },
            xAxis = new { type = "time", min = Iso(from), max = Iso(to) },
            yAxis = new { type = "category", data = names, inverse = true },
            series = new object[]
            {
                new
                {
                    name = planned, type = "line", symbol = "emptyCircle", symbolSize = 12,
                    lineStyle = new { type = "dashed" }, data = Points(p.PlannedOn),
                    markLine = new { symbol = "none", label = new { formatter = todayLabel }, data = new[] { new { xAxis = Iso(today) } } },
                },
                new
                {
                    name = actual, type = "line", symbol = "circle", symbolSize = 14, lineStyle = new { width = 3 },
                    data = Points(p.ReachedOn),
                    label = new { show = true, position = "top", formatter = "{@[0]}" },
                },
            },
        });
    }

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
