using Microsoft.AspNetCore.Components.Forms;

namespace EnterpriseAid.Web.Components.Shared;

/// <summary>Marks fields with Bootstrap's is-invalid after a failed submit (Blazor's own class is "invalid").</summary>
public sealed class BootstrapFieldCss : FieldCssClassProvider
{
    public static readonly BootstrapFieldCss Instance = new();

    public override string GetFieldCssClass(EditContext editContext, in FieldIdentifier fieldIdentifier) =>
        editContext.GetValidationMessages(fieldIdentifier).Any() ? "is-invalid" : string.Empty;
}
