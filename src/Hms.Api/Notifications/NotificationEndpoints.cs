using System.Security.Claims;
using Hms.Api.Auth;
using Hms.Api.Http;
using Hms.Notifications;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hms.Api.Notifications;

/// <summary>The caller's notifications: in-app reading, and how delivery on the other channels stands.</summary>
public static class NotificationEndpoints
{
    public sealed record DeliveryResponse(string Channel, string Status, int Attempts, DateTimeOffset? SentAt, string? LastError,
        DateTimeOffset? NextAttemptAt);

    public sealed record NotificationResponse(Guid Id, string Type, string Title, string Message, string Priority,
        IReadOnlyList<string> Channels, IReadOnlyDictionary<string, string> Metadata, DateTimeOffset CreatedAt, string DeliveryStatus,
        IReadOnlyList<DeliveryResponse> Deliveries, DateTimeOffset? DeliveredAt, DateTimeOffset? ReadAt, bool IsRead)
    {
        public static NotificationResponse From(NotificationView v) => new(v.Message.Id, v.Message.Type, v.Message.Title,
            v.Message.Message, v.Message.Priority.Name, [.. v.Message.Channels.Select(c => c.Name)], v.Message.Metadata, v.Message.CreatedAt,
            v.Status.Name,
            [.. v.Deliveries.Select(d => new DeliveryResponse(d.Channel.Name, d.Status.Name, d.Attempts, d.SentAt, d.LastError, d.NextAttemptAt))],
            v.DeliveredAt, v.ReadAt, v.ReadAt is not null);
    }

    public sealed record ListQuery(bool? Unread, int? Limit, int? Offset);

    public static RouteGroupBuilder MapNotificationEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/notifications").WithTags("Notifications").RequireAuthorization();
        group.MapGet("/", Mine).WithName("ListMyNotifications").WithSummary("The caller's notifications, newest first");
        group.MapGet("/{id:guid}", Get).WithName("GetNotification").WithSummary("One notification with its delivery per channel");
        group.MapPatch("/{id:guid}/read", MarkRead).WithName("MarkNotificationRead").WithSummary("Mark one of the caller's notifications read");
        return group;
    }

    public static async Task<Ok<PageResponse<NotificationResponse>>> Mine([AsParameters] ListQuery query, ClaimsPrincipal user, IClusterClient cluster)
    {
        var check = new RequestCheck();
        var paging = check.Paging(query.Limit, query.Offset);
        check.ThrowIfInvalid();
        var page = await cluster.GetGrain<INotificationQueryGrain>(0).Mine(query.Unread ?? false, paging, user.ToCaller());
        return TypedResults.Ok(PageResponse.From(page, NotificationResponse.From));
    }

    public static async Task<Ok<NotificationResponse>> Get(Guid id, ClaimsPrincipal user, IClusterClient cluster) =>
        TypedResults.Ok(NotificationResponse.From(await cluster.GetGrain<INotificationGrain>(id).Get(user.ToCaller())));

    public static async Task<Ok<NotificationResponse>> MarkRead(Guid id, ClaimsPrincipal user, IClusterClient cluster) =>
        TypedResults.Ok(NotificationResponse.From(await cluster.GetGrain<INotificationGrain>(id).MarkRead(user.ToCaller())));
}
