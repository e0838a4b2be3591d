using System.Security.Cryptography;
using System.Text;

namespace Hms.Api.Auth;

/// <summary>
/// Shared secrets of machine callers: CRON_API_KEY for the NO_SHOW external trigger,
/// CRON_SECRET for the PX and PMS cron routes. An unset secret disables its routes.
/// </summary>
public static class MachineSecrets
{
    public const string CronApiKey = "CRON_API_KEY";
    public const string CronSecret = "CRON_SECRET";

    public static string? Get(IConfiguration configuration, string name) =>
        string.IsNullOrWhiteSpace(configuration[name]) ? null : configuration[name];

    /// <summary>Compares in constant time: hashing first gives both sides the same length.</summary>
    public static bool Matches(string expected, string? given) =>
        given is not null && CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)), SHA256.HashData(Encoding.UTF8.GetBytes(given)));
}
