using Hms.Common;

namespace Hms.Hotels;

/// <summary>Who does what in a hotel (the roles themselves are token roles, in <see cref="Roles"/>).</summary>
public static class HotelRoles
{
    /// <summary>Every role of a hotel's staff.</summary>
    public static readonly string[] Staff = [Roles.HotelAdmin, Roles.Manager, Roles.FrontDesk, Roles.Housekeeper];

    /// <summary>Who administers the hotel and runs its jobs by hand.</summary>
    public static readonly string[] Admins = [Roles.HotelAdmin, Roles.Manager];

    /// <summary>Who books, checks guests in and out, and posts to folios.</summary>
    public static readonly string[] Desk = [Roles.HotelAdmin, Roles.Manager, Roles.FrontDesk];
}
