using System.Security.Claims;
using Hms.Api.Auth;
using Hms.Api.Http;
using Hms.Common;
using Hms.Notifications;
using Microsoft.AspNetCore.Http.HttpResults;
using static Hms.Api.Notifications.NotificationEndpoints;

namespace Hms.Api.Operations;

/// <summary>The tenant's notifications whose delivery was given up, for its admins to see and retry.</summary>
public static class NotificationRetryEndpoints
{
    public static readonly string[] Admins = [Roles.HospitalAdmin, Roles.HotelAdmin];

    public sealed record FailedQuery(int? Limit, int? Offset);

    public static void MapNotificationRetryEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/notifications").WithTags("Notifications").RequireRoles(Admins);
        group.MapGet("/failed", Failed).WithName("ListFailedNotifications").WithSummary("The tenant's FAILED notifications, newest first (admins)");
        group.MapPost("/{id:guid}/retry", Retry).WithName("RetryNotification")
            .WithSummary("One fresh attempt now on a FAILED notification's given-up channels (409 notification_not_failed otherwise)");
    }

    public static async Task<Ok<PageResponse<NotificationResponse>>> Failed([AsParameters] FailedQuery query, ClaimsPrincipal user, IClusterClient cluster)
    {
        var check = new RequestCheck();
        var paging = check.Paging(query.Limit, query.Offset);
        check.ThrowIfInvalid();
        return TypedResults.Ok(PageResponse.From(await cluster.GetGrain<INotificationQueryGrain>(0).Failed(paging, user.ToCaller()), NotificationResponse.From));
    }

    public static async Task<Ok<NotificationResponse>> Retry(Guid id, ClaimsPrincipal user, IClusterClient cluster) =>
        TypedResults.Ok(NotificationResponse.From(await cluster.GetGrain<INotificationGrain>(id).Retry(user.ToCaller())));
}
