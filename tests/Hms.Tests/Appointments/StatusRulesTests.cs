using Hms.Appointments;
using Hms.Common;
using static Hms.Appointments.AppointmentStatus;

namespace Hms.Tests.Appointments;

public sealed class StatusRulesTests
{
    [Theory]
    [InlineData(SCHEDULED, CONFIRMED)]
    [InlineData(SCHEDULED, CHECKED_IN)]
    [InlineData(CONFIRMED, CHECKED_IN)]
    [InlineData(CHECKED_IN, IN_PROGRESS)]
    [InlineData(IN_PROGRESS, COMPLETED)]
    [InlineData(SCHEDULED, CANCELLED)]
    [InlineData(CONFIRMED, CANCELLED)]
    [InlineData(CHECKED_IN, CANCELLED)]
    [InlineData(SCHEDULED, NO_SHOW)]
    [InlineData(CONFIRMED, NO_SHOW)]
    public void ForwardMovesAreAllowed(AppointmentStatus from, AppointmentStatus to) => Assert.True(StatusRules.CanMove(from, to));

    [Theory]
    [InlineData(CONFIRMED, SCHEDULED)]
    [InlineData(CHECKED_IN, CONFIRMED)]
    [InlineData(IN_PROGRESS, CHECKED_IN)]
    [InlineData(IN_PROGRESS, CANCELLED)]
    [InlineData(CHECKED_IN, NO_SHOW)]
    [InlineData(COMPLETED, CANCELLED)]
    [InlineData(COMPLETED, IN_PROGRESS)]
    [InlineData(CANCELLED, SCHEDULED)]
    [InlineData(CANCELLED, CONFIRMED)]
    [InlineData(NO_SHOW, CHECKED_IN)]
    [InlineData(NO_SHOW, CANCELLED)]
    public void BackwardOrFinishedMovesAre409(AppointmentStatus from, AppointmentStatus to)
    {
        Assert.False(StatusRules.CanMove(from, to));
        var error = Assert.Throws<DomainException>(() => StatusRules.EnsureCanMove(from, to));
        Assert.Equal(("invalid_status_transition", 409), (error.Code, error.Status));
    }
}
