// The generic REST verbs over any registered resource: get, list, create, update, patch, delete, and the
// status and scale subresources, with kube-apiserver's semantics for names, namespaces, resourceVersion and generation.
using System.Text.Json.Nodes;
using Berth.Api;
using Berth.ApiServer.Patch;
using Berth.ApiServer.Resources;
using Berth.ApiServer.Storage;
using Berth.ApiServer.Tables;
using Microsoft.AspNetCore.Http;

namespace Berth.ApiServer.Rest;

public sealed class ResourceHandler(ObjectStore objects, ResourceRegistry registry, WatchHandler watches)
{
    public async Task HandleAsync(HttpContext http, RequestTarget target, CancellationToken ct)
    {
        var (resource, ns, name, sub) = target;
        if (sub is not null && !resource.Subresources.Contains(sub)) throw ApiException.ResourceNotFound();
        var method = http.Request.Method;
        // dryRun=All: everything a write does (defaults, validation, conflicts) except storing it.
        var dryRun = http.Request.Query.ContainsKey("dryRun");
        if (name is null)
        {
            if (method == "GET" && IsWatch(http.Request)) { await watches.ServeAsync(http, resource, ns, ct); return; }
            if (method == "GET") { await ListAsync(http, resource, ns, ct); return; }
            if (method == "POST") { await CreateAsync(http, resource, ns, dryRun, ct); return; }
            if (method == "DELETE") { await DeleteCollectionAsync(http, resource, ns, dryRun, ct); return; }
            throw ApiException.MethodNotAllowed($"{method} is not supported on a collection of {resource.Resource}");
        }
        var result = (method, sub) switch
        {
            ("GET", "scale") => Scale.From(resource, (await objects.GetAsync(resource, ns, name, ct)).Object),
            ("GET", _) => (await objects.GetAsync(resource, ns, name, ct)).Object,
            ("PUT", _) => await UpdateAsync(resource, ns, name, sub, await HttpJson.ReadObjectAsync(http.Request, ct), dryRun, ct),
            ("PATCH", null) when IsApply(http.Request) => await ServerSideApplyAsync(http, resource, ns, name, dryRun, ct),
            ("PATCH", _) => await PatchAsync(http.Request, resource, ns, name, sub, dryRun, ct),
            ("DELETE", null) => await DeleteAsync(resource, ns, name, await DeleteOptions.ReadAsync(http.Request, ct), dryRun, ct),
            _ => throw ApiException.MethodNotAllowed($"{method} is not supported on {resource.Resource}{(sub is null ? "" : "/" + sub)}"),
        };
        if (method is "PUT" or "PATCH" && sub != "scale" && !dryRun) result = await FinishDeletionAsync(resource, ns, result, ct);
        await WriteObjectAsync(http, resource, sub, result, http.Response.StatusCode is 201 ? 201 : 200, ct);
    }

    static bool IsWatch(HttpRequest request) => request.Query["watch"] is var w && (w == "true" || w == "1");

    async Task ListAsync(HttpContext http, ApiResource resource, string? ns, CancellationToken ct)
    {
        var query = http.Request.Query;
        var filter = ObjectFilter.Parse(resource, query["labelSelector"], query["fieldSelector"]);
        var token = query["continue"] is { Count: > 0 } c && !string.IsNullOrEmpty(c) ? ContinueToken.Decode(c!) : null;
        var limit = long.TryParse(query["limit"], out var l) && l > 0 ? l : 0;
        var page = await objects.ListAsync(resource, ns, new ListOptions(limit, token?.Key, token?.Revision ?? 0), ct);
        var items = page.Items.Select(kv => ObjectStore.Decode(kv)).Where(filter.Matches).ToList();
        var next = page.Continue is null ? null : new ContinueToken(page.Continue, page.Revision).Encode();
        var rv = page.Revision.ToString();
        if (TableWriter.Wanted(http.Request.Headers.Accept))
        {
            await HttpJson.WriteAsync(http.Response, 200, TableWriter.Build(resource.Resource, items, rv, next, TableWriter.ParseInclude(query["includeObject"])), ct);
            return;
        }
        var metadata = new JsonObject { ["resourceVersion"] = rv };
        if (next is not null) metadata["continue"] = next;
        await HttpJson.WriteAsync(http.Response, 200, new JsonObject
        {
            ["kind"] = resource.ListKind, ["apiVersion"] = resource.GroupVersion, ["metadata"] = metadata,
            ["items"] = new JsonArray(items.Select(i => (JsonNode)i).ToArray()),
        }, ct);
    }

    async Task CreateAsync(HttpContext http, ApiResource resource, string? ns, bool dryRun, CancellationToken ct)
    {
        var created = await CreateObjectAsync(resource, ns, await HttpJson.ReadObjectAsync(http.Request, ct), dryRun, ct);
        await WriteObjectAsync(http, resource, null, created, 201, ct);
    }

