using Hms.Jobs;
using Hms.NoShow;

namespace Hms.Tests.NoShow;

/// <summary>The health's <c>stats</c> as the replaced system's clients read them: a success rate in percent, one decimal.</summary>
public sealed class DeadlineHealthStatsTests
{
    private static DeadlineHealth Health(int total, int failed) =>
        new("NO_SHOW_CHECK", true, "OK", true, null, null, 0, null, [], total, failed, 0, 0, new LatenessStats(0, null, null, null, null));

    [Theory]
    [InlineData(10, 0, "100.0%")]
    [InlineData(10, 1, "90.0%")]
    [InlineData(3, 1, "66.7%")]
    [InlineData(0, 0, "100.0%")]
    [InlineData(4, 4, "0.0%")]
    public void TheSuccessRateIsTheShareOfRunsThatDidNotFail(int total, int failed, string rate) =>
        Assert.Equal(new RunStats(total, failed, rate), Health(total, failed).Stats);
}
