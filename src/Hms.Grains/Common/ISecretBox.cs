namespace Hms.Common;

/// <summary>
/// Seals third-party secrets (a KPI source's token) before they go into grain state, and opens them only
/// where they are used (the outbound request). Sealed values carry <see cref="Prefix"/>; a value without it
/// is one stored in clear by an earlier version, opened as it is and sealed on its grain's next write.
/// Implemented with ASP.NET Core Data Protection (src/Hms.Silo/Secrets/DataProtectionSecretBox.cs).
/// </summary>
public interface ISecretBox
{
    public const string Prefix = "sealed:v1:";

    string Seal(string secret);

    string Open(string value);

    /// <summary>Whether <paramref name="value"/> holds <paramref name="secret"/>; false when it cannot be opened.</summary>
    bool Holds(string value, string secret);

    public static bool IsSealed(string value) => value.StartsWith(Prefix, StringComparison.Ordinal);
}