    async Task<JsonObject> CreateObjectAsync(ApiResource resource, string? ns, JsonObject obj, bool dryRun, CancellationToken ct)
    {
        CheckKind(resource, obj);
        var meta = obj.Metadata();
        if (resource.Namespaced)
        {
            if (obj.Namespace() is { Length: > 0 } bodyNs && bodyNs != ns)
                throw ApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
            meta["namespace"] = ns;
            if (await objects.Store.GetAsync(registry.Namespaces.Key(null, ns!), ct) is null) throw ApiException.NotFound("namespaces", ns!);
        }
        if (string.IsNullOrEmpty(obj.Name()) && meta.Str("generateName") is { Length: > 0 } prefix)
            meta["name"] = prefix + RandomSuffix();
        Validation.Check(resource, obj);
        meta["uid"] = Guid.NewGuid().ToString();
        meta["creationTimestamp"] = KubeObject.FormatTime(DateTimeOffset.UtcNow);
        meta["generation"] = 1;
        meta.Remove("resourceVersion");
        Defaults.Apply(resource, obj);
        if (resource.Kind == "Service" && !dryRun) await ClusterIpAllocator.AssignAsync(objects.Store, resource, obj, ct);
        return await objects.CreateAsync(resource, ns, obj, dryRun, ct);
    }

    async Task<JsonObject> UpdateAsync(ApiResource resource, string? ns, string name, string? sub, JsonObject body, bool dryRun, CancellationToken ct)
    {
        if (sub == "scale") return await UpdateScaleAsync(resource, ns, name, _ => body, dryRun, ct);
        var (current, modRevision) = await objects.GetAsync(resource, ns, name, ct);
        var expected = body.ResourceVersion() is { Length: > 0 } rv
            ? long.TryParse(rv, out var r) ? r : throw ApiException.BadRequest($"invalid resourceVersion \"{rv}\"")
            : modRevision;
        if (body.Name() != name) throw ApiException.BadRequest($"the name of the object ({body.Name()}) does not match the name on the URL ({name})");
        CheckKind(resource, body);
        return await objects.UpdateAsync(resource, ns, Merge(resource, sub, current, body), expected, dryRun, ct);
    }

    // What an update may change: the status subresource only status, the main resource everything but status
    // (for resources that have one), and never uid, creationTimestamp or namespace; generation follows spec.
    static JsonObject Merge(ApiResource resource, string? sub, JsonObject current, JsonObject body)
    {
        JsonObject next;
        if (sub == "status")
        {
            next = current.DeepClone().AsObject();
            next["status"] = body["status"]?.DeepClone();
            return next;
        }
        next = body.DeepClone().AsObject();
        if (resource.HasStatus) next["status"] = current["status"]?.DeepClone();
        var meta = next.Metadata();
        foreach (var field in new[] { "uid", "creationTimestamp", "namespace", "deletionTimestamp", "deletionGracePeriodSeconds" })
            if (current["metadata"]?[field] is { } value) meta[field] = value.DeepClone();
            else meta.Remove(field);
        var generation = current.Long("metadata", "generation") ?? 1;
        meta["generation"] = JsonNode.DeepEquals(current["spec"], next["spec"]) ? generation : generation + 1;
        Validation.Check(resource, next);
        return next;
    }

    async Task<JsonObject> PatchAsync(HttpRequest request, ApiResource resource, string? ns, string name, string? sub, bool dryRun, CancellationToken ct)
    {
        var contentType = request.ContentType ?? "";
        Func<JsonObject, JsonNode, JsonObject> apply = contentType.Split(';')[0].Trim() switch
        {
            "application/merge-patch+json" => (target, patch) => JsonMergePatch.Apply(target, patch) as JsonObject ?? throw ApiException.BadRequest("a merge patch must be a JSON object"),
            "application/strategic-merge-patch+json" => (target, patch) => StrategicMergePatch.Apply(target, patch as JsonObject ?? throw ApiException.BadRequest("a strategic merge patch must be a JSON object")),
            "application/json-patch+json" => (target, patch) =>
            {
                try { return JsonPatch.Apply(target, patch as JsonArray ?? throw ApiException.BadRequest("a JSON patch must be an array of operations")); }
                catch (JsonPatchException e) { throw new ApiException(422, "Invalid", $"the JSON patch could not be applied: {e.Message}"); }
            },
            _ => throw ApiException.UnsupportedMediaType(contentType),
        };
        var patch = await HttpJson.ReadBodyAsync(request, ct);
        if (sub == "scale") return await UpdateScaleAsync(resource, ns, name, scale => apply(scale, patch), dryRun, ct);
        // Without a resourceVersion in the patch there is no precondition: retry on a concurrent write.
        for (var attempt = 0; ; attempt++)
        {
            var (current, modRevision) = await objects.GetAsync(resource, ns, name, ct);
            var patched = apply(current, patch);
            var precondition = patch switch
            {
                JsonObject o => o["metadata"]?["resourceVersion"] is not null,
                JsonArray ops => ops.Any(op => op.Str("path") == "/metadata/resourceVersion"),
                _ => false,
            };
            if (precondition && patched.ResourceVersion() != modRevision.ToString()) throw ApiException.Conflict(resource.Resource, name);
            patched.Metadata()["name"] = name;
            try { return await objects.UpdateAsync(resource, ns, Merge(resource, sub, current, patched), modRevision, dryRun, ct); }
            catch (ApiException e) when (e.Reason == "Conflict" && !precondition && attempt < 5) { }
        }
    }

