// Watches: a chunked stream of `{"type":...,"object":...}` lines. resourceVersion absent or "0" first replays the
// current objects as ADDED; "N" sends only changes after N; history lost to compaction ends the stream with a
// 410 Expired ERROR event. With `as=Table` each event carries a one-row Table, columns only in the first.
using System.Text.Json.Nodes;
using Berth.Api;
using Berth.ApiServer.Resources;
using Berth.ApiServer.Storage;
using Berth.ApiServer.Tables;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Berth.ApiServer.Rest;

public sealed class WatchHandler(ObjectStore objects, ILogger<WatchHandler> logger)
{
    public async Task ServeAsync(HttpContext http, ApiResource resource, string? ns, CancellationToken ct)
    {
        var query = http.Request.Query;
        var filter = ObjectFilter.Parse(resource, query["labelSelector"], query["fieldSelector"]);
        var rvText = query["resourceVersion"].ToString();
        long from = 0;
        if (rvText.Length > 0 && !long.TryParse(rvText, out from)) throw ApiException.BadRequest($"invalid resourceVersion \"{rvText}\"");
        var table = TableWriter.Wanted(http.Request.Headers.Accept);
        var include = TableWriter.ParseInclude(query["includeObject"]);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (long.TryParse(query["timeoutSeconds"], out var seconds) && seconds > 0) timeout.CancelAfter(TimeSpan.FromSeconds(seconds));

        http.Response.StatusCode = 200;
        http.Response.ContentType = "application/json";
        // Clients wait for the headers before they act (kubectl, informers): send them before the first event.
        await http.Response.StartAsync(ct);
        await http.Response.Body.FlushAsync(ct);
        var first = true;
        async Task SendAsync(string type, JsonObject obj)
        {
            var payload = table ? TableWriter.Build(resource.Resource, [obj], obj.ResourceVersion() ?? "", null, include, withColumns: first) : obj;
            first = false;
            await http.Response.WriteAsync(new JsonObject { ["type"] = type, ["object"] = payload }.ToJsonString() + "\n", timeout.Token);
            await http.Response.Body.FlushAsync(timeout.Token);
        }

        try
        {
            if (from == 0)
            {
                var snapshot = await objects.ListAsync(resource, ns, ListOptions.All, timeout.Token);
                foreach (var kv in snapshot.Items)
                {
                    var obj = ObjectStore.Decode(kv);
                    if (filter.Matches(obj)) await SendAsync("ADDED", obj);
                }
                from = snapshot.Revision;
            }
            await foreach (var e in objects.Store.WatchAsync(resource.Prefix(ns), from, timeout.Token))
            {
                if (e.Type == WatchEventType.Delete)
                {
                    var deleted = ObjectStore.Decode(e.PrevKv!, e.Revision);
                    if (filter.Matches(deleted)) await SendAsync("DELETED", deleted);
                    continue;
                }
                // As kube-apiserver does: an object that starts or stops matching the selectors is ADDED or DELETED for this watcher.
                var obj = ObjectStore.Decode(e.Kv);
                var matchedBefore = e.PrevKv is not null && filter.Matches(ObjectStore.Decode(e.PrevKv));
                var type = (matchedBefore, filter.Matches(obj)) switch
                {
                    (true, true) => "MODIFIED",
                    (false, true) => "ADDED",
                    (true, false) => "DELETED",
                    _ => null,
                };
                if (type is not null) await SendAsync(type, obj);
            }
        }
        catch (CompactedException e)
        {
            var status = ApiException.Expired($"too old resource version: {e.RequestedRevision} ({e.CompactedRevision})").ToStatus();
            await http.Response.WriteAsync(new JsonObject { ["type"] = "ERROR", ["object"] = status }.ToJsonString() + "\n", ct);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            logger.LogDebug("Watch of {Resource} in {Namespace} ended after timeoutSeconds={Seconds}", resource.Resource, ns ?? "(all)", seconds);
        }
    }
}
