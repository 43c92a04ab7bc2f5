using System.Globalization;

namespace EnterpriseAid.Web.Components.Shared;

/// <summary>
/// Offset paging of a list with a stable order: the page asked for (query <c>page</c>, 1-based), clamped to the pages that
/// exist, so a hand-edited or stale number shows the last page rather than an empty one or an error.
/// </summary>
public readonly record struct PageNumber(int Page, int Pages, int Size)
{
    public int Skip => (Page - 1) * Size;

    public static PageNumber Of(string? requested, int total, int size)
    {
        var pages = Math.Max(1, (total + size - 1) / size);
        var page = int.TryParse(requested, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p >= 1 ? p : 1;
        return new PageNumber(Math.Min(page, pages), pages, size);
    }
}
