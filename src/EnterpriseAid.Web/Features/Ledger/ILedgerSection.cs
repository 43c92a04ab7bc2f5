using EnterpriseAid.Infrastructure.Export;

namespace EnterpriseAid.Web.Features.Ledger;

/// <summary>
/// A part of the ledger that another feature owns, such as 政策兑现 (subsidies) or 三个一批 (projects).
/// A feature adds one with <c>services.AddScoped&lt;ILedgerSection, …&gt;()</c> in its Add…Feature();
/// the ledger page then renders <see cref="Component"/> after the built-in sections (ordered by
/// <see cref="Order"/>) and the ledger export adds the section's sheet. The section reads through the
/// scoped context like everything else, so it needs no scope check of its own.
/// </summary>
public interface ILedgerSection
{
    /// <summary>Place after the built-in sections (企业信息, 包联, 走访, 问题); lower comes first.</summary>
    int Order { get; }

    /// <summary>
    /// A Razor component with a <c>[Parameter] public long EnterpriseId</c>. Sections render side by side and load at the
    /// same time: a section reads through a context of its own (<c>ScopedContexts.Create()</c>), never the request's.
    /// </summary>
    Type Component { get; }

    /// <summary>Adds one sheet (or more) to the ledger workbook.</summary>
    Task WriteSheetAsync(XlsxWorkbookWriter book, long enterpriseId, CancellationToken ct);
}
