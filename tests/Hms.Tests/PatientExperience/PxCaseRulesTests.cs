using Hms.Common;
using Hms.PatientExperience;
using static Hms.PatientExperience.PxCaseStatus;

namespace Hms.Tests.PatientExperience;

/// <summary>The SLA rules as numbers: the deadlines a case has, the 80% at-risk instant, level 3, the status moves.</summary>
public sealed class PxCaseRulesTests
{
    private static readonly DateTimeOffset Opened = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    private static PxCaseView Case(PxCaseStatus status = OPEN, int level = 0, bool active = true, int atRiskPercent = 80,
        DateTimeOffset? atRiskHandledAt = null, TimeSpan? window = null) =>
        new(Guid.NewGuid(), "h-1", "Cold food on ward 3", null, null, "CATERING", null, PxPriority.HIGH, status,
            Opened + (window ?? TimeSpan.FromHours(10)), level, active, Opened, atRiskPercent, atRiskHandledAt, null, Opened, "u-1",
            Opened, null, null);

    [Fact]
    public void AnOpenCaseIsDueAtDueAtAndAtRiskAfterEightyPercentOfItsWindow()
    {
        var deadlines = PxCaseRules.Deadlines(Case());
        Assert.Equal(Opened.AddHours(10), deadlines[PxCaseRules.SlaDue]);
        Assert.Equal(Opened.AddHours(8), deadlines[PxCaseRules.AtRisk]);
        Assert.Equal(2, deadlines.Count);
    }

    [Theory]
    [InlineData(50, 300)]
    [InlineData(80, 480)]
    [InlineData(95, 570)]
    [InlineData(1, 6)]
    [InlineData(99, 594)]
    public void TheAtRiskShareIsConfigurable(int percent, int minutesAfterOpening) =>
        Assert.Equal(Opened.AddMinutes(minutesAfterOpening), PxCaseRules.Deadlines(Case(atRiskPercent: percent))[PxCaseRules.AtRisk]);

    [Fact]
    public void InProgressCasesKeepTheirSla() => Assert.Equal(2, PxCaseRules.Deadlines(Case(IN_PROGRESS)).Count);

    [Theory]
    [InlineData(ESCALATED, 1, true)]
    [InlineData(RESOLVED, 0, true)]
    [InlineData(CLOSED, 0, true)]
    [InlineData(OPEN, 3, true)]
    [InlineData(IN_PROGRESS, 3, true)]
    [InlineData(OPEN, 0, false)]
    [InlineData(IN_PROGRESS, 2, false)]
    public void EscalatedTopLevelInactiveOrFinishedCasesHaveNoDeadline(PxCaseStatus status, int level, bool active) =>
        Assert.Empty(PxCaseRules.Deadlines(Case(status, level, active)));

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void BelowLevelThreeTheSlaRuns(int level)
    {
        Assert.True(PxCaseRules.SlaRuns(Case(IN_PROGRESS, level)));
        Assert.Equal(level + 1, PxCaseRules.Escalate(Case(IN_PROGRESS, level), Opened).EscalationLevel);
    }

    [Fact]
    public void OnceTheAtRiskDeadlineIsHandledOnlyTheBreachRemains()
    {
        var deadlines = PxCaseRules.Deadlines(Case(atRiskHandledAt: Opened.AddHours(8)));
        Assert.Equal([PxCaseRules.SlaDue], deadlines.Keys);
    }

    [Fact]
    public void AWindowTooShortForAnAtRiskInstantHasOnlyTheBreach()
    {
        var deadlines = PxCaseRules.Deadlines(Case(window: TimeSpan.FromTicks(50)));
        Assert.Equal([PxCaseRules.SlaDue], deadlines.Keys);
    }

