namespace EnterpriseAid.Infrastructure.Persistence;

/// <summary>Supplies the scope of whoever the current unit of work runs for (the web host: the signed-in user).</summary>
public interface IDataScopeProvider
{
    DataScope Current { get; }
}
