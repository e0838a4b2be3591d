namespace Hms.Common;

/// <summary>
/// Who may call a grain method that takes a <see cref="Caller"/>: the roles listed, or every role of the
/// caller's tenant with <see cref="Roles.Anyone"/>. Work the system does on its own
/// (<see cref="Caller.System"/>) always may. The silo enforces it before the grain runs
/// (src/Hms.Grains/Common/CallerCheck.cs), whoever made the call; the grain itself checks the tenant
/// and what only its state can tell (a patient's own appointment, a doctor's own schedule).
/// A method that takes a caller and carries no <see cref="AllowsAttribute"/> is refused to everyone
/// but the system.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class AllowsAttribute(params string[] roles) : Attribute
{
    public IReadOnlyList<string> Roles { get; } = roles;

    public bool Admits(Caller caller) =>
        caller.IsInRole(Common.Roles.System) || Roles.Contains(Common.Roles.Anyone) || Roles.Any(caller.IsInRole);
}
