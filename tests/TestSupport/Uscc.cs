using EnterpriseAid.Domain.Enterprises;

namespace EnterpriseAid.TestSupport;

public static class Uscc
{
    private static int _counter;

    /// <summary>A valid code not used by the demo district (its division code is 419902).</summary>
    public static string NewValid()
    {
        var n = Interlocked.Increment(ref _counter) + Random.Shared.Next(0, 1_000_000) * 1000;
        var body = "91410105" + n.ToString("D9");
        return body + UnifiedSocialCreditCode.ComputeCheckCharacter(body);
    }
}
