// A list's or watch's labelSelector and fieldSelector together, checked against each object; unsupported
// fields and malformed selectors are 400 BadRequest before anything is read.
using System.Text.Json.Nodes;
using Berth.Api;
using Berth.ApiServer.Resources;

namespace Berth.ApiServer.Rest;

public sealed record ObjectFilter(LabelSelector Labels, FieldSelector Fields)
{
    public static ObjectFilter Parse(ApiResource resource, string? labelSelector, string? fieldSelector)
    {
        try
        {
            var fields = FieldSelector.Parse(fieldSelector);
            foreach (var r in fields.Requirements)
                if (!FieldValues.Supports(resource, r.Field))
                    throw ApiException.BadRequest($"field label not supported: {r.Field}");
            return new ObjectFilter(LabelSelector.Parse(labelSelector), fields);
        }
        catch (SelectorException e) { throw ApiException.BadRequest(e.Message); }
    }

    public bool Matches(JsonObject obj) => Labels.Matches(obj.Labels()) && Fields.Matches(f => FieldValues.Get(obj, f));
}
