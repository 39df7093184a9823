// The etcd backend of IKeyValueStore, over etcd's v3 JSON gateway (--datastore-endpoint http://127.0.0.1:2379).
// Conditional writes are etcd transactions on createRevision/modRevision, as the Kubernetes apiserver does them.
using System.Runtime.CompilerServices;
using System.Text;

namespace Berth.ApiServer.Storage.Etcd;

public sealed class EtcdStore(Uri endpoint, TimeSpan? requestTimeout = null) : IKeyValueStore
{
    static readonly byte[] AllKeys = [0];
    static EtcdJsonContext Json => EtcdJsonContext.Default;
    readonly EtcdGateway _gateway = new(endpoint, requestTimeout ?? TimeSpan.FromSeconds(30));

    public async Task<long> CurrentRevisionAsync(CancellationToken ct) =>
        (await RangeAsync(new RangeRequest(AllKeys, CountOnly: true), ct)).Header.Revision;

    public async Task<KeyValue?> GetAsync(string key, CancellationToken ct)
    {
        var response = await RangeAsync(new RangeRequest(Bytes(key)), ct);
        return response.Kvs is [var kv, ..] ? ToKeyValue(kv) : null;
    }

    public async Task<ListResult> ListAsync(string prefix, ListOptions options, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(options.Revision);
        var range = KeyRange.Prefix(prefix).StartingAt(options.Continue, prefix);
        var request = new RangeRequest(
            range.Start.Length > 0 ? range.Start : AllKeys,
            range.End ?? AllKeys,
            options.Limit > 0 ? options.Limit : null,
            options.Revision > 0 ? options.Revision : null);
        RangeResponse response;
        try
        {
            response = await RangeAsync(request, ct);
        }
        catch (EtcdException e) when (e.IsCompacted)
        {
            throw new CompactedException(options.Revision, await CompactRevisionAsync(ct));
        }
        catch (EtcdException e) when (e.IsFutureRevision)
        {
            throw new FutureRevisionException(options.Revision, await CurrentRevisionAsync(ct));
        }
        var items = (response.Kvs ?? []).Select(ToKeyValue).ToList();
        // etcd's header carries its current revision; a read at a past revision was served at that one.
        var revision = options.Revision > 0 ? options.Revision : response.Header.Revision;
        return new ListResult(items, revision, response.More && items.Count > 0 ? KeyRange.After(items[^1].Key) : null);
    }

    public async Task<KeyValue> CreateAsync(string key, byte[] value, CancellationToken ct)
    {
        var response = await TxnAsync(
            [new Compare("CREATE", "EQUAL", Bytes(key), CreateRevision: 0)],
            new RequestOp(RequestPut: new PutRequest(Bytes(key), value)),
            key, ct);
        if (!response.Succeeded) throw new KeyExistsException(Current(response, key) ?? throw Inconsistent(key));
        var revision = response.Header.Revision;
        return new KeyValue(key, value, revision, revision, 1);
    }

    public async Task<KeyValue> UpdateAsync(string key, byte[] value, long expectedModRevision, CancellationToken ct)
    {
        var response = await TxnAsync(
            IfUnchanged(key, expectedModRevision),
            new RequestOp(RequestPut: new PutRequest(Bytes(key), value, PrevKv: true)),
            key, ct);
        ThrowIfRefused(response, key, expectedModRevision);
        var previous = response.Responses?[0].ResponsePut?.PrevKv ?? throw Inconsistent(key);
        return new KeyValue(key, value, previous.CreateRevision, response.Header.Revision, previous.Version + 1);
    }

    public async Task<DeleteResult> DeleteAsync(string key, long expectedModRevision, CancellationToken ct)
    {
        var response = await TxnAsync(
            IfUnchanged(key, expectedModRevision),
            new RequestOp(RequestDeleteRange: new DeleteRangeRequest(Bytes(key), PrevKv: true)),
            key, ct);
        ThrowIfRefused(response, key, expectedModRevision);
        var previous = response.Responses?[0].ResponseDeleteRange?.PrevKvs is [var kv, ..] ? kv : throw Inconsistent(key);
        return new DeleteResult(response.Header.Revision, ToKeyValue(previous));
    }

