// Protobuf bodies as kubectl 1.32 sends them (gogo writes empty strings, zero generation and an empty
// creationTimestamp): decoded to the JSON the server would have received from older kubectls.
using System.Text;
using Berth.Api;
using Berth.ApiServer.Protobuf;

namespace Berth.ApiServer.Tests.Protobuf;

public class ProtobufDecoderTests
{
    static byte[] Field(int number, byte[] payload) => [(byte)(number << 3 | 2), (byte)payload.Length, .. payload];
    static byte[] Str(int number, string value) => Field(number, Encoding.UTF8.GetBytes(value));
    static byte[] Varint(int number, byte value) => [(byte)(number << 3), value];

    static byte[] Envelope(string apiVersion, string kind, byte[] raw) =>
        [0x6B, 0x38, 0x73, 0x00, .. Field(1, [.. Str(1, apiVersion), .. Str(2, kind)]), .. Field(2, raw)];

    [Fact]
    public void Namespace_with_gogo_zero_values_decodes_like_its_json()
    {
        byte[] meta = [.. Str(1, "ns1"), .. Str(2, ""), .. Varint(7, 0), .. Field(8, []), .. Field(11, [.. Str(1, "team"), .. Str(2, "a")])];
        var obj = ProtobufDecoder.Decode(Envelope("v1", "Namespace", [.. Field(1, meta), .. Field(2, []), .. Field(3, [])]));
        Assert.Equal(("v1", "Namespace", "ns1"), (obj.Str("apiVersion"), obj.Str("kind"), obj.Name()));
        Assert.Equal("a", obj.Labels()["team"]);
        Assert.Equal("""{"name":"ns1","labels":{"team":"a"}}""", obj["metadata"]!.ToJsonString());
    }

    [Fact]
    public void Deployment_keeps_zero_replicas_because_the_field_is_a_pointer()
    {
        byte[] container = [.. Str(1, "web"), .. Str(2, "nginx:1.25"), .. Field(8, [])];
        byte[] spec = [.. Varint(1, 0), .. Field(3, Field(2, Field(2, container)))];
        var obj = ProtobufDecoder.Decode(Envelope("apps/v1", "Deployment", [.. Field(1, Str(1, "web")), .. Field(2, spec)]));
        Assert.Equal(0, obj.Long("spec", "replicas"));
        Assert.Equal("nginx:1.25", obj["spec"]!["template"]!["spec"]!["containers"]![0].Str("image"));
    }

    [Fact]
    public void Kind_without_a_schema_is_refused_with_a_message_naming_it() =>
        Assert.Contains("CronJob", Assert.Throws<FormatException>(() => ProtobufDecoder.Decode(Envelope("batch/v1", "CronJob", []))).Message);

    [Fact]
    public void Body_without_the_magic_is_refused() =>
        Assert.Throws<FormatException>(() => ProtobufDecoder.Decode("{}"u8));
}