    [Fact]
    public void OverdueMeansTheSlaRunsAndDueAtHasPassed()
    {
        var c = Case();
        Assert.False(PxCaseRules.Overdue(c, c.DueAt.AddTicks(-1)));
        Assert.True(PxCaseRules.Overdue(c, c.DueAt));
        Assert.False(PxCaseRules.Overdue(c with { Status = ESCALATED }, c.DueAt.AddDays(1)));
        Assert.False(PxCaseRules.Overdue(c with { EscalationLevel = 3 }, c.DueAt.AddDays(1)));
        Assert.False(PxCaseRules.Overdue(c with { Active = false }, c.DueAt.AddDays(1)));
    }

    [Fact]
    public void EscalationMakesTheCaseEscalatedOneLevelUp()
    {
        var escalated = PxCaseRules.Escalate(Case(IN_PROGRESS, 1), Opened.AddHours(11));
        Assert.Equal((ESCALATED, 2, Opened.AddHours(11)), (escalated.Status, escalated.EscalationLevel, escalated.LastEscalatedAt!.Value));
    }

    /// <summary>Every move staff may make by hand; every other pair of different statuses is refused.</summary>
    private static readonly HashSet<(PxCaseStatus From, PxCaseStatus To)> AllowedMoves =
    [
        (OPEN, IN_PROGRESS), (IN_PROGRESS, OPEN),
        (OPEN, RESOLVED), (IN_PROGRESS, RESOLVED), (ESCALATED, RESOLVED),
        (ESCALATED, IN_PROGRESS), (RESOLVED, IN_PROGRESS),
        (OPEN, CLOSED), (IN_PROGRESS, CLOSED), (ESCALATED, CLOSED), (RESOLVED, CLOSED),
    ];

    [Fact]
    public void ExactlyTheSensibleMovesAreAllowed()
    {
        var statuses = Enum.GetValues<PxCaseStatus>();
        var allowed = statuses.SelectMany(from => statuses.Where(to => to != from).Select(to => (from, to)))
            .Where(move => Record.Exception(() => PxCaseRules.EnsureCanMove(move.from, move.to)) is null)
            .ToHashSet();
        Assert.Equal(AllowedMoves.Order(), allowed.Select(m => (From: m.from, To: m.to)).Order());
    }

    [Theory]
    [InlineData(OPEN, ESCALATED, "invalid_status_transition")]
    [InlineData(IN_PROGRESS, ESCALATED, "invalid_status_transition")]
    [InlineData(ESCALATED, OPEN, "invalid_status_transition")]
    [InlineData(RESOLVED, OPEN, "invalid_status_transition")]
    [InlineData(CLOSED, OPEN, "case_closed")]
    [InlineData(CLOSED, IN_PROGRESS, "case_closed")]
    [InlineData(CLOSED, RESOLVED, "case_closed")]
    public void OtherMovesAre409(PxCaseStatus from, PxCaseStatus to, string code)
    {
        var refused = Assert.Throws<DomainException>(() => PxCaseRules.EnsureCanMove(from, to));
        Assert.Equal((code, 409), (refused.Code, refused.Status));
    }

    [Theory]
    [InlineData(ESCALATED, IN_PROGRESS, true)]
    [InlineData(RESOLVED, IN_PROGRESS, true)]
    [InlineData(OPEN, IN_PROGRESS, false)]
    [InlineData(IN_PROGRESS, OPEN, false)]
    public void GoingBackToWorkFromEscalatedOrResolvedStartsANewWindow(PxCaseStatus from, PxCaseStatus to, bool reopens) =>
        Assert.Equal(reopens, PxCaseRules.Reopens(from, to));

    [Fact]
    public void ADueAtMustLieAfterNowAndWithinTwoYears()
    {
        Assert.Equal("due_at_in_past", Assert.Throws<DomainException>(() => PxCaseRules.EnsureDueAt(Opened, Opened)).Code);
        Assert.Equal("due_at_too_far", Assert.Throws<DomainException>(() => PxCaseRules.EnsureDueAt(Opened.AddDays(731), Opened)).Code);
        Assert.Null(Record.Exception(() => PxCaseRules.EnsureDueAt(Opened.AddSeconds(1), Opened)));
        Assert.Null(Record.Exception(() => PxCaseRules.EnsureDueAt(Opened.AddDays(730), Opened)));
    }
}
