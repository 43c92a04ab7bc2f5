using System.Text.Json;

namespace EnterpriseAid.Web.Features.Dashboard;

/// <summary>
/// ECharts options built on the server and passed in a data-echarts attribute; wwwroot/js/site.js renders every such
/// element (no inline script under the CSP, no interactive Blazor).
/// </summary>
public static class DashboardCharts
{
    /// <summary>比学赶超: a horizontal bar per row, ranked by 解决率 (rows without problems last), with the problem count in the tooltip.</summary>
    public static string Ranking(IEnumerable<BreakdownRow> rows, string unnamed, string rateLabel, string totalLabel)
    {
        var ranked = BreakdownColumns.Sort(rows, "rate", descending: false).Where(r => r.Problems.Total > 0).TakeLast(15).ToList();
        return JsonSerializer.Serialize(new
        {
            tooltip = new { trigger = "axis" },
            grid = new { left = 8, right = 24, top = 8, bottom = 8, containLabel = true },
            xAxis = new { type = "value", max = 100, axisLabel = new { formatter = "{value}%" } },
            yAxis = new { type = "category", data = ranked.Select(r => string.IsNullOrEmpty(r.Name) ? unnamed : r.Name) },
            series = new object[]
            {
                new
                {
                    name = rateLabel, type = "bar",
                    data = ranked.Select(r => Math.Round((r.Problems.ResolutionRate ?? 0m) * 100m, 1)),
                    label = new { show = true, position = "right", formatter = "{c}%" },
                },
            },
            aria = new { enabled = true, description = totalLabel },
        });
    }

    /// <summary>Problems collected and resolved per ISO week.</summary>
    public static string Trend(IEnumerable<WeekPoint> weeks, string collected, string resolved)
    {
        var list = weeks.ToList();
        return JsonSerializer.Serialize(new
        {
            tooltip = new { trigger = "axis" },
            legend = new { top = 0, data = new[] { collected, resolved } },
            grid = new { left = 8, right = 16, top = 32, bottom = 8, containLabel = true },
            xAxis = new { type = "category", data = list.Select(w => w.Monday.ToString("MM-dd", System.Globalization.CultureInfo.InvariantCulture)) },
            yAxis = new { type = "value", minInterval = 1 },
            series = new object[]
            {
                new { name = collected, type = "line", data = list.Select(w => w.Collected) },
                new { name = resolved, type = "line", data = list.Select(w => w.Resolved) },
            },
        });
    }

    /// <summary>Problems by category.</summary>
    public static string Categories(IEnumerable<BreakdownRow> rows) => JsonSerializer.Serialize(new
    {
        tooltip = new { trigger = "item" },
        series = new[]
        {
            new
            {
                type = "pie",
                radius = new[] { "35%", "65%" },
                data = rows.Where(r => r.Problems.Total > 0).Select(r => new { name = r.Name, value = r.Problems.Total }),
            },
        },
    });
}
