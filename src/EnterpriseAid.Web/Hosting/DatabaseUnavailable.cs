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
            // A server shutting down (57P01 fast, 57P02 crash) tells the idle pooled connections so;
            // the next command on one of them reads that notice, which Npgsql does not call transient.
            if (e is PostgresException { SqlState: var state } && (state.StartsWith("08", StringComparison.Ordinal) || state.StartsWith("57P", StringComparison.Ordinal)))
                return true;
        }
        return false;
    }

    /// <summary>
    /// Closes every idle pooled connection. After an outage they are all dead sockets: without this the
    /// first requests after the database comes back would each draw one and fail again.
    /// </summary>
    public static void ForgetPooledConnections(IServiceProvider services) => services.GetService<NpgsqlDataSource>()?.Clear();
}
