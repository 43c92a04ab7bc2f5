using Npgsql;

namespace EnterpriseAid.Web.Hosting;

public static class DatabaseUnavailable
{
    /// <summary>True when the failure is the database being unreachable rather than a defect.</summary>
    public static bool IsCause(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is NpgsqlException { IsTransient: true } or TimeoutException) return true;
            if (e is System.Net.Sockets.SocketException) return true;
        }
        return false;
    }
}
