// Protobuf wire bytes written out by hand from field numbers: a second encoder, independent of Google.Protobuf,
// so a test can compare what the generated code writes with what the CRI field numbers say it must write.
using System.Text;

namespace Berth.Cri.Tests.Support;

static class Wire
{
    const int VarintType = 0, LengthDelimitedType = 2;

    public static byte[] Message(params byte[][] fields) => [.. fields.SelectMany(f => f)];

    public static byte[] Varint(int field, long value) => [.. Tag(field, VarintType), .. VarintBytes((ulong)value)];

    public static byte[] Bool(int field, bool value) => Varint(field, value ? 1 : 0);

    public static byte[] String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public static byte[] Bytes(int field, byte[] value) =>
        [.. Tag(field, LengthDelimitedType), .. VarintBytes((ulong)value.Length), .. value];

    /// <summary>A sub-message field: its fields, length-prefixed.</summary>
    public static byte[] Nested(int field, params byte[][] fields) => Bytes(field, Message(fields));

    /// <summary>One map entry: a nested message with the key as field 1 and the value as field 2.</summary>
    public static byte[] MapEntry(int field, string key, string value) => Nested(field, String(1, key), String(2, value));

    /// <summary>A proto3 repeated scalar: packed, all values in one length-prefixed run of varints.</summary>
    public static byte[] Packed(int field, params long[] values) =>
        Bytes(field, [.. values.SelectMany(v => VarintBytes((ulong)v))]);

    static byte[] Tag(int field, int wireType) => VarintBytes((ulong)((field << 3) | wireType));

    // Base 128, least significant group first, high bit set on every byte but the last. Negative int32 and int64
    // values are their 64-bit two's complement, so they always take ten bytes.
    static byte[] VarintBytes(ulong value)
    {
        var bytes = new List<byte>();
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }
        bytes.Add((byte)value);
        return [.. bytes];
    }
}
