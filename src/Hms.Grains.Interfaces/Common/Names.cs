using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Serialization.Buffers;
using Orleans.Serialization.Codecs;
using Orleans.Serialization.WireProtocol;

namespace Hms.Common;

/// <summary>
/// A name out of a set the code fixes — a channel, a recipient kind, a job, a run's source, a status.
/// In code it is a type of its own, so a typo does not compile; everywhere it leaves the code (Orleans
/// messages and grain state, JSON, SQL) it is its plain string, so data written when these were
/// strings reads back unchanged.
/// </summary>
public interface IName<TSelf> where TSelf : struct, IName<TSelf>
{
    string Name { get; }

    /// <summary>The name read back from storage or the wire.</summary>
    static abstract TSelf Named(string name);
}

/// <summary>Writes a name exactly as Orleans writes a string field, and reads either back.</summary>
public abstract class NameCodec<T> : IFieldCodec<T> where T : struct, IName<T>
{
    public void WriteField<TBufferWriter>(ref Writer<TBufferWriter> writer, uint fieldIdDelta, Type? expectedType, T value)
        where TBufferWriter : IBufferWriter<byte>
    {
        if (expectedType != typeof(T))
        {
            // Written without its type, a name could not be told from a string: only declared names are.
            throw new NotSupportedException($"{typeof(T).Name} is written only where it is the declared type.");
        }
        // Always the string itself, never a back-reference to an equal string written earlier in the message:
        // Orleans reads any reference inside a Nullable<T> as null and fails on other ids, so a JobStatus? after a
        // JobStatus with the same name could not be read. The reference counter still moves, as the reader's does.
        ReferenceCodec.MarkValueField(writer.Session);
        writer.WriteFieldHeaderExpected(fieldIdDelta, WireType.LengthPrefixed);
        var bytes = Encoding.UTF8.GetByteCount(value.Name);
        writer.WriteVarUInt32((uint)bytes);
        StringCodec.WriteRaw(ref writer, value.Name, bytes);
    }

    public T ReadValue<TInput>(ref Reader<TInput> reader, Field field) =>
        T.Named(StringCodec.ReadValue(ref reader, field) ?? throw new InvalidOperationException($"A {typeof(T).Name} was stored as null."));
}

/// <summary>A name in JSON: its string.</summary>
public sealed class NameJsonConverter<T> : JsonConverter<T> where T : struct, IName<T>
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        T.Named(reader.GetString() ?? throw new JsonException($"A {typeof(T).Name} is a string."));

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(value.Name);
}
