// Decodes `application/vnd.kubernetes.protobuf` request bodies (kubectl 1.32's typed create commands) into the
// JSON object the rest of the server handles: the "k8s\0" envelope (runtime.Unknown), then the object by schema,
// mapping Go's always-written zero values back to omitted JSON fields the way `omitempty` would.
using System.Text;
using System.Text.Json.Nodes;
using Berth.Api;

namespace Berth.ApiServer.Protobuf;

public static class ProtobufDecoder
{
    static readonly byte[] Magic = [0x6B, 0x38, 0x73, 0x00];

    /// <exception cref="FormatException">the body is not a Kubernetes protobuf envelope or the kind has no schema here.</exception>
    public static JsonObject Decode(ReadOnlySpan<byte> body)
    {
        if (!body.StartsWith(Magic)) throw new FormatException("the body does not start with the Kubernetes protobuf magic \"k8s\\0\"");
        var reader = new ProtoReader(body[Magic.Length..]);
        string? apiVersion = null, kind = null;
        ReadOnlySpan<byte> raw = default;
        while (!reader.End)
        {
            var (field, wire) = reader.ReadTag();
            if (field == 1 && wire == 2)
            {
                var typeMeta = new ProtoReader(reader.ReadBytes());
                while (!typeMeta.End)
                {
                    var (f, w) = typeMeta.ReadTag();
                    if (f == 1 && w == 2) apiVersion = Encoding.UTF8.GetString(typeMeta.ReadBytes());
                    else if (f == 2 && w == 2) kind = Encoding.UTF8.GetString(typeMeta.ReadBytes());
                    else typeMeta.Skip(w);
                }
            }
            else if (field == 2 && wire == 2) raw = reader.ReadBytes();
            else reader.Skip(wire);
        }
        if (kind is null || ProtoSchema.Fields(kind) is null)
            throw new FormatException($"protobuf bodies of kind \"{kind}\" are not supported yet: send JSON (kubectl create -f, or kubectl 1.31 and older)");
        var obj = Message(raw, kind);
        obj["apiVersion"] = apiVersion;
        obj["kind"] = kind;
        return obj;
    }

    static JsonObject Message(ReadOnlySpan<byte> data, string type)
    {
        var fields = ProtoSchema.Fields(type) ?? throw new FormatException($"no protobuf schema for {type}");
        var obj = new JsonObject();
        var reader = new ProtoReader(data);
        while (!reader.End)
        {
            var (number, wire) = reader.ReadTag();
            // Fields Berth has no schema for are dropped; the objects kubectl's generators build use none of them.
            if (!fields.TryGetValue(number, out var field)) { reader.Skip(wire); continue; }
            if (field.Type.StartsWith("map:"))
            {
                var map = obj[field.Name] as JsonObject ?? (JsonObject)(obj[field.Name] = new JsonObject());
                var (key, value) = MapEntry(reader.ReadBytes(), field.Type[4..]);
                map[key] = value;
                continue;
            }
            var decoded = Value(ref reader, wire, field.Type);
            if (field.Repeated)
                (obj[field.Name] as JsonArray ?? (JsonArray)(obj[field.Name] = new JsonArray())).Add(decoded);
            else if (decoded is not null) obj[field.Name] = decoded;
        }
        return obj;
    }

    static JsonNode? Value(ref ProtoReader reader, int wire, string type) => type switch
    {
        "s" => Empty(Encoding.UTF8.GetString(reader.ReadBytes())),
        "i" => reader.ReadVarint() is var n && n == 0 ? null : (JsonNode)(long)n,
        "ip" => (JsonNode)(long)reader.ReadVarint(),
        "b" => reader.ReadVarint() != 0 ? (JsonNode)true : null,
        "y" => Convert.ToBase64String(reader.ReadBytes()),
        "t" => Time(reader.ReadBytes()),
        "q" => Quantity(reader.ReadBytes()),
        "ios" => IntOrString(reader.ReadBytes()),
        _ when type.StartsWith("m:") => Message(reader.ReadBytes(), type[2..]),
        _ => throw new FormatException($"unknown schema type {type} (wire type {wire})"),
    };

    static JsonNode? Empty(string s) => s.Length == 0 ? null : s;

    static (string Key, JsonNode? Value) MapEntry(ReadOnlySpan<byte> data, string valueType)
    {
        var reader = new ProtoReader(data);
        string key = "";
        JsonNode? value = valueType == "s" ? "" : null;
        while (!reader.End)
        {
            var (f, w) = reader.ReadTag();
            if (f == 1) key = Encoding.UTF8.GetString(reader.ReadBytes());
            else if (f == 2) value = valueType == "s" ? Encoding.UTF8.GetString(reader.ReadBytes()) : Value(ref reader, w, valueType);
            else reader.Skip(w);
        }
        return (key, value);
    }

    static JsonNode? Time(ReadOnlySpan<byte> data)
    {
        var reader = new ProtoReader(data);
        long seconds = 0;
        while (!reader.End)
        {
            var (f, w) = reader.ReadTag();
            if (f == 1) seconds = (long)reader.ReadVarint();
            else reader.Skip(w);
        }
        return seconds == 0 ? null : KubeObject.FormatTime(DateTimeOffset.FromUnixTimeSeconds(seconds));
    }

    static JsonNode? Quantity(ReadOnlySpan<byte> data)
    {
        var reader = new ProtoReader(data);
        string value = "";
        while (!reader.End)
        {
            var (f, w) = reader.ReadTag();
            if (f == 1) value = Encoding.UTF8.GetString(reader.ReadBytes());
            else reader.Skip(w);
        }
        return value;
    }

    static JsonNode? IntOrString(ReadOnlySpan<byte> data)
    {
        var reader = new ProtoReader(data);
        long type = 0, intVal = 0;
        string strVal = "";
        while (!reader.End)
        {
            var (f, w) = reader.ReadTag();
            switch (f)
            {
                case 1: type = (long)reader.ReadVarint(); break;
                case 2: intVal = (long)reader.ReadVarint(); break;
                case 3: strVal = Encoding.UTF8.GetString(reader.ReadBytes()); break;
                default: reader.Skip(w); break;
            }
        }
        return type == 1 ? strVal : (JsonNode)(int)intVal;
    }
}
