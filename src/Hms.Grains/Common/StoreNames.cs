namespace Hms.Common;

/// <summary>Names of the grain storage providers and state slots.</summary>
public static class StoreNames
{
    /// <summary>The one grain storage the silo configures (PostgreSQL, or memory in demo mode).</summary>
    public const string Hms = "hms";
}
