using EnterpriseAid.Domain.Calendar;
using EnterpriseAid.Domain.Common;
using EnterpriseAid.Domain.Problems;

namespace EnterpriseAid.Web.Features.Problems;

/// <summary>Display names of the problem catalogues in the current UI language.</summary>
public static class ProblemDisplay
{
    public static string Category(string? code) => Catalog.Find(ProblemCategories.All, code)?.Name() ?? code ?? string.Empty;
    public static string Source(ProblemSource source) => ProblemSources.Describe(source).Name();
    public static string Urgency(Urgency urgency) => Urgencies.Describe(urgency).Name();
    public static string Status(ProblemStatus status) => ProblemStatuses.Describe(status).Name();

    /// <summary>The name of each action's form; a post names the form it came from.</summary>
    public static string FormName(ProblemAction action) => "problem-" + action.ToString().ToLowerInvariant();
}