    // deletecollection: every object matching the selectors, each deleted as a single DELETE would; the reply lists them.
    async Task DeleteCollectionAsync(HttpContext http, ApiResource resource, string? ns, bool dryRun, CancellationToken ct)
    {
        var query = http.Request.Query;
        var filter = ObjectFilter.Parse(resource, query["labelSelector"], query["fieldSelector"]);
        var options = await DeleteOptions.ReadAsync(http.Request, ct);
        var page = await objects.ListAsync(resource, ns, ListOptions.All, ct);
        var deleted = new JsonArray();
        foreach (var obj in page.Items.Select(kv => ObjectStore.Decode(kv)).Where(filter.Matches))
        {
            try { deleted.Add(await DeleteAsync(resource, obj.Namespace(), obj.Name()!, options with { PreconditionUid = null, PreconditionResourceVersion = null }, dryRun, ct)); }
            catch (ApiException e) when (e.Reason == "NotFound") { }
        }
        await HttpJson.WriteAsync(http.Response, 200, new JsonObject
        {
            ["kind"] = resource.ListKind, ["apiVersion"] = resource.GroupVersion,
            ["metadata"] = new JsonObject { ["resourceVersion"] = page.Revision.ToString() }, ["items"] = deleted,
        }, ct);
    }

    // The write that removes an object's last finalizer after deletion was requested completes the deletion.
    async Task<JsonObject> FinishDeletionAsync(ApiResource resource, string? ns, JsonObject written, CancellationToken ct)
    {
        if (written.Str("metadata", "deletionTimestamp") is null || written["metadata"]?["finalizers"] is JsonArray { Count: > 0 }) return written;
        if ((written.Long("metadata", "deletionGracePeriodSeconds") ?? 0) > 0) return written;
        try { return await objects.DeleteAsync(resource, ns, written.Name()!, long.Parse(written.ResourceVersion()!), ct); }
        catch (ApiException e) when (e.Reason is "NotFound" or "Conflict") { return written; }
    }

    static bool IsApply(HttpRequest request) => request.ContentType?.Split(';')[0].Trim() == "application/apply-patch+yaml";

    // Server-side apply, approximated: create when absent, else merge the applied configuration like a strategic
    // merge patch, and record the manager in managedFields. Field ownership and conflicts are not tracked yet.
    async Task<JsonObject> ServerSideApplyAsync(HttpContext http, ApiResource resource, string? ns, string name, bool dryRun, CancellationToken ct)
    {
        var manager = http.Request.Query["fieldManager"].ToString();
        if (manager.Length == 0) throw ApiException.BadRequest("PATCH requests with apply-patch+yaml content type require fieldManager");
        var applied = await HttpJson.ReadBodyAsync(http.Request, ct) as JsonObject ?? throw ApiException.BadRequest("an applied configuration must be an object");
        var entry = new JsonObject
        {
            ["manager"] = manager, ["operation"] = "Apply", ["apiVersion"] = resource.GroupVersion,
            ["time"] = KubeObject.FormatTime(DateTimeOffset.UtcNow), ["fieldsType"] = "FieldsV1", ["fieldsV1"] = new JsonObject(),
        };
        for (var attempt = 0; ; attempt++)
        {
            var existing = await objects.Store.GetAsync(resource.Key(ns, name), ct);
            if (existing is null)
            {
                var obj = applied.DeepClone().AsObject();
                obj.Metadata()["name"] = name;
                obj.Metadata()["managedFields"] = new JsonArray(entry);
                try
                {
                    var created = await CreateObjectAsync(resource, ns, obj, dryRun, ct);
                    http.Response.StatusCode = 201;
                    return created;
                }
                catch (ApiException e) when (e.Reason == "AlreadyExists" && attempt < 5) { continue; }
            }
            var current = ObjectStore.Decode(existing);
            var merged = StrategicMergePatch.Apply(current, applied);
            merged.Metadata()["name"] = name;
            var managed = (current["metadata"]?["managedFields"] as JsonArray ?? []).Where(m => m.Str("manager") != manager).Select(m => m?.DeepClone()).ToList();
            managed.Add(entry);
            merged.Metadata()["managedFields"] = new JsonArray(managed.ToArray());
            try { return await objects.UpdateAsync(resource, ns, Merge(resource, null, current, merged), existing.ModRevision, dryRun, ct); }
            catch (ApiException e) when (e.Reason == "Conflict" && attempt < 5) { }
        }
    }

