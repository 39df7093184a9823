// Kubernetes objects over the key-value store: JSON in, JSON out, with metadata.resourceVersion taken from the
// key's modRevision (never stored), and storage errors mapped to Status (NotFound, AlreadyExists, Conflict, Expired).
using System.Text.Json.Nodes;
using Berth.Api;
using Berth.ApiServer.Resources;
using Berth.ApiServer.Storage;

namespace Berth.ApiServer.Rest;

public sealed class ObjectStore(IKeyValueStore store)
{
    public IKeyValueStore Store => store;

    public static JsonObject Decode(KeyValue kv, long? revision = null)
    {
        var obj = JsonNode.Parse(kv.Value)!.AsObject();
        obj.Metadata()["resourceVersion"] = (revision ?? kv.ModRevision).ToString();
        return obj;
    }

    static byte[] Encode(JsonObject obj)
    {
        var copy = obj.DeepClone().AsObject();
        copy.Metadata().Remove("resourceVersion");
        return System.Text.Encoding.UTF8.GetBytes(copy.ToJsonString());
    }

    public async Task<(JsonObject Object, long ModRevision)> GetAsync(ApiResource resource, string? ns, string name, CancellationToken ct)
    {
        var kv = await store.GetAsync(resource.Key(ns, name), ct) ?? throw ApiException.NotFound(resource.Resource, name);
        return (Decode(kv), kv.ModRevision);
    }

    public async Task<JsonObject> CreateAsync(ApiResource resource, string? ns, JsonObject obj, bool dryRun, CancellationToken ct)
    {
        var name = obj.Name()!;
        if (dryRun)
            return await store.GetAsync(resource.Key(ns, name), ct) is null ? obj : throw ApiException.AlreadyExists(resource.Resource, name);
        try { return Decode(await store.CreateAsync(resource.Key(ns, name), Encode(obj), ct)); }
        catch (KeyExistsException) { throw ApiException.AlreadyExists(resource.Resource, name); }
    }

    public async Task<JsonObject> UpdateAsync(ApiResource resource, string? ns, JsonObject obj, long expectedModRevision, bool dryRun, CancellationToken ct)
    {
        var name = obj.Name()!;
        if (dryRun)
        {
            var current = await store.GetAsync(resource.Key(ns, name), ct) ?? throw ApiException.NotFound(resource.Resource, name);
            if (current.ModRevision != expectedModRevision) throw ApiException.Conflict(resource.Resource, name);
            obj.Metadata()["resourceVersion"] = current.ModRevision.ToString();
            return obj;
        }
        try { return Decode(await store.UpdateAsync(resource.Key(ns, name), Encode(obj), expectedModRevision, ct)); }
        catch (KeyMissingException) { throw ApiException.NotFound(resource.Resource, name); }
        catch (RevisionConflictException) { throw ApiException.Conflict(resource.Resource, name); }
    }

    public async Task<JsonObject> DeleteAsync(ApiResource resource, string? ns, string name, long expectedModRevision, CancellationToken ct)
    {
        try
        {
            var result = await store.DeleteAsync(resource.Key(ns, name), expectedModRevision, ct);
            return Decode(result.PrevKv, result.Revision);
        }
        catch (KeyMissingException) { throw ApiException.NotFound(resource.Resource, name); }
        catch (RevisionConflictException) { throw ApiException.Conflict(resource.Resource, name); }
    }

    public async Task<ListResult> ListAsync(ApiResource resource, string? ns, ListOptions options, CancellationToken ct)
    {
        try { return await store.ListAsync(resource.Prefix(ns), options, ct); }
        catch (CompactedException e) { throw ApiException.Expired($"too old resource version: {e.RequestedRevision} ({e.CompactedRevision})"); }
    }
}
