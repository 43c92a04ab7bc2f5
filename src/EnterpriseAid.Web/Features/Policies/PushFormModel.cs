namespace EnterpriseAid.Web.Features.Policies;

/// <summary>The push form: the enterprises the user left out, by id.</summary>
public sealed class PushFormModel
{
    public List<string> Excluded { get; set => field = value ?? []; } = [];
}
