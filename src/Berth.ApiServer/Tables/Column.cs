// One column of a server-side Table (meta.k8s.io/v1 TableColumnDefinition) and how its cell is computed;
// priority 1 columns show only with `-o wide`.
using System.Text.Json.Nodes;

namespace Berth.ApiServer.Tables;

public sealed record Column(string Name, string Type, Func<JsonObject, DateTimeOffset, JsonNode?> Cell, int Priority = 0, string Format = "")
{
    public JsonObject Definition() => new()
    {
        ["name"] = Name, ["type"] = Type, ["format"] = Format, ["description"] = Name, ["priority"] = Priority,
    };
}
