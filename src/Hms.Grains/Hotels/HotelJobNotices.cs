using System.Collections.Immutable;
using System.Globalization;
using Hms.Common;
using Hms.Jobs;
using Hms.Notifications;

namespace Hms.Hotels;

/// <summary>The hotel's admins hear of a scheduled job that failed on every attempt: HIGH, in-app and e-mail.</summary>
public static class HotelJobNotices
{
    public const string Failed = "HOTEL_JOB_FAILED";

    public static async Task<IEnumerable<NotificationRow>> GaveUpAsync(IGrainFactory grains, string hotelId, JobName job, int attempts,
        HotelJobOutcome outcome, DateTimeOffset now)
    {
        var hotel = await grains.GetGrain<IHotelGrain>(hotelId).Find();
        var notice = new Notice(Failed, $"Job {job} failed", Priority.High, [Channel.InApp, Channel.Email]);
        var metadata = ImmutableDictionary<string, string>.Empty.Add("jobName", job.Name).Add("jobId", outcome.RunId.ToString())
            .Add("attempts", attempts.ToString(CultureInfo.InvariantCulture));
        var text = $"The {job} job of {hotel?.Name ?? hotelId} failed on all {attempts} attempts; the last with: {outcome.Error}. It runs again at its next scheduled time, or trigger it by hand.";
        return (hotel?.ActiveIn(Roles.HotelAdmin) ?? []).Select(admin => notice.To(hotelId, RecipientKind.User, admin.UserId, text, now, metadata));
    }
}
