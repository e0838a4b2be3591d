using Npgsql;
using NpgsqlTypes;

namespace Hms.Silo.ReadModel;

/// <summary>Small helpers for positional parameters ($1, $2, …) with PostgreSQL types spelled out.</summary>
public static class Sql
{
    public static NpgsqlBatchCommand Command(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }

    public static NpgsqlParameter P(object? value, NpgsqlDbType type) => new() { Value = value ?? DBNull.Value, NpgsqlDbType = type };

    public static NpgsqlParameter Text(string? value) => P(value, NpgsqlDbType.Text);

    public static NpgsqlParameter Uuid(Guid? value) => P(value, NpgsqlDbType.Uuid);

    public static NpgsqlParameter Int(int? value) => P(value, NpgsqlDbType.Integer);

    public static NpgsqlParameter Long(long? value) => P(value, NpgsqlDbType.Bigint);

    public static NpgsqlParameter Bool(bool value) => P(value, NpgsqlDbType.Boolean);

    public static NpgsqlParameter Double(double? value) => P(value, NpgsqlDbType.Double);

    public static NpgsqlParameter Decimal(decimal? value) => P(value, NpgsqlDbType.Numeric);

    public static NpgsqlParameter Date(DateOnly? value) => P(value, NpgsqlDbType.Date);

    public static NpgsqlParameter Time(TimeOnly? value) => P(value, NpgsqlDbType.Time);

    /// <summary>An instant as timestamptz (Npgsql writes UTC DateTimes only).</summary>
    public static NpgsqlParameter Instant(DateTimeOffset? value) => P(value?.UtcDateTime, NpgsqlDbType.TimestampTz);

    public static NpgsqlParameter TextArray(IEnumerable<string> values) => P(values.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);

    public static NpgsqlParameter Jsonb(string json) => P(json, NpgsqlDbType.Jsonb);

    /// <summary>A search term for LIKE, taken literally (its wildcards match themselves); null when blank.</summary>
    public static string? Like(string? term) =>
        string.IsNullOrWhiteSpace(term) ? null : term.Trim().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}
