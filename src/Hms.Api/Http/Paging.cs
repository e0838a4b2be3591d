using Hms.Common;

namespace Hms.Api.Http;

/// <summary>A page of a list as the API returns it: <c>{ data, total, limit, offset }</c>.</summary>
public sealed record PageResponse<T>(IReadOnlyList<T> Data, int Total, int Limit, int Offset);

public static class PageResponse
{
    public static PageResponse<TOut> From<TIn, TOut>(Page<TIn> page, Func<TIn, TOut> map) =>
        new([.. page.Items.Select(map)], page.Total, page.Limit, page.Offset);
}

public static class PagingCheck
{
    public static Paging Paging(this RequestCheck check, int? limit, int? offset) => new(
        check.Number("limit", limit, 1, Hms.Common.Paging.MaxLimit, Hms.Common.Paging.DefaultLimit),
        check.Number("offset", offset, 0, 1_000_000, 0));
}