    public async IAsyncEnumerable<WatchEvent> WatchAsync(string prefix, long fromRevision, [EnumeratorCancellation] CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fromRevision);
        var range = KeyRange.Prefix(prefix);
        // start_revision is inclusive. Starting at fromRevision itself (and dropping its own changes) makes etcd
        // refuse exactly when fromRevision is older than the compacted revision, as the SQLite store does.
        var request = new WatchRequest(new WatchCreateRequest(
            range.Start.Length > 0 ? range.Start : AllKeys, range.End ?? AllKeys, Math.Max(fromRevision, 1), PrevKv: true));
        await foreach (var response in _gateway.WatchAsync(request, ct))
        {
            if (response.Canceled)
            {
                if (response.CompactRevision > 0) throw new CompactedException(fromRevision, response.CompactRevision);
                throw new EtcdException("v3/watch", $"etcd cancelled the watch: {response.CancelReason}", 0);
            }
            foreach (var e in response.Events ?? [])
            {
                if (e.Kv.ModRevision > fromRevision) yield return ToWatchEvent(e);
            }
        }
        ct.ThrowIfCancellationRequested();
        throw new EtcdException("v3/watch", $"etcd at {_gateway.Endpoint} ended the watch stream", 14);
    }

    public async Task CompactAsync(long revision, CancellationToken ct)
    {
        try
        {
            // physical: answer once the history is really gone, not merely scheduled for removal.
            await _gateway.CallAsync("v3/kv/compaction", new CompactionRequest(revision, Physical: true), Json.CompactionRequest, Json.CompactionResponse, ct);
        }
        catch (EtcdException e) when (e.IsCompacted)
        {
            // Already compacted at or beyond it: nothing left to do.
        }
        catch (EtcdException e) when (e.IsFutureRevision)
        {
            throw new FutureRevisionException(revision, await CurrentRevisionAsync(ct));
        }
    }

    // etcd names the compacted revision only to a watch that starts before it, so ask one.
    async Task<long> CompactRevisionAsync(CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        await foreach (var response in _gateway.WatchAsync(new WatchRequest(new WatchCreateRequest(AllKeys, [1], 1, PrevKv: false)), timeout.Token))
        {
            if (response.Canceled) return response.CompactRevision;
        }
        return 0;
    }

    // Both compares: a missing key has modRevision 0, and "update if modRevision is 0" must not create it.
    static Compare[] IfUnchanged(string key, long expectedModRevision) =>
    [
        new Compare("CREATE", "GREATER", Bytes(key), CreateRevision: 0),
        new Compare("MOD", "EQUAL", Bytes(key), ModRevision: expectedModRevision),
    ];

    Task<TxnResponse> TxnAsync(Compare[] compare, RequestOp success, string key, CancellationToken ct) =>
        _gateway.CallAsync("v3/kv/txn",
            new TxnRequest(compare, [success], [new RequestOp(RequestRange: new RangeRequest(Bytes(key)))]),
            Json.TxnRequest, Json.TxnResponse, ct);

    Task<RangeResponse> RangeAsync(RangeRequest request, CancellationToken ct) =>
        _gateway.CallAsync("v3/kv/range", request, Json.RangeRequest, Json.RangeResponse, ct);

    static void ThrowIfRefused(TxnResponse response, string key, long expectedModRevision)
    {
        if (response.Succeeded) return;
        var current = Current(response, key) ?? throw new KeyMissingException(key);
        throw new RevisionConflictException(current, expectedModRevision);
    }

    /// <summary>The key's value that the failure branch read.</summary>
    static KeyValue? Current(TxnResponse response, string key) =>
        response.Responses?[0].ResponseRange?.Kvs is [var kv, ..] ? ToKeyValue(kv) : null;

    static EtcdException Inconsistent(string key) => new("v3/kv/txn", $"the transaction on \"{key}\" answered without the value it must carry", 0);

    static WatchEvent ToWatchEvent(MvccEvent e) => e.Type == "DELETE"
        ? new WatchEvent(WatchEventType.Delete, new KeyValue(Key(e.Kv), [], 0, e.Kv.ModRevision, 0), e.PrevKv is null ? null : ToKeyValue(e.PrevKv))
        : new WatchEvent(WatchEventType.Put, ToKeyValue(e.Kv), e.PrevKv is null ? null : ToKeyValue(e.PrevKv));

    static KeyValue ToKeyValue(MvccKeyValue kv) => new(Key(kv), kv.Value ?? [], kv.CreateRevision, kv.ModRevision, kv.Version);

    static string Key(MvccKeyValue kv) => Encoding.UTF8.GetString(kv.Key ?? []);

    static byte[] Bytes(string key) => Encoding.UTF8.GetBytes(key);

    public ValueTask DisposeAsync()
    {
        _gateway.Dispose();
        return ValueTask.CompletedTask;
    }
}
