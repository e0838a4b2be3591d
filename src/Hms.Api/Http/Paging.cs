using Hms.Common;

namespace Hms.Api.Http;

/// <summary>A page of a list as the API returns it: <c>{ data, total, limit, offset }</c>.</summary>
public sealed record PageResponse<T>(IReadOnlyList<T> Data, int Total, int Limit, int Offset);

public static class PageResponse
{
    public static PageResponse<TOut> From<TIn, TOut>(Page<TIn> page, Func<TIn, TOut> map) =>
        new([.. page.Items.Select(map)], page.Total, page.Limit, page.Offset);
}

public static class PagedList
{
    /// <summary>A short list one grain holds whole (a day's slots, the staff, …), answered a page at a time like every other list.</summary>
    public static PageResponse<TOut> Of<TIn, TOut>(IReadOnlyCollection<TIn> all, Paging paging, Func<TIn, TOut> map) =>
        new([.. all.Skip(paging.Offset).Take(paging.Limit).Select(map)], all.Count, paging.Limit, paging.Offset);

    /// <summary>The paging of the request (limit 1–500, default 50; offset ≥ 0), or the problem that it is invalid.</summary>
    public static Paging Read(int? limit, int? offset)
    {
        var check = new RequestCheck();
        var paging = check.Paging(limit, offset);
        check.ThrowIfInvalid();
        return paging;
    }
}

public static class PagingCheck
{
    public static Paging Paging(this RequestCheck check, int? limit, int? offset) => new(
        check.Number("limit", limit, 1, Hms.Common.Paging.MaxLimit, Hms.Common.Paging.DefaultLimit),
        check.Number("offset", offset, 0, 1_000_000, 0));
}
