// The opaque `continue` of a paged list: the key the next page starts at and the revision of the first page,
// so every page reads the same snapshot (as kube-apiserver's continue tokens do).
using System.Text;
using System.Text.Json;

namespace Berth.ApiServer.Rest;

public sealed record ContinueToken(string Key, long Revision)
{
    public string Encode() => Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new[] { Key, Revision.ToString() })));

    public static ContinueToken Decode(string token)
    {
        try
        {
            var parts = JsonSerializer.Deserialize<string[]>(Encoding.UTF8.GetString(Convert.FromBase64String(token)))!;
            return new ContinueToken(parts[0], long.Parse(parts[1]));
        }
        catch (Exception e) when (e is FormatException or JsonException or IndexOutOfRangeException or NullReferenceException)
        {
            throw ApiException.BadRequest($"invalid continue token \"{token}\": list again without continue");
        }
    }
}