    async Task<JsonObject> UpdateScaleAsync(ApiResource resource, string? ns, string name, Func<JsonObject, JsonObject> change, bool dryRun, CancellationToken ct)
    {
        var (current, modRevision) = await objects.GetAsync(resource, ns, name, ct);
        var scale = change(Scale.From(resource, current));
        if (scale.Long("spec", "replicas") is not { } replicas || replicas < 0)
            throw ApiException.Invalid("Scale", name, [new StatusCause("spec.replicas", "Invalid value: must be greater than or equal to 0", "FieldValueInvalid")]);
        var next = current.DeepClone().AsObject();
        next["spec"]!["replicas"] = replicas;
        next.Metadata()["generation"] = (current.Long("metadata", "generation") ?? 1) + (replicas == current.Long("spec", "replicas") ? 0 : 1);
        return Scale.From(resource, await objects.UpdateAsync(resource, ns, next, modRevision, dryRun, ct));
    }

    // An object with finalizers, or a pod on a node (whose kubelet must stop it first), is only marked with a
    // deletionTimestamp; it goes once the finalizers are gone and, for a pod, its kubelet deletes it with grace 0.
    // Deleting a namespace deletes what is in it first, so nothing is left behind under a name that may be reused.
    async Task<JsonObject> DeleteAsync(ApiResource resource, string? ns, string name, DeleteOptions options, bool dryRun, CancellationToken ct)
    {
        var (current, modRevision) = await objects.GetAsync(resource, ns, name, ct);
        options.Check(resource.Resource, current);
        if (dryRun) return current;
        var grace = resource.Kind == "Pod" && current.Str("spec", "nodeName") is { Length: > 0 }
            ? options.GracePeriodSeconds ?? current.Long("spec", "terminationGracePeriodSeconds") ?? 30
            : 0;
        var finalizers = current["metadata"]?["finalizers"] is JsonArray { Count: > 0 };
        if (grace > 0 || finalizers)
        {
            var marked = current.DeepClone().AsObject();
            var meta = marked.Metadata();
            var previousGrace = current.Long("metadata", "deletionGracePeriodSeconds");
            if (meta["deletionTimestamp"] is null || (previousGrace is { } p && grace < p))
            {
                meta["deletionTimestamp"] = KubeObject.FormatTime(DateTimeOffset.UtcNow.AddSeconds(grace));
                meta["deletionGracePeriodSeconds"] = grace;
                return await objects.UpdateAsync(resource, ns, marked, modRevision, dryRun: false, ct);
            }
            return current;
        }
        if (resource == registry.Namespaces)
            foreach (var contained in registry.Resources.Where(r => r.Namespaced))
                foreach (var kv in (await objects.ListAsync(contained, name, ListOptions.All, ct)).Items)
                {
                    try { await objects.Store.DeleteAsync(kv.Key, kv.ModRevision, ct); }
                    catch (KeyMissingException) { }
                }
        return await objects.DeleteAsync(resource, ns, name, modRevision, ct);
    }

    static async Task WriteObjectAsync(HttpContext http, ApiResource resource, string? sub, JsonObject obj, int code, CancellationToken ct)
    {
        if (sub is null && TableWriter.Wanted(http.Request.Headers.Accept))
            obj = TableWriter.Build(resource.Resource, [obj], obj.ResourceVersion() ?? "", null, TableWriter.ParseInclude(http.Request.Query["includeObject"]));
        await HttpJson.WriteAsync(http.Response, code, obj, ct);
    }

    static void CheckKind(ApiResource resource, JsonObject obj)
    {
        if (obj.Str("kind") is { } kind && kind != resource.Kind)
            throw ApiException.BadRequest($"the kind of the object ({kind}) does not match the resource {resource.Resource} ({resource.Kind})");
        obj["kind"] = resource.Kind;
        obj["apiVersion"] = resource.GroupVersion;
    }

    static string RandomSuffix()
    {
        const string alphabet = "bcdfghjklmnpqrstvwxz2456789";
        return string.Concat(Enumerable.Range(0, 5).Select(_ => alphabet[Random.Shared.Next(alphabet.Length)]));
    }
}
